"""Absolute links for feeds and emails, built from BASE_URL whether or not a request is running
(the scheduler's jobs have none)."""
from __future__ import annotations

from flask import current_app

from app import languages
from app.i18n import current


def absolute_url(endpoint: str, **values) -> str:
    adapter = current_app.url_map.bind("localhost", url_scheme="http")
    return current_app.config["BASE_URL"] + adapter.build(endpoint, values)


def page_url(endpoint: str, **values) -> str:
    """``absolute_url`` of a page a person opens from an email or a feed, in the language in force
    (a recipient's, forced by ``app.mail.in_language``): ``?lang=es`` opens it in Spanish whatever
    the browser says. English links carry no ``lang``, as before there were languages."""
    language = current()
    if language.code != languages.DEFAULT:
        values["lang"] = language.tag
    return absolute_url(endpoint, **values)
