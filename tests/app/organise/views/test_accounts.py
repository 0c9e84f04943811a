"""Admins manage accounts in the console: created normalised and hashed, audited, never their own demotion."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from app.extensions import db
from app.models import AuditEntry, Organiser, Programme
from tests.app.helpers.auth import (MISMATCH, NEW_PASSWORD, SELF_CHANGE, accounts, assert_signed_out, attempt, audit,
                                    notices)
from tests.app.helpers.forms import post_form, token_in
from tests.app.helpers.organise import PASSWORD, field_errors, make_organiser, sign_in, signed_in

A, B = "/organise/p/award-2023/", "/organise/p/board-meeting-2012/"


def grants() -> list[tuple]:
    """(action, account, programme, summary, by) of the audited grants, oldest first."""
    return db.session.execute(sa.select(AuditEntry.action, AuditEntry.key, AuditEntry.programme, AuditEntry.summary,
                                        AuditEntry.actor).where(AuditEntry.action.in_(["granted", "revoked"]))
                              .order_by(AuditEntry.id)).all()


def signed_in_as(client, organiser: Organiser) -> None:
    assert sign_in(client, organiser.email).status_code == 303


def ticked(html: str, prefix: str) -> list[str]:
    """The programme ids whose boxes are ticked in a row of the accounts page."""
    return re.findall(rf'name="{prefix}programmes" value="(\d+)" checked', html)


def change_account(client, organiser: Organiser, role: str, status: str, programmes: list[str] | None = None):
    """Submit the row of ``organiser`` on the accounts page, with the field names the page renders
    (and its ticked programmes unless ``programmes`` ticks others)."""
    prefix = f"a{organiser.id}-"
    html = client.get("/organise/accounts").get_data(as_text=True)
    assert f'name="{prefix}role"' in html and f'name="{prefix}status"' in html
    token = token_in(html, prefix)
    return client.post(f"/organise/accounts/{organiser.id}", data={
        f"{prefix}role": role, f"{prefix}status": status, f"{prefix}submit": "Save", f"{prefix}csrf_token": token,
        f"{prefix}programmes": ticked(html, prefix) if programmes is None else programmes})


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


def test_an_admin_ticks_the_programmes_an_editor_edits_audited_per_programme(app, admin_client, make_organiser,
                                                                             make_programme):
    client = admin_client
    editor = make_organiser()  # an editor of the 2023 cycle
    board = make_programme(slug="board-meeting-2012", title="Board meeting 2012", first_day=dt.date(2012, 11, 14),
                           last_day=dt.date(2012, 11, 17), serves_old_urls=False)
    browser = app.test_client()
    signed_in_as(browser, editor)
    assert [browser.get(url).status_code for url in (A, B)] == [200, 403]
    prefix = f"a{editor.id}-"
    award = db.session.scalar(sa.select(Programme.id).filter_by(slug="award-2023"))
    assert ticked(client.get("/organise/accounts").get_data(as_text=True), prefix) == [str(award)]
    response = change_account(client, editor, "editor", "active", programmes=[str(board.id)])
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/accounts")
    page = client.get("/organise/accounts").get_data(as_text=True)
    assert (notices(page), ticked(page, prefix)) == (["editor@example.org: saved."], [str(board.id)])
    assert grants() == [
        ("revoked", "editor@example.org", "award-2023", "may no longer edit this programme", "admin@example.org"),
        ("granted", "editor@example.org", "board-meeting-2012", "may edit this programme", "admin@example.org")]
    assert [browser.get(url).status_code for url in (A, B)] == [403, 200]
    assert change_account(client, editor, "editor", "active").status_code == 303  # the same boxes again
    assert notices(client.get("/organise/accounts").get_data(as_text=True)) == ["Nothing changed."]
    assert len(grants()) == 2


def test_an_account_created_with_programmes_edits_them(app, admin_client, make_programme):
    client = admin_client
    programme = make_programme()
    response = post_form(client, "/organise/accounts", {"email": "new@example.org", "role": "editor",
                                                        "password": NEW_PASSWORD, "programmes": [str(programme.id)]})
    assert response.status_code == 303
    assert grants() == [("granted", "new@example.org", "award-2023", "may edit this programme", "admin@example.org")]
    browser = app.test_client()
    assert attempt(browser, "new@example.org", NEW_PASSWORD).status_code == 303
    assert browser.get(A).status_code == 200
