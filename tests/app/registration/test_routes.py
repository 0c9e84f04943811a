"""Registration against a real SMTP server on loopback, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.extensions import db
from app.models import FeedToken, OutboxMessage, Registrant, Registration, Seminar
from tests.app.helpers.forms import form_token
from tests.app.helpers.pages import error_page
from tests.app.helpers.registration import FORM, PAGE, confirm, deliver, html_of, link, submit, text_of

UTC = dt.timezone.utc


def statuses() -> dict[tuple[str, str], str]:
    rows = db.session.execute(sa.select(Registrant.email, Seminar.slug, Registration.status)
                              .join(Registration.registrant).join(Registration.seminar))
    return {(email, slug): status for email, slug, status in rows}


def test_register_confirm_and_welcome_in_the_registrants_zone(client, demo, smtp, clock):
    response = submit(client, seminars=["seminar-1", "seminar-4"])
    assert (response.status_code, response.headers["Location"]) == (303, "/register/sent")
    assert statuses() == {("ana@example.org", "seminar-1"): "pending", ("ana@example.org", "seminar-4"): "pending"}
    [mail] = deliver(clock, smtp)
    assert (mail["To"], mail["Subject"]) == (
        "ana@example.org", "Please confirm your registration for the Guangzhou Award seminars")
    body = text_of(mail)
    assert ("Seminar 1: Making our cities and regions safe and resilient for all\n"
            "  When:  Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n"
            "         = Mon, 6 Nov 2023, 20:30–22:00 China Time (Asia/Shanghai, UTC+8)\n") in body
    assert "807001" not in body and "823 1893 7943" not in body

    confirm_path = link(mail, "/register/confirm/")
    page = client.get(confirm_path)  # what a mail scanner does: nothing is confirmed
    assert page.status_code == 200 and "Confirm my registration" in page.get_data(as_text=True)
    assert set(statuses().values()) == {"pending"}
    done = confirm(client, confirm_path)
    assert "<h1>You're registered</h1>" in done.get_data(as_text=True)
    assert set(statuses().values()) == {"confirmed"}

    [welcome] = deliver(clock, smtp)
    assert welcome["Subject"] == "You're registered: Seminar 1, Mon, 6 Nov 2023 07:30 Colombia Time"
    text = text_of(welcome)
    registration = db.session.scalar(sa.select(Registration).join(Seminar).where(Seminar.slug == "seminar-1"))
    feed = db.session.scalar(sa.select(FeedToken))
    person = db.session.scalar(sa.select(Registrant))
    assert ("Seminar 1: Making our cities and regions safe and resilient for all\n"
            "  When:  Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n"
            "         = Mon, 6 Nov 2023, 20:30–22:00 China Time (Asia/Shanghai, UTC+8)\n"
            f"  Join:  http://127.0.0.1:5000/join/{registration.join_token}\n"
            "  Zoom meeting ID: 823 1893 7943\n"
            "  Passcode: 807001\n") in text
    assert ("Seminar 4: Towards a systems approach to urban governance\n"
            "  When:  Thu, 9 Nov 2023, 08:00–09:30 Colombia Time") in text
    assert f"http://127.0.0.1:5000/calendars/personal/{feed.token}.ics" in text
    assert f"http://127.0.0.1:5000/manage/{person.manage_token}" in text
    assert "CST" not in text
    html = html_of(welcome)
    assert "<strong>Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)</strong>" in html
    assert "Passcode: <strong>807001</strong>" in html

    parts = [p for p in welcome.walk() if p.get_content_type() == "text/calendar"]
    assert [p.get_param("method") for p in parts] == ["REQUEST", "REQUEST"]
    invite = Calendar.from_ical(parts[0].get_content())
    assert str(invite["METHOD"]) == "REQUEST"
    events = invite.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["seminar-seminar-1@127.0.0.1", "seminar-seminar-4@127.0.0.1"]
    assert str(events[0]["ORGANIZER"]) == "mailto:seminars@example.org"
    assert str(events[0]["ATTENDEE"]) == "mailto:ana@example.org"
    assert events[0]["DTSTART"].to_ical() == b"20231106T073000"
    assert events[0]["DTSTART"].params["TZID"] == "America/Bogota"


def test_the_same_page_whether_or_not_the_address_registered(client, demo, smtp):
    first = submit(client)
    second = submit(client, name="Someone else", email="ANA@example.org", timezone="Asia/Tokyo")
    stranger = submit(client, email="new@example.org")
    assert {(r.status_code, r.headers["Location"]) for r in (first, second, stranger)} == {(303, "/register/sent")}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 2
    ana = db.session.scalar(sa.select(Registrant).filter_by(email="ana@example.org"))
    assert (ana.name, ana.timezone) == ("Ana María", "America/Bogota")  # a stranger cannot change them


def test_resubmitting_resends_the_right_email_at_most_once_per_window(client, demo, smtp, clock):
    submit(client)
    submit(client)
    assert [m["Subject"] for m in deliver(clock, smtp)] == [
        "Please confirm your registration for the Guangzhou Award seminars"]
    clock.advance(minutes=10)
    submit(client)
    [again] = deliver(clock, smtp)
    confirm(client, link(again, "/register/confirm/"))
    deliver(clock, smtp)
    clock.advance(minutes=10)
    submit(client)
    [already] = deliver(clock, smtp)
    assert already["Subject"] == "You are already registered for the Guangzhou Award seminars"
    assert "  Status: confirmed" in text_of(already)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"email": "ana@@example"}, "email", "That email address is not valid"),
    ({"email": ""}, "email", "Please give your email address."),
    ({"name": "Ana\r\nBcc: victim@example.org"}, "name",
     "Remove the line break at position 4: this field takes a single line."),
    ({"name": "Ana \u202egnp.exe"}, "name", "Remove the invisible or control character at position 5 (U+202E)."),
    ({"email": "josé@exämple.com"}, "email", "That email address is not valid"),
    ({"name": "A" * 121}, "name", "Field cannot be longer than 120 characters."),
    ({"organisation": "Org\nX-Header: y"}, "organisation",
     "Remove the line break at position 4: this field takes a single line."),
    ({"timezone": "Mars/Olympus"}, "timezone", "“Mars/Olympus” is not a time zone we know."),
    ({"seminars": None}, "seminars", "Please tick at least one seminar."),
    ({"seminars": ["seminar-9"]}, "seminars", "One of the seminars you ticked no longer exists."),
    ({"consent": None}, "consent", "We can only register you if we may email you."),
    ({"reminders": ["5"]}, "reminders", "Please choose among the reminders offered."),
])
def test_bad_input_gets_a_message_and_stores_nothing(client, demo, smtp, clock, changes, field, message):
    response = submit(client, **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registrant)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_started_or_cancelled_seminar_takes_no_registration(client, demo, smtp, clock):
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-2")).status = "cancelled"
    db.session.commit()
    clock.now = dt.datetime(2023, 11, 6, 13, 0, tzinfo=UTC)  # Seminar 1 is running
    for slug, message in (("seminar-1", "Seminar 1 has already started; registration is closed."),
                          ("seminar-2", "Seminar 2 has been cancelled.")):
        response = submit(client, seminars=[slug])
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="seminar-1"' not in page and 'value="seminar-2"' not in page and 'value="seminar-3"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_a_tampered_or_expired_link_is_refused(client, demo, smtp, clock):
    submit(client)
    [mail] = deliver(clock, smtp)
    path = link(mail, "/register/confirm/")
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "This confirmation link is not valid: it may have been cut or changed." in response.get_data(as_text=True)
    clock.advance(hours=72, seconds=1)
    response = client.get(path)
    assert response.status_code == 400
    assert "This confirmation link has expired (links work for 3 days)." in response.get_data(as_text=True)
    assert set(statuses().values()) == {"pending"}


def test_a_post_without_csrf_token_is_refused(client, demo):
    response = client.post(PAGE, data={k: v for k, v in FORM.items()})
    assert response.status_code == 400 and "The CSRF token is missing." in response.get_data(as_text=True)


def test_a_body_over_the_limit_is_a_413(client, demo):
    before = statuses()
    response = client.post(PAGE, data={"name": "x" * 70_000})
    assert error_page(response) == (413, "Too much data", "The data value transmitted exceeds the capacity limit.")
    assert statuses() == before


def test_too_many_submissions_for_one_address_get_429(client, demo, smtp, app):
    app.config["REGISTRATION_ADDRESS_LIMIT"] = "3 per hour"
    responses = [submit(client) for _ in range(4)]
    assert [r.status_code for r in responses] == [303, 303, 303, 429]
    assert ("Too many attempts from here or for this address (at most 3 per 1 hour). "
            "Please wait a while, then try again.") in responses[-1].get_data(as_text=True)


def test_invalid_addresses_do_not_share_one_limit(client, demo, smtp, app):
    app.config["REGISTRATION_ADDRESS_LIMIT"] = "3 per hour"
    codes = [submit(client, email=f"user{n}-at-example.com").status_code for n in range(5)]
    assert codes == [400, 400, 400, 400, 400]


def test_capacity_waitlist_and_promotion(client, demo, smtp, clock):
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1")).capacity = 2
    db.session.commit()
    links = {}
    for who in ("a", "b", "c"):
        submit(client, email=f"{who}@example.org")
        [mail] = deliver(clock, smtp)
        links[who] = link(mail, "/register/confirm/")
    for who in ("a", "b", "c"):
        confirm(client, links[who])
    assert {email: s for (email, _), s in statuses().items()} == {
        "a@example.org": "confirmed", "b@example.org": "confirmed", "c@example.org": "waitlisted"}
    mails = {m["To"]: m for m in deliver(clock, smtp)}
    assert mails["c@example.org"]["Subject"] == "You're on the waiting list for the Guangzhou Award seminars"
    assert "807001" not in text_of(mails["c@example.org"])
    b = db.session.scalar(sa.select(Registrant).filter_by(email="b@example.org"))
    token = form_token(client, f"/manage/{b.manage_token}")
    registration = b.registrations[0]
    client.post(f"/manage/{b.manage_token}/drop/{registration.id}", data={"csrf_token": token})
    assert {email: s for (email, _), s in statuses().items()} == {
        "a@example.org": "confirmed", "b@example.org": "cancelled", "c@example.org": "confirmed"}
    sent = {m["To"]: m for m in deliver(clock, smtp)}
    assert sent["c@example.org"]["Subject"] == "A seat is yours: Seminar 1, Mon, 6 Nov 2023 07:30 Colombia Time"
    assert "Passcode: 807001" in text_of(sent["c@example.org"])
    assert sent["b@example.org"]["Subject"] == "Your registration is cancelled"
    [cancel_part] = [p for p in sent["b@example.org"].walk() if p.get_filename() == "invite.ics"]
    assert (cancel_part.get_param("method"), cancel_part.get_content_charset()) == ("CANCEL", "utf-8")
    cancel_ics = cancel_part.get_content().replace("\r\n ", "")
    assert "STATUS:CANCELLED" in cancel_ics and "807001" not in cancel_ics
    assert "SUMMARY:Registration cancelled: Seminar 1: Making our cities" in cancel_ics
    assert "the seminar itself takes place as planned" in cancel_ics


def confirmed_registrant(client, clock, smtp, **changes) -> Registrant:
    submit(client, **changes)
    [mail] = deliver(clock, smtp)
    confirm(client, link(mail, "/register/confirm/"))
    deliver(clock, smtp)
    return db.session.scalar(sa.select(Registrant).filter_by(email=(changes.get("email") or "ana@example.org").lower()))


def test_join_link_follows_the_current_meeting_url_and_stops_after_cancel(client, demo, smtp, clock):
    person = confirmed_registrant(client, clock, smtp)
    registration = person.registrations[0]
    response = client.get(f"/join/{registration.join_token}")
    assert (response.status_code, response.headers["Location"]) == (302, "https://zoom.us/j/82318937943")
    registration.seminar.join_url = "https://zoom.us/j/99999999999"
    db.session.commit()
    assert client.get(f"/join/{registration.join_token}").headers["Location"] == "https://zoom.us/j/99999999999"
    token = form_token(client, f"/manage/{person.manage_token}")
    client.post(f"/manage/{person.manage_token}/cancel", data={"csrf_token": token})
    gone = client.get(f"/join/{registration.join_token}")
    assert gone.status_code == 410 and "Your registration for this seminar is not active" in gone.get_data(as_text=True)
    assert client.get("/join/not-a-token").status_code == 404


def test_manage_changes_zone_reminders_and_feed_link(client, demo, smtp, clock):
    person = confirmed_registrant(client, clock, smtp)
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert "Mon, 6 Nov 2023" in page and "07:30–09:00" in page and "Colombia Time" in page
    token = form_token(client, f"/manage/{person.manage_token}")
    response = client.post(f"/manage/{person.manage_token}/settings", data={
        "csrf_token": token, "settings-timezone": "Asia/Kolkata", "settings-reminders": ["60"]})
    assert response.status_code == 303
    db.session.refresh(person)
    assert (person.timezone, person.reminder_offsets) == ("Asia/Kolkata", [60])
    assert "18:00–19:30" in client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    old = db.session.scalar(sa.select(FeedToken.token))
    client.post(f"/manage/{person.manage_token}/new-feed-link", data={"csrf_token": token})
    assert client.get(f"/calendars/personal/{old}.ics").status_code == 404
    new = db.session.scalar(sa.select(FeedToken.token).where(FeedToken.revoked_at.is_(None)))
    assert b"DTSTART;TZID=Asia/Kolkata:20231106T180000" in client.get(f"/calendars/personal/{new}.ics").get_data()
    bad = client.post(f"/manage/{person.manage_token}/settings",
                      data={"csrf_token": token, "settings-timezone": "Nope/Nope"})
    assert bad.status_code == 400 and "“Nope/Nope” is not a time zone we know." in bad.get_data(as_text=True)


def test_manage_adds_seminars_directly(client, demo, smtp, clock):
    person = confirmed_registrant(client, clock, smtp)
    token = form_token(client, f"/manage/{person.manage_token}")
    client.post(f"/manage/{person.manage_token}/add", data={"csrf_token": token, "add-seminars": ["seminar-3"]})
    assert statuses()[("ana@example.org", "seminar-3")] == "confirmed"
    [mail] = deliver(clock, smtp)
    assert mail["Subject"] == "You're registered: Seminar 3, Wed, 8 Nov 2023 07:30 Colombia Time"


def test_an_unknown_manage_link_is_a_404(client, demo):
    response = client.get("/manage/nope")
    assert response.status_code == 404 and "This manage link is not valid." in response.get_data(as_text=True)


def test_a_dropped_seat_after_the_start_is_refused_and_never_promoted(client, demo, smtp, clock):
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1")).capacity = 1
    db.session.commit()
    first = confirmed_registrant(client, clock, smtp, email="first@example.org")
    confirmed_registrant(client, clock, smtp, email="second@example.org")
    assert statuses()[("second@example.org", "seminar-1")] == "waitlisted"
    clock.now = dt.datetime(2023, 11, 6, 13, 0, tzinfo=UTC)
    token = form_token(client, f"/manage/{first.manage_token}")
    refused = client.post(f"/manage/{first.manage_token}/drop/{first.registrations[0].id}", data={"csrf_token": token})
    assert refused.status_code == 400
    assert "Seminar 1 has already started; it can no longer be dropped." in refused.get_data(as_text=True)
    client.post(f"/manage/{first.manage_token}/cancel", data={"csrf_token": token})
    assert statuses()[("second@example.org", "seminar-1")] == "waitlisted"
    assert [m["Subject"] for m in deliver(clock, smtp)] == ["Your registration is cancelled"]


def test_a_registration_id_out_of_range_is_a_404(client, demo, smtp, clock):
    person = confirmed_registrant(client, clock, smtp)
    token = form_token(client, f"/manage/{person.manage_token}")
    before = statuses()
    response = client.post(f"/manage/{person.manage_token}/drop/99999999999999999999999", data={"csrf_token": token})
    assert error_page(response) == (404, "Page not found", "You have no such registration.")
    assert statuses() == before


def test_adding_a_seminar_that_is_not_open_is_refused(client, demo, smtp, clock):
    person = confirmed_registrant(client, clock, smtp)
    token = form_token(client, f"/manage/{person.manage_token}")
    response = client.post(f"/manage/{person.manage_token}/add", data={"csrf_token": token, "add-seminars": ["nope"]})
    assert response.status_code == 400
    assert "One of the seminars you ticked is not open for registration." in response.get_data(as_text=True)


def test_posix_style_zone_names_become_iana_cities(client, demo, smtp, clock):
    submit(client, timezone="CST6CDT")
    assert db.session.scalar(sa.select(Registrant.timezone)) == "America/Chicago"
    assert "CST" not in text_of(deliver(clock, smtp)[0])
