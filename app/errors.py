"""Error pages: a clear message and a way back, never a stack trace."""
from __future__ import annotations

import re

from flask import Flask, abort, render_template, request
from werkzeug.exceptions import HTTPException

#: No page has a control character in its address; PostgreSQL refuses a NUL in any text it is given.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

TITLES = {400: "That request could not be understood", 404: "Page not found",
          405: "Method not allowed", 413: "Too much data", 429: "Too many requests",
          500: "Something went wrong"}


def register(app: Flask) -> None:
    @app.before_request
    def refuse_control_characters():
        if _CONTROL.search(request.path):
            abort(404, description="There is no page at this address.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title = TITLES.get(code, error.name)
        message = error.description
        if code == 429:  # Flask-Limiter's description is the limit itself ("5 per 1 hour")
            message = (f"Too many attempts from here or for this address (at most {error.description}). "
                       "Please wait a while, then try again.")
        return render_template("errors/error.html", code=code, title=title, message=message), code
