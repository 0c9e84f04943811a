"""Signed links (itsdangerous): the secret in a confirmation or stop link names rows by id.

A timed link carries the instant it was issued by the app's clock (``CLOCK``), so its expiry
follows the same clock as everything else.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


class BadLink(Exception):
    """Changed, cut, or not one of ours."""


class ExpiredLink(Exception):
    """Signed by us, but older than it may be."""


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def sign(salt: str, data) -> str:
    return _serializer(salt).dumps(data)


def sign_timed(salt: str, data: dict, now: dt.datetime) -> str:
    return sign(salt, {**data, "t": int(now.timestamp())})


def read(salt: str, token: str):
    """What ``sign`` signed; BadLink otherwise."""
    try:
        return _serializer(salt).loads(token)
    except BadSignature:
        raise BadLink() from None


def read_timed(salt: str, token: str, now: dt.datetime, max_age: dt.timedelta) -> dict:
    """What ``sign_timed`` signed; BadLink, or ExpiredLink when issued more than ``max_age`` ago."""
    data = read(salt, token)
    if not isinstance(data, dict) or type(data.get("t")) is not int:
        raise BadLink()
    if now.timestamp() - data["t"] > max_age.total_seconds():
        raise ExpiredLink()
    return data


def row_id(value) -> int:
    """``value`` as a row id: an int within an INTEGER column's range (not a bool); BadLink otherwise."""
    if type(value) is not int or not 0 < value < 2**31:
        raise BadLink()
    return value
