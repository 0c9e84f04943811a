"""An organiser chooses the console's language on their own account page; console pages then
speak it, unless one request asks for another with ?lang=."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Organiser
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import field_errors, signed_in


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)" dir="([^"]+)"', page).group(1, 2)


def stored_language(email: str = "editor@example.org") -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(Organiser.language).where(Organiser.email == email))


def test_own_account_form_lists_the_five_languages_in_their_own_names(client):
    signed_in(client)
    page = client.get("/organise/account").get_data(as_text=True)
    assert re.findall(r'<option(?: selected)? value="([^"]+)">([^<]+)</option>', page) == [
        ("en", "English"), ("zh_Hans", "简体中文"), ("es", "Español"), ("fr", "Français"), ("ar", "العربية")]
    assert '<option selected value="en">English</option>' in page


def test_own_account_stores_the_language_chosen(client, clock):
    signed_in(client)
    response = post_form(client, "/organise/account", {"language": "fr", "submit": "Save"})
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/account")
    assert stored_language() == "fr"
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.key == "editor@example.org")).one()
    assert (entry.action, entry.kind, entry.changes, entry.actor) == (
        "changed", "organiser", {"language": ["en", "fr"]}, "editor@example.org")
    page = client.get("/organise/account").get_data(as_text=True)
    assert '<option selected value="fr">Français</option>' in page


def test_own_account_refuses_an_unknown_language_and_changes_nothing(client):
    signed_in(client)
    response = post_form(client, "/organise/account", {"language": "xx", "submit": "Save"})
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == ["Choose one of the languages listed."]
    assert stored_language() == "en"
    assert db.session.scalars(sa.select(AuditEntry).where(AuditEntry.key == "editor@example.org")).all() == []


def test_own_account_saving_the_same_language_changes_nothing(client):
    signed_in(client)
    response = post_form(client, "/organise/account", {"language": "en", "submit": "Save"})
    assert response.status_code == 303
    page = client.get("/organise/account").get_data(as_text=True)
    assert '<p class="notice" role="status">Nothing changed.</p>' in page
    assert db.session.scalars(sa.select(AuditEntry).where(AuditEntry.key == "editor@example.org")).all() == []


def test_console_page_speaks_the_organisers_language(client):
    organiser = signed_in(client)
    organiser.language = "fr"
    db.session.commit()
    assert html_lang(client.get("/organise/").get_data(as_text=True)) == ("fr", "ltr")


def test_console_page_speaks_arabic_right_to_left(client):
    organiser = signed_in(client)
    organiser.language = "ar"
    db.session.commit()
    assert html_lang(client.get("/organise/").get_data(as_text=True)) == ("ar", "rtl")


def test_console_page_with_lang_in_the_query_overrides_the_organisers_language(client):
    organiser = signed_in(client)
    organiser.language = "fr"
    db.session.commit()
    assert html_lang(client.get("/organise/?lang=es").get_data(as_text=True)) == ("es", "ltr")
    # The query chose for that request; the next console page is in the organiser's language again.
    assert html_lang(client.get("/organise/").get_data(as_text=True)) == ("fr", "ltr")


def test_console_language_beats_the_cookie_but_public_pages_keep_it(client):
    organiser = signed_in(client)
    organiser.language = "fr"
    db.session.commit()
    client.set_cookie("lang", "es")
    assert html_lang(client.get("/organise/").get_data(as_text=True)) == ("fr", "ltr")
    assert html_lang(client.get("/").get_data(as_text=True)) == ("es", "ltr")


def test_sign_in_page_without_an_account_follows_the_cookie(client):
    client.set_cookie("lang", "zh_Hans")
    assert html_lang(client.get("/organise/sign-in").get_data(as_text=True)) == ("zh-Hans", "ltr")
