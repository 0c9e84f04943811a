"""A vote keeps the language of the page it was cast on (its emails are written in it), on SQLite
and PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot
from tests.app.helpers.forms import form_token
from tests.app.helpers.vote import DURING, PAGE


@pytest.fixture()
def voting(shortlist, clock):
    clock.now = DURING
    return shortlist


def cast_from(client, page: str, city: str = "kazan"):
    token = form_token(client, page)
    return client.post(page, data={"email": "ana@example.org", "city": city, "csrf_token": token})


def ballot_languages() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Ballot.language).order_by(Ballot.id)))


def test_vote_keeps_the_language_of_the_spanish_page(client, voting):
    assert cast_from(client, f"{PAGE}?lang=es").status_code == 303
    assert ballot_languages() == ["es"]


def test_vote_keeps_the_language_of_the_chinese_page(client, voting):
    cast_from(client, f"{PAGE}?lang=zh-Hans")
    assert ballot_languages() == ["zh_Hans"]


def test_vote_with_an_unknown_lang_keeps_english_not_the_unknown_value(client, voting):
    cast_from(client, f"{PAGE}?lang=xx")
    assert ballot_languages() == ["en"]


def test_vote_asked_again_within_ten_minutes_takes_the_new_pages_language(client, voting):
    cast_from(client, f"{PAGE}?lang=fr")
    cast_from(client, f"{PAGE}?lang=ar")
    assert ballot_languages() == ["ar"]  # the same request reused (one link), in the newer language


def test_vote_for_another_city_keeps_each_requests_language(client, voting):
    cast_from(client, f"{PAGE}?lang=fr")
    cast_from(client, f"{PAGE}?lang=es", city="bogota")
    assert ballot_languages() == ["fr", "es"]
