"""Rate-limit keys shared by the forms that send mail or check a password: per email address,
whoever submits it (the per-client limit uses Flask-Limiter's default key)."""
from __future__ import annotations

from collections.abc import Callable

from flask import request

from app.addresses import normalise_email


def address_key(prefix: str) -> Callable[[], str]:
    """A key function naming the normalised address a form submits (``prefix:ana@example.org``)."""

    def key() -> str:
        try:
            return f"{prefix}:" + normalise_email(request.form.get("email", ""))
        except ValueError:
            return f"{prefix}:invalid"

    return key


def invalid_address(key: Callable[[], str]) -> Callable[[], bool]:
    """For ``exempt_when``: an invalid address is limited per client only (the form refuses it and
    no mail goes out)."""
    return lambda: key().endswith(":invalid")
