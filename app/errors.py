"""Error pages: a clear message and a way back, never a stack trace."""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

import redis.exceptions
from flask import Flask, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from app import text

TITLES = {400: _l("That request could not be understood"), 404: _l("Page not found"),
          405: _l("Method not allowed"), 413: _l("Too much data"), 429: _l("Too many requests"),
          500: _l("Something went wrong"), 503: _l("Briefly unavailable")}
#: Werkzeug's own words for an error raised without a description, in the reader's language.
DEFAULT_MESSAGES = {
    400: _l("The browser (or proxy) sent a request that this server could not understand."),
    404: _l("The requested URL was not found on the server. If you entered the URL manually please check your "
            "spelling and try again."),
    405: _l("The method is not allowed for the requested URL."),
    413: _l("The data value transmitted exceeds the capacity limit."),
    500: _l("The server encountered an internal error and was unable to complete your request. Either the server "
            "is overloaded or there is an error in the application."),
    503: _l("The server is temporarily unable to service your request due to maintenance downtime or capacity "
            "problems. Please try again later."),
}


def register(app: Flask) -> None:
    @app.before_request
    def refuse_hostile_addresses():
        """The text rule (app/text.py) on the address, before any view reads it: no page has a
        refused character in its path (404), and no query string may carry one (400)."""
        if not text.is_clean(request.path):
            abort(404, description=_("There is no page at this address."))
        if problem := query_problem():
            abort(400, description=problem)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title = str(TITLES.get(code, error.name))
        message = error.description
        if code in DEFAULT_MESSAGES and message == type(error).description:
            message = str(DEFAULT_MESSAGES[code])
        if code == 429:  # Flask-Limiter's description is the limit itself ("5 per 1 hour")
            message = _("Too many attempts from here or for this address (at most %(limit)s). "
                        "Please wait a while, then try again.", limit=error.description)
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(redis.exceptions.RedisError)
    def shared_storage_down(error: redis.exceptions.RedisError):
        """Rate limits are counted in Redis: while it does not answer, forms wait rather than go
        unlimited (fail closed), and the visitor reads why."""
        app.logger.error("Redis (rate limits) did not answer: %s", error)
        return http_error(ServiceUnavailable(_("The service is briefly unavailable. Nothing was recorded; "
                                               "please try again in a minute.")))


def query_problem() -> str | None:
    """What is wrong with the query string, for the reader of a 400 page; None when nothing is."""
    try:
        unquote_to_bytes(request.query_string.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return _("The query string of the address is not valid UTF-8 text. Check the link, or type the address again.")
    for key, value in request.args.items(multi=True):
        if found := text.refused(key):
            return _("A parameter name in the query string of the address holds an invisible or control character "
                     "(%(code)s). Check the link, or type the address again.", code=found.code)
        if found := text.refused(value):
            name = key if len(key) <= 40 else key[:40] + "…"
            if found.line_break:
                return _("The parameter “%(name)s” in the address holds a line break at position %(position)s. "
                         "Check the link, or type the address again.", name=name, position=found.position)
            return _("The parameter “%(name)s” in the address holds an invisible or control character (%(code)s) "
                     "at position %(position)s. Check the link, or type the address again.",
                     name=name, code=found.code, position=found.position)
    return None
