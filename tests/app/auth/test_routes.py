"""Organisers sign in safely (no open redirect, rate-limited), sign out, and sessions end when they should."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from app.extensions import db
from tests.app.helpers.auth import (MISMATCH, accounts, assert_signed_out, attempt, notices, session_user)
from tests.app.helpers.forms import form_token
from tests.app.helpers.organise import PASSWORD, field_errors, make_organiser, sign_in, signed_in

TOO_MANY = "Too many attempts from here or for this address (at most {}). Please wait a while, then try again."


def lead(response) -> str:
    return re.search(r'<p class="lead">([^<]*)</p>', response.get_data(as_text=True)).group(1)


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


def test_a_visitors_form_outlives_the_console_idle_period(app, client, clock, seminar_one):
    """The idle limit is the console's: a public form's session keeps Flask's own lifetime."""
    from tests.app.helpers.registration import FORM, PAGE

    token = form_token(client, PAGE)
    assert app.permanent_session_lifetime == dt.timedelta(days=31)
    clock.advance(hours=9)
    response = client.post(PAGE, data={**FORM, "csrf_token": token})
    assert response.status_code == 303


# --- creating accounts on the accounts page -----------------------------------------------------


# --- the `organisers` command -------------------------------------------------------------------
