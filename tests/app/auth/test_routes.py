"""Organisers sign in safely (no open redirect, rate-limited), sign out, and admins and the CLI manage accounts."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from app.extensions import db
from app.models import AuditEntry, Organiser
from tests.app.helpers.forms import form_token, post_form, token_in
from tests.app.helpers.organise import PASSWORD, field_errors, make_organiser, sign_in, signed_in

MISMATCH = "That email and password do not match an active account."
TOO_MANY = "Too many attempts from here or for this address (at most {}). Please wait a while, then try again."
SELF_CHANGE = "You cannot demote or deactivate your own account: ask another admin."
NEW_PASSWORD = "a brand new long password"


def attempt(client, email: str, password: str, **kwargs):
    """One sign-in POST with the page's token (``query_string``, ``environ_base`` pass through)."""
    token = form_token(client, "/organise/sign-in")
    return client.post("/organise/sign-in", data={"email": email, "password": password, "csrf_token": token},
                       **kwargs)


def session_user(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def notices(html: str) -> list[str]:
    return re.findall(r'<p class="(?:notice|flash)[^"]*" role="status">([^<]+)</p>', html)


def lead(response) -> str:
    return re.search(r'<p class="lead">([^<]*)</p>', response.get_data(as_text=True)).group(1)


def assert_signed_out(client) -> None:
    response = client.get("/organise/")
    assert (response.status_code, response.headers["Location"]) == (302, "/organise/sign-in?next=%2Forganise%2F")


def accounts() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(sa.select(Organiser.email, Organiser.role, Organiser.active, Organiser.session_version)
                              .order_by(Organiser.email)).all()


def audit() -> list[tuple]:
    return db.session.execute(sa.select(AuditEntry.action, AuditEntry.kind, AuditEntry.key, AuditEntry.changes,
                                        AuditEntry.actor).order_by(AuditEntry.id)).all()


# --- signing in ----------------------------------------------------------------------------------

def test_sign_in_lands_on_the_console_with_a_protected_cookie(client, clock):
    editor = make_organiser()
    response = sign_in(client)
    cookie = client.get_cookie("session")
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/")
    assert (cookie.http_only, cookie.same_site, cookie.path) == (True, "Lax", "/")
    assert "; HttpOnly;" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    assert session_user(client) == f"{editor.id}:1"
    db.session.refresh(editor)
    assert editor.last_sign_in_at == clock()
    page = client.get("/organise/")
    assert (page.status_code, 'editor@example.org <span class="badge">editor</span>' in page.get_data(as_text=True)) \
        == (200, True)


@pytest.mark.parametrize("target", ["/organise/audit", "/organise/seminars/seminar-2/registrants?status=confirmed"])
def test_sign_in_follows_a_next_path_inside_the_console(client, target):
    make_organiser()
    response = attempt(client, "editor@example.org", PASSWORD, query_string={"next": target})
    assert (response.status_code, response.headers["Location"]) == (303, target)


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example", "/programme", "/organise\\evil",
    "/organise/../programme", "/organise/%2e%2e/programme",
], ids=["absolute", "scheme-relative", "outside", "backslash", "dot-segments", "encoded-dot-segments"])
# A line break in ``next`` is refused before the view: tests/app/test_hostile_input.py.
def test_sign_in_never_redirects_outside_the_console(client, target):
    make_organiser()
    response = attempt(client, "editor@example.org", PASSWORD, query_string={"next": target})
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/")


def test_an_open_session_visiting_sign_in_goes_to_the_console(client):
    signed_in(client)
    response = client.get("/organise/sign-in", query_string={"next": "https://evil.example/"})
    assert (response.status_code, response.headers["Location"]) == (302, "/organise/")


@pytest.mark.parametrize("email, password, active", [
    ("editor@example.org", "not the right password", True),
    ("nobody@example.org", PASSWORD, True),
    ("editor@example.org", PASSWORD, False),
], ids=["wrong-password", "unknown-address", "deactivated"])
def test_a_refused_sign_in_says_the_same_whatever_the_reason(client, email, password, active):
    editor = make_organiser()
    editor.active = active
    db.session.commit()
    response = attempt(client, email, password)
    assert (response.status_code, field_errors(response.get_data(as_text=True))) == (200, [MISMATCH])
    assert session_user(client) is None
    assert_signed_out(client)
    db.session.refresh(editor)
    assert editor.last_sign_in_at is None


# --- rate limits (Flask-Limiter counts in real time; the app fixture resets it) -----------------

def test_the_eleventh_attempt_in_a_minute_from_one_client_gets_429(client):
    make_organiser()
    codes = [attempt(client, f"guess{n}@example.org", "not the right password").status_code for n in range(10)]
    blocked = attempt(client, "editor@example.org", PASSWORD)  # even the right password, now
    assert codes == [200] * 10
    assert (blocked.status_code, lead(blocked)) == (429, TOO_MANY.format("10 per 1 minute"))
    assert session_user(client) is None


def test_the_eleventh_attempt_for_one_address_gets_429_from_any_client(client):
    make_organiser()
    make_organiser("admin@example.org", "admin")
    codes = [attempt(client, "Editor@Example.org", "not the right password",
                     environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code for n in range(10)]
    blocked = attempt(client, "editor@example.org", PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    other = attempt(client, "admin@example.org", PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert codes == [200] * 10
    assert (blocked.status_code, lead(blocked)) == (429, TOO_MANY.format("10 per 1 hour"))
    assert (other.status_code, other.headers["Location"]) == (303, "/organise/")  # another account is not locked


# --- signing out and ending sessions ------------------------------------------------------------

def test_sign_out_is_a_post_with_its_token_then_the_console_asks_to_sign_in(client):
    editor = signed_in(client)
    token = form_token(client, "/organise/")
    assert client.get("/organise/sign-out").status_code == 405
    refused = client.post("/organise/sign-out")
    assert (refused.status_code, lead(refused)) == (400, "The CSRF token is missing.")
    assert session_user(client) == f"{editor.id}:1"  # still signed in
    response = client.post("/organise/sign-out", data={"csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/sign-in")
    assert notices(client.get("/organise/sign-in").get_data(as_text=True)) == ["You are signed out."]
    assert session_user(client) is None
    assert_signed_out(client)


def test_a_session_cookie_copied_before_sign_out_is_refused_after_it(app, client):
    editor = signed_in(client)
    copied = client.get_cookie("session").value
    client.post("/organise/sign-out", data={"csrf_token": form_token(client, "/organise/")})
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert_signed_out(thief)
    assert accounts() == [("editor@example.org", "editor", True, 2)]
    # Signing in again works, with the new version in the cookie.
    assert sign_in(client).status_code == 303 and session_user(client) == f"{editor.id}:2"


def test_a_console_session_ends_after_the_idle_period(app, client, clock):
    signed_in(client)
    copied = client.get_cookie("session").value
    clock.advance(hours=7, minutes=59)
    assert client.get("/organise/").status_code == 200  # idle for 7 h 59 min: still signed in, renewed
    clock.advance(hours=7, minutes=59)
    assert client.get("/organise/").status_code == 200
    assert client.get_cookie("session").expires is None  # a browser-session cookie, not a lasting one
    thief = app.test_client()
    thief.set_cookie("session", copied)  # its last-seen time is the sign-in's: 15 h 58 min ago
    assert_signed_out(thief)
    clock.advance(hours=8, seconds=1)
    assert_signed_out(client)


def test_a_visitors_form_outlives_the_console_idle_period(app, client, clock, demo):
    """The idle limit is the console's: a public form's session keeps Flask's own lifetime."""
    from tests.app.helpers.registration import FORM

    token = form_token(client, "/register")
    assert app.permanent_session_lifetime == dt.timedelta(days=31)
    clock.advance(hours=9)
    response = client.post("/register", data={**FORM, "csrf_token": token})
    assert response.status_code == 303


def change_account(client, organiser: Organiser, role: str, status: str):
    """Submit the row of ``organiser`` on the accounts page, with the field names the page renders."""
    prefix = f"a{organiser.id}-"
    html = client.get("/organise/accounts").get_data(as_text=True)
    assert f'name="{prefix}role"' in html and f'name="{prefix}status"' in html
    token = token_in(html, prefix)
    return client.post(f"/organise/accounts/{organiser.id}", data={
        f"{prefix}role": role, f"{prefix}status": status, f"{prefix}submit": "Save", f"{prefix}csrf_token": token})


def test_deactivating_an_account_ends_its_open_session(app, client, clock):
    browser = app.test_client()
    editor = signed_in(browser)
    assert browser.get("/organise/").status_code == 200
    signed_in(client, "admin")
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


# --- creating accounts on the accounts page -----------------------------------------------------

def test_an_admin_creates_an_account_normalised_hashed_and_audited(app, client, clock):
    signed_in(client, "admin")
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


def test_an_account_with_a_short_password_is_refused_beside_the_field(client):
    signed_in(client, "admin")
    response = post_form(client, "/organise/accounts", {"email": "new@example.org", "role": "editor",
                                                        "password": "elevenchars"})
    html = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error">\s*<label for="password".*?</div>', html, re.S)
    assert (response.status_code, field_errors(html)) == (400, ["Field must be between 12 and 200 characters long."])
    assert "Field must be between 12 and 200 characters long." in field.group(0)
    assert accounts() == [("admin@example.org", "admin", True, 1)]
    assert audit() == []


def test_an_account_for_an_existing_address_is_refused(client):
    make_organiser()
    signed_in(client, "admin")
    response = post_form(client, "/organise/accounts", {"email": "Editor@Example.org", "role": "admin",
                                                        "password": NEW_PASSWORD})
    assert (response.status_code, field_errors(response.get_data(as_text=True))) == (
        400, ["An account for editor@example.org already exists."])
    assert accounts() == [("admin@example.org", "admin", True, 1), ("editor@example.org", "editor", True, 1)]
    assert audit() == []


# --- the `organisers` command -------------------------------------------------------------------

def organisers(app, *args: str, password: str | None = None):
    """Run ``flask organisers ARGS``, typing ``password`` at both prompts."""
    typed = f"{password}\n{password}\n" if password is not None else None
    return app.test_cli_runner().invoke(args=["organisers", *args], input=typed)


def test_cli_creates_an_account_after_asking_the_password_twice(app):
    result = organisers(app, "create", "New@Example.org", "--role", "editor", password=NEW_PASSWORD)
    assert (result.exit_code, result.output) == (0, "Password: \nRepeat for confirmation: \n"
                                                    "Created editor account new@example.org. "
                                                    "Sign in at /organise/sign-in.\n")
    created = db.session.scalar(sa.select(Organiser).filter_by(email="new@example.org"))
    assert (created.role, created.session_version) == ("editor", 1)
    assert check_password_hash(created.password_hash, NEW_PASSWORD)


def test_cli_refuses_a_duplicate_address_or_a_short_password(app):
    make_organiser("new@example.org")
    duplicate = organisers(app, "create", "NEW@example.org", "--role", "editor", password=NEW_PASSWORD)
    short = organisers(app, "create", "other@example.org", password="elevenchars")
    assert (duplicate.exit_code, duplicate.output.splitlines()[-1]) == (
        1, "Error: An account for new@example.org already exists.")
    assert (short.exit_code, short.output.splitlines()[-1]) == (
        1, "Error: The password must have at least 12 characters.")
    assert accounts() == [("new@example.org", "editor", True, 1)]


def test_cli_set_password_ends_open_sessions(app, client):
    editor = signed_in(client)
    result = organisers(app, "set-password", "Editor@Example.org", password=NEW_PASSWORD)
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0, "New password set for editor@example.org; its other sessions are signed out.")
    db.session.refresh(editor)
    assert editor.session_version == 2 and check_password_hash(editor.password_hash, NEW_PASSWORD)
    assert_signed_out(client)
    assert field_errors(attempt(client, "editor@example.org", PASSWORD).get_data(as_text=True)) == [MISMATCH]
    assert attempt(client, "editor@example.org", NEW_PASSWORD).status_code == 303


def test_cli_set_password_refuses_an_unknown_address_or_a_short_password(app):
    make_organiser()
    unknown = organisers(app, "set-password", "nobody@example.org", password=NEW_PASSWORD)
    short = organisers(app, "set-password", "editor@example.org", password="elevenchars")
    assert (unknown.exit_code, unknown.output.splitlines()[-1]) == (1, "Error: No account for nobody@example.org.")
    assert (short.exit_code, short.output.splitlines()[-1]) == (
        1, "Error: The password must have at least 12 characters.")
    assert accounts() == [("editor@example.org", "editor", True, 1)]


def test_cli_lists_accounts_with_role_and_status(app):
    make_organiser("admin@example.org", "admin")
    make_organiser().active = False
    db.session.commit()
    result = organisers(app, "list")
    assert (result.exit_code, result.output) == (0, "admin@example.org\tadmin\tactive\n"
                                                    "editor@example.org\teditor\tdeactivated\n")
