"""Links in emails and feeds open the page in the reader's language; English links are unchanged."""
from __future__ import annotations

from app.mail import in_language
from app.urls import absolute_url, page_url


def test_page_url_carries_the_language_in_force_except_english(app):
    with in_language("zh_Hans"):
        assert page_url("registration.manage", token="T") == "http://127.0.0.1:5000/manage/T?lang=zh-Hans"
    with in_language("en"):
        assert page_url("registration.manage", token="T") == "http://127.0.0.1:5000/manage/T"


def test_page_url_keeps_other_query_arguments(app):
    with in_language("ar"):
        assert page_url("programme.programme", programme="award-2023", tz="Asia/Dubai") == \
            "http://127.0.0.1:5000/p/award-2023/?tz=Asia/Dubai&lang=ar"


def test_absolute_url_never_carries_a_language(app):
    with in_language("es"):
        assert absolute_url("feeds.personal", token="T") == "http://127.0.0.1:5000/calendars/personal/T.ics"
