"""Absolute links for feeds and emails, built from BASE_URL whether or not a request is running
(the scheduler's jobs have none)."""
from __future__ import annotations

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    adapter = current_app.url_map.bind("localhost", url_scheme="http")
    return current_app.config["BASE_URL"] + adapter.build(endpoint, values)
