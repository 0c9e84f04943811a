"""Composing in a recipient's language, whatever the request (or none) says."""
from __future__ import annotations

from app.i18n import cldr, current_code
from app.mail import in_language


def test_in_language_forces_the_recipients_locale_outside_a_request(app):
    with in_language("zh_Hans") as language:
        assert (language.code, cldr(), current_code()) == ("zh_Hans", "zh_Hans", "zh_Hans")
    assert cldr() == "en_001"


def test_in_language_overrides_the_requests_language_and_gives_it_back(app):
    with app.test_request_context("/?lang=fr"):
        assert cldr() == "fr"
        with in_language("ar"):
            assert cldr() == "ar"
        assert cldr() == "fr"


def test_in_language_writes_english_for_an_unknown_or_missing_code(app):
    for code in ("xx", "", None):
        with app.test_request_context("/?lang=es"), in_language(code) as language:
            assert (language.code, cldr()) == ("en", "en_001")
