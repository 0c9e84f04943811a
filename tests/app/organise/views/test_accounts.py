"""Admins manage accounts in the console: created normalised and hashed, audited, never their own demotion."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from app.extensions import db
from app.models import AuditEntry, Organiser
from tests.app.helpers.auth import (MISMATCH, NEW_PASSWORD, SELF_CHANGE, accounts, assert_signed_out, attempt, audit,
                                    notices)
from tests.app.helpers.forms import post_form, token_in
from tests.app.helpers.organise import PASSWORD, field_errors, make_organiser, signed_in


def change_account(client, organiser: Organiser, role: str, status: str):
    """Submit the row of ``organiser`` on the accounts page, with the field names the page renders."""
    prefix = f"a{organiser.id}-"
    html = client.get("/organise/accounts").get_data(as_text=True)
    assert f'name="{prefix}role"' in html and f'name="{prefix}status"' in html
    token = token_in(html, prefix)
    return client.post(f"/organise/accounts/{organiser.id}", data={
        f"{prefix}role": role, f"{prefix}status": status, f"{prefix}submit": "Save", f"{prefix}csrf_token": token})


def test_deactivating_an_account_ends_its_open_session(app, admin_client, clock):
    client = admin_client
    browser = app.test_client()
    editor = signed_in(browser)
    assert browser.get("/organise/").status_code == 200
    response = change_account(client, editor, "editor", "inactive")
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/accounts")
    assert notices(client.get("/organise/accounts").get_data(as_text=True)) == ["editor@example.org: saved."]
    assert accounts() == [("admin@example.org", "admin", True, 1), ("editor@example.org", "editor", False, 2)]
    assert audit() == [("changed", "organiser", "editor@example.org", {"active": ["True", "False"]},
                        "admin@example.org")]
    assert_signed_out(browser)
    assert field_errors(attempt(browser, "editor@example.org", PASSWORD).get_data(as_text=True)) == [MISMATCH]


@pytest.mark.parametrize("role, status", [("editor", "active"), ("admin", "inactive")])
def test_an_admin_cannot_demote_or_deactivate_themself(client, role, status):
    admin = signed_in(client, "admin")
    response = change_account(client, admin, role, status)
    page = client.get("/organise/accounts")
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/accounts")
    assert (page.status_code, notices(page.get_data(as_text=True))) == (200, [SELF_CHANGE])
    assert accounts() == [("admin@example.org", "admin", True, 1)]
    assert audit() == []


def test_an_admin_creates_an_account_normalised_hashed_and_audited(app, admin_client, clock):
    client = admin_client
    response = post_form(client, "/organise/accounts", {"email": " New.Person@Example.ORG ", "name": "New Person",
                                                        "role": "editor", "password": NEW_PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/accounts")
    assert notices(client.get("/organise/accounts").get_data(as_text=True)) == [
        "Account new.person@example.org created (editor)."]
    created = db.session.scalar(sa.select(Organiser).filter_by(email="new.person@example.org"))
    assert (created.name, created.role, created.active, created.last_sign_in_at) == ("New Person", "editor", True, None)
    assert created.password_hash.startswith("scrypt:") and NEW_PASSWORD not in created.password_hash
    assert check_password_hash(created.password_hash, NEW_PASSWORD)
    assert audit() == [("added", "organiser", "new.person@example.org", {"role": [None, "editor"]},
                        "admin@example.org")]
    assert db.session.scalar(sa.select(AuditEntry.at)) == clock()
    fresh = app.test_client()
    assert attempt(fresh, "new.person@example.org", NEW_PASSWORD).status_code == 303


def test_an_account_with_a_short_password_is_refused_beside_the_field(admin_client):
    client = admin_client
    response = post_form(client, "/organise/accounts", {"email": "new@example.org", "role": "editor",
                                                        "password": "elevenchars"})
    html = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error">\s*<label for="password".*?</div>', html, re.S)
    assert (response.status_code, field_errors(html)) == (400, ["Field must be between 12 and 200 characters long."])
    assert "Field must be between 12 and 200 characters long." in field.group(0)
    assert accounts() == [("admin@example.org", "admin", True, 1)]
    assert audit() == []


def test_an_account_for_an_existing_address_is_refused(admin_client):
    client = admin_client
    make_organiser()
    response = post_form(client, "/organise/accounts", {"email": "Editor@Example.org", "role": "admin",
                                                        "password": NEW_PASSWORD})
    assert (response.status_code, field_errors(response.get_data(as_text=True))) == (
        400, ["An account for editor@example.org already exists."])
    assert accounts() == [("admin@example.org", "admin", True, 1), ("editor@example.org", "editor", True, 1)]
    assert audit() == []
