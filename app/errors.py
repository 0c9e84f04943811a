"""Error pages: a clear message and a way back, never a stack trace."""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

import redis.exceptions
from flask import Flask, abort, render_template, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from app import text

TITLES = {400: "That request could not be understood", 404: "Page not found",
          405: "Method not allowed", 413: "Too much data", 429: "Too many requests",
          500: "Something went wrong", 503: "Briefly unavailable"}


def register(app: Flask) -> None:
    @app.before_request
    def refuse_hostile_addresses():
        """The text rule (app/text.py) on the address, before any view reads it: no page has a
        refused character in its path (404), and no query string may carry one (400)."""
        if not text.is_clean(request.path):
            abort(404, description="There is no page at this address.")
        if problem := query_problem():
            abort(400, description=problem)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title = TITLES.get(code, error.name)
        message = error.description
        if code == 429:  # Flask-Limiter's description is the limit itself ("5 per 1 hour")
            message = (f"Too many attempts from here or for this address (at most {error.description}). "
                       "Please wait a while, then try again.")
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(redis.exceptions.RedisError)
    def shared_storage_down(error: redis.exceptions.RedisError):
        """Rate limits are counted in Redis: while it does not answer, forms wait rather than go
        unlimited (fail closed), and the visitor reads why."""
        app.logger.error("Redis (rate limits) did not answer: %s", error)
        return http_error(ServiceUnavailable("The service is briefly unavailable. Nothing was recorded; "
                                             "please try again in a minute."))


def query_problem() -> str | None:
    """What is wrong with the query string, for the reader of a 400 page; None when nothing is."""
    try:
        unquote_to_bytes(request.query_string.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return "The query string of the address is not valid UTF-8 text. Check the link, or type the address again."
    for key, value in request.args.items(multi=True):
        if found := text.refused(key):
            return (f"A parameter name in the query string of the address holds an invisible or control character "
                    f"({found.code}). Check the link, or type the address again.")
        if found := text.refused(value):
            kind = "a line break" if found.line_break else f"an invisible or control character ({found.code})"
            name = key if len(key) <= 40 else key[:40] + "…"
            return (f"The parameter “{name}” in the address holds {kind} at position {found.position}. "
                    "Check the link, or type the address again.")
    return None
