"""Error pages: a clear message and a way back, never a stack trace."""
from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

TITLES = {400: "That request could not be understood", 404: "Page not found",
          405: "Method not allowed", 413: "Too much data", 429: "Too many requests",
          500: "Something went wrong"}


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title = TITLES.get(code, error.name)
        message = error.description
        if code == 429:  # Flask-Limiter's description is the limit itself ("5 per 1 hour")
            message = (f"Too many attempts from here or for this address (at most {error.description}). "
                       "Please wait a while, then try again.")
        return render_template("errors/error.html", code=code, title=title, message=message), code
