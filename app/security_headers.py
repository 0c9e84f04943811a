"""Security headers on every response, set in one after_request hook.

Not Flask-Talisman: 1.1.0 keeps the app on the extension, sets one Referrer-Policy for the whole
site, believes any X-Forwarded-Proto header, and its force_https rewrites SESSION_COOKIE_SECURE;
the policy here is a few constant strings.
"""
from __future__ import annotations

from flask import Flask, Response, request

#: No inline script or style anywhere: scripts and stylesheets come from /static only.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
                           "object-src 'none'")
#: A caught mail's HTML part (app/devmail), framed by the mail page: no script, no fetch, an opaque origin.
FRAMED_MAIL_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
                      "base-uri 'none'; form-action 'none'; sandbox")
#: The one endpoint a page of this site frames.
FRAMED_MAIL_ENDPOINT = "devmail.html_part"
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=()")
HSTS = "max-age=31536000; includeSubDomains"
#: Blueprints whose every response is private to one signed-in organiser.
CONSOLE_BLUEPRINTS = frozenset({"organise", "auth"})


def configure_security_headers(app: Flask) -> None:
    hsts = app.config["PRODUCTION"] and app.config["BASE_URL"].startswith("https:")

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        if request.endpoint == FRAMED_MAIL_ENDPOINT:
            headers["Content-Security-Policy"] = FRAMED_MAIL_POLICY
            headers["X-Frame-Options"] = "SAMEORIGIN"
        if hsts:
            headers["Strict-Transport-Security"] = HSTS
        if _holds_a_token():
            # The address is the key: never sent on to another site, never kept by a cache. A
            # calendar feed keeps its own caching (clients poll it with ETags).
            headers["Referrer-Policy"] = "no-referrer"
            if response.mimetype != "text/calendar":
                headers["Cache-Control"] = "no-store"
        elif request.blueprint in CONSOLE_BLUEPRINTS:
            headers["Cache-Control"] = "no-store"
        return response


def _holds_a_token() -> bool:
    rule = request.url_rule
    return rule is not None and "token" in rule.arguments
