"""Security headers: every response carries the policy; token pages and the console are private."""
from __future__ import annotations


import pytest

import config
from app import create_app
from app.extensions import db
from app.models import FeedToken
from app.security_headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY
from tests.conftest import SEMINAR_TWO_DETAILS
from tests.app.helpers.organise import signed_in
from tests.app.helpers.reminders import seat, seminar

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
PERMISSIONS = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
               "payment=(), usb=()")
COMMON = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
          "Permissions-Policy": PERMISSIONS}


@pytest.fixture()
def rows(make_seminar_two, make_vote_event):
    """Seminar 2 (Tue 7 Nov 2023, 19:30 in Asia/Shanghai, its Zoom meeting) and the vote, which the pages below name."""
    make_vote_event()
    return make_seminar_two(**{k: v for k, v in SEMINAR_TWO_DETAILS.items() if k != "theme"})


def security(response) -> dict:
    names = (*COMMON, "Referrer-Policy", "Cache-Control", "Strict-Transport-Security")
    return {name: response.headers.get(name) for name in names}


def test_the_policy_constants_are_the_documented_ones():
    assert (CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY) == (CSP, PERMISSIONS)


@pytest.mark.parametrize(("path", "status"), [("/", 200), ("/p/award-2023/", 200),
                                              ("/p/award-2023/seminars/seminar-2", 200),
                                              ("/p/award-2023/register", 200), ("/p/award-2023/vote", 302),
                                              ("/no-such-page", 404), ("/static/site.css", 200)])
def test_public_responses_carry_the_policy_and_stay_cacheable(client, rows, path, status):
    response = client.get(path)
    assert response.status_code == status
    headers = security(response)
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Strict-Transport-Security"] is None  # development: no HSTS
    assert "no-store" not in (headers["Cache-Control"] or "")
    assert {name: headers[name] for name in COMMON} == COMMON


def test_a_public_feed_keeps_its_caching(client, rows):
    response = client.get("/calendars/programme.ics")
    assert (response.headers["Cache-Control"], response.headers["Referrer-Policy"]) == (
        "max-age=300, public", "strict-origin-when-cross-origin")


def test_token_pages_send_no_referrer_and_are_never_stored(client, rows, clock):
    registration = seat(seminar("seminar-2"), "ana@example.org", confirmed_at=clock())
    token = registration.registrant.manage_token
    pages = {f"/manage/{token}": 200, f"/join/{registration.join_token}": 302,
             "/register/confirm/forged": 400, "/vote/confirm/forged": 400, "/reminders/stop/forged": 404}
    for path, status in pages.items():
        response = client.get(path)
        assert response.status_code == status, path
        assert (response.headers["Referrer-Policy"], response.headers["Cache-Control"]) == (
            "no-referrer", "no-store"), path
        assert response.headers["Content-Security-Policy"] == CSP
    # A personal feed holds a token too: no referrer, but it keeps its private caching for calendar apps.
    feed = FeedToken(registrant=registration.registrant)
    db.session.add(feed)
    db.session.commit()
    response = client.get(f"/calendars/personal/{feed.token}.ics")
    assert (response.status_code, response.headers["Referrer-Policy"], response.headers["Cache-Control"]) == (
        200, "no-referrer", "max-age=300, private")


def test_console_pages_and_sign_in_are_never_stored(client, rows):
    assert client.get("/organise/sign-in").headers["Cache-Control"] == "no-store"
    signed_in(client)
    for path in ("/organise/", "/organise/p/award-2023/", "/organise/p/award-2023/seminars/seminar-2",
                 "/organise/p/award-2023/programme.yaml"):
        response = client.get(path)
        assert (response.status_code, response.headers["Cache-Control"],
                response.headers["Referrer-Policy"]) == (200, "no-store", "strict-origin-when-cross-origin"), path


def test_production_sends_hsts_unless_the_site_is_plain_http(database_url, tmp_path):
    app = create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI=database_url, PRODUCTION=True,
                                       BASE_URL="https://seminars.example.org"))
    response = app.test_client().get("/timezone", base_url="https://seminars.example.org")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    intranet = create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI=database_url, PRODUCTION=True,
                                            BASE_URL="http://seminars.intranet"))
    assert "Strict-Transport-Security" not in intranet.test_client().get("/timezone").headers
