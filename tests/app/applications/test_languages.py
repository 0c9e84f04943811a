"""An applicant (a registrant) keeps the language of the application page, on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Registrant
from tests.app.helpers.applications import FORM, TOUR
from tests.app.helpers.forms import form_token


def apply_from(client, query: str):
    data = {**FORM, "csrf_token": form_token(client, "/organise/sign-in")}
    return client.post(f"{TOUR}/apply{query}", data=data)


def language() -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(Registrant.language).where(Registrant.email == "ana@example.org"))


def test_application_keeps_the_language_of_the_spanish_page(client, tours):
    response = apply_from(client, "?lang=es")
    assert (response.status_code, response.headers["Location"]) == (303, f"{TOUR}/apply/sent")
    assert language() == "es"


def test_application_keeps_the_language_of_the_chinese_page(client, tours):
    apply_from(client, "?lang=zh-Hans")
    assert language() == "zh_Hans"


def test_application_with_an_unknown_lang_keeps_english_not_the_unknown_value(client, tours):
    apply_from(client, "?lang=xx")
    assert language() == "en"


def test_application_again_from_another_language_page_changes_the_language(client, tours):
    apply_from(client, "")
    assert language() == "en"
    apply_from(client, "?lang=fr")
    assert language() == "fr"
