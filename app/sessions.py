"""The session cookie only where a request uses it.

A response that never read the session (a calendar feed, a static file) neither varies on Cookie
nor re-signs the cookie, so a shared cache may store it and never hands one visitor's session to
another. Since Flask 3.1.3 every read of the session, even ``key in session``, counts as use.
"""
from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import LoginManager as BaseLoginManager


class LoginManager(BaseLoginManager):
    """Flask-Login without its remember-me cookie, which sign-in never sets (console sessions end
    after CONSOLE_IDLE_MINUTES; a remember cookie would outlive them). Flask-Login checks for that
    cookie's flag in the session after every request, and that read alone marked every response
    as depending on the session cookie."""

    def _update_remember_cookie(self, response):
        return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, re-signed at each request (the console's idle timeout) only
    by requests that read it: fetching a feed in an organiser's browser is no console activity, and
    a Set-Cookie on a ``Cache-Control: public`` feed would put the session in shared caches."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        return session.modified or (session.accessed and super().should_set_cookie(app, session))
