"""Reminders: due exactly at start minus offset, once, in the registrant's zone, never stale."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Reminder
from app.outbox.delivery import message_id
from app.reminders.service import queue_due, reminder_key
from tests.app.helpers.forms import form_token
from tests.app.helpers.registration import confirm, deliver, html_of, link, submit, text_of
from tests.app.helpers.reminders import check_sample, outbox, reminders, seat, seminar

UTC = dt.timezone.utc
#: Seminar 1 (the demo's, built by the seminar_one fixture) starts Mon 6 Nov 2023 20:30 in Guangzhou (UTC+8).
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
LONG_AGO = dt.datetime(2023, 10, 30, 8, 0, tzinfo=UTC)


def test_a_reminder_is_due_exactly_at_start_minus_offset_and_queued_once(app, seminar_one, clock):
    app.config["REMINDER_STAGE_MINUTES"] = 0  # nothing staged ahead (tests/app/reminders/test_staging.py)
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=24, seconds=1)
    assert queue_due(clock()).queued == []
    clock.now = START - dt.timedelta(hours=24)
    assert queue_due(clock()).queued == [f"reminder:{registration.id}:1440:{int(START.timestamp())}"]
    assert queue_due(clock()).queued == []
    clock.now = START - dt.timedelta(minutes=60, seconds=1)
    assert queue_due(clock()).queued == []
    clock.now = START - dt.timedelta(minutes=60)
    assert queue_due(clock()).queued == [reminder_key(registration.id, 60, START)]
    assert reminders() == [("ana@example.org", 1440, "queued", ""), ("ana@example.org", 60, "queued", "")]
    assert outbox() == [("reminder", "ana@example.org", "pending"), ("reminder", "ana@example.org", "pending")]


def test_the_database_refuses_a_second_row_for_the_same_reminder(seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    values = dict(registration_id=registration.id, seminar_id=registration.seminar_id, offset_minutes=60,
                  starts_at=START, due_at=START - dt.timedelta(hours=1), status="queued")
    db.session.add(Reminder(**values))
    db.session.commit()
    db.session.add(Reminder(**values))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_due_times_are_elapsed_hours_across_a_dst_change_and_read_in_each_zone(seminar_one, clock, smtp):
    # Seminar 1 moved to Sunday 5 Nov 2023 12:30 UTC: New York left summer time at 06:00 UTC that day,
    # so "24 hours before" is 08:30 on the Saturday there (25 wall-clock hours earlier), not 07:30.
    one = seminar()
    one.starts_at, one.ends_at = START - dt.timedelta(days=1), START - dt.timedelta(days=1) + dt.timedelta(minutes=90)
    db.session.commit()
    start = one.starts_at
    for email, zone in [("ny@example.org", "America/New_York"), ("syd@example.org", "Australia/Sydney"),
                        ("gz@example.org", "Asia/Shanghai")]:
        seat(one, email, zone, confirmed_at=LONG_AGO)
    clock.now = start - dt.timedelta(hours=24)
    assert len(queue_due(clock()).queued) == 3
    due = set(db.session.scalars(sa.select(Reminder.due_at)))
    assert due == {dt.datetime(2023, 11, 4, 12, 30, tzinfo=UTC)}
    subjects = {m["To"]: m["Subject"] for m in deliver(clock, smtp)}
    title = "Making our cities and regions safe and resilient for all"
    assert subjects == {
        "ny@example.org": f"Reminder: {title}, Sun, 5 Nov 2023 07:30 Eastern Time",
        "syd@example.org": f"Reminder: {title}, Sun, 5 Nov 2023 23:30 Australian Eastern Time",
        "gz@example.org": f"Reminder: {title}, Sun, 5 Nov 2023 20:30 China Time",
    }


def test_reminder_email_has_both_zones_the_join_link_meeting_details_and_presenters(seminar_one, clock, smtp, client):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=1)
    queue_due(clock())
    [message] = deliver(clock, smtp)
    text = text_of(message)
    check_sample("reminder.txt", text)
    assert "  When:  Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n" \
           "         = Mon, 6 Nov 2023, 20:30–22:00 China Time (Asia/Shanghai, UTC+8)\n" in text
    assert f"  Join:  http://127.0.0.1:5000/join/{registration.join_token}\n" in text
    assert "  Zoom meeting ID: 823 1893 7943\n  Passcode: 807001\n" in text
    assert "  Cape Town, South Africa: Building resilient food systems\n" in text
    assert message["Subject"] == ("Reminder: Making our cities and regions safe and resilient for all, "
                                  "Mon, 6 Nov 2023 07:30 Colombia Time")
    assert message["Message-ID"] == message_id(reminder_key(registration.id, 60, START))
    stop = link(message, "/reminders/stop/")
    assert message["List-Unsubscribe"].strip() == f"<http://127.0.0.1:5000{stop}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = html_of(message)
    assert f'href="http://127.0.0.1:5000/join/{registration.join_token}"' in html
    assert "Seminar 1 starts in 1 hour" in html
    assert "<strong>Cape Town</strong>, South Africa: Building resilient food systems" in html
    assert client.get(f"/join/{registration.join_token}").headers["Location"] == "https://zoom.us/j/82318937943"


def test_a_late_registration_gets_no_stale_reminder(client, seminar_one, clock, smtp):
    clock.now = START - dt.timedelta(minutes=30)
    submit(client)
    confirm(client, link(deliver(clock, smtp)[0], "/register/confirm/"))
    [welcome] = deliver(clock, smtp)
    assert "  When:  Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n" in text_of(welcome)
    for minutes in (0, 1, 29):
        clock.now = START - dt.timedelta(minutes=30 - minutes)
        assert queue_due(clock()).queued == []
    assert reminders() == []


def test_after_downtime_only_the_latest_due_reminder_goes_and_the_rest_is_recorded(seminar_one, clock, smtp):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(minutes=30)  # the scheduler was down for a day
    report = queue_due(clock())
    assert len(report.queued) == 1
    assert reminders() == [("ana@example.org", 1440, "skipped", "superseded"), ("ana@example.org", 60, "queued", "")]
    [message] = deliver(clock, smtp)
    assert "Seminar 1 starts in 30 minutes." in text_of(message)


def test_reminders_that_would_arrive_after_the_start_are_skipped_and_recorded(seminar_one, clock, smtp):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START + dt.timedelta(minutes=5)
    assert queue_due(clock()).queued == []
    assert reminders() == [("ana@example.org", 1440, "skipped", "started"),
                           ("ana@example.org", 60, "skipped", "started")]
    assert outbox() == []


def test_offsets_are_those_the_seminar_sends_and_the_registrant_chose(seminar_one, clock):
    one = seminar()
    one.reminder_offsets = [180, 15]
    db.session.commit()
    seat(one, "both@example.org", offsets=[1440, 180, 15], confirmed_at=LONG_AGO)
    seat(one, "defaults@example.org", offsets=[1440, 60], confirmed_at=LONG_AGO)
    seat(one, "stopped@example.org", offsets=[], confirmed_at=LONG_AGO)
    for before in (1440, 180, 60, 15):
        clock.now = START - dt.timedelta(minutes=before)
        queue_due(clock())
    assert reminders() == [("both@example.org", 180, "queued", ""), ("both@example.org", 15, "queued", "")]


def test_only_confirmed_registrations_of_scheduled_seminars_get_reminders(seminar_one, make_seminar_two, clock):
    seat(seminar(), "waiting@example.org", confirmed_at=LONG_AGO, status="waitlisted")
    seat(seminar(), "pending@example.org", confirmed_at=LONG_AGO, status="pending")
    seat(seminar(), "gone@example.org", confirmed_at=LONG_AGO, status="cancelled")
    two = make_seminar_two(event=seminar_one.event, status="cancelled")
    seat(two, "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START + dt.timedelta(days=3)
    for before in range(0, 5 * 24 * 60, 30):
        clock.now = START + dt.timedelta(days=3) - dt.timedelta(minutes=before)
        queue_due(clock())
    assert reminders() == []


def test_the_registration_form_offers_the_reminders_open_seminars_send(client, seminar_one, make_seminar_two, clock):
    make_seminar_two(event=seminar_one.event)  # the 24-hour and 1-hour reminders
    one = seminar()
    one.reminder_offsets = [10080, 60]
    db.session.commit()
    html = client.get("/p/award-2023/register").get_data(as_text=True)
    labels = [label for label in ("1 week before", "24 hours before", "3 hours before", "1 hour before",
                                  "15 minutes before") if label in html]
    assert labels == ["1 week before", "24 hours before", "1 hour before"]


def test_queued_reminders_are_withdrawn_when_the_registration_is_cancelled(client, seminar_one, clock, smtp):
    submit(client)
    confirm(client, link(deliver(clock, smtp)[0], "/register/confirm/"))
    manage = link(deliver(clock, smtp)[0], "/manage/")
    clock.now = START - dt.timedelta(hours=1)
    assert len(queue_due(clock()).queued) == 1
    client.post(f"{manage}/cancel", data={"csrf_token": form_token(client, manage)})
    assert [(k, s) for k, _, s in outbox()][-2:] == [("reminder", "withdrawn"), ("cancelled", "pending")]
    assert [m["Subject"] for m in deliver(clock, smtp)] == ["Your registration is cancelled"]


def test_an_outbox_message_may_be_withdrawn(app):
    from app.outbox.enqueue import enqueue

    enqueue("x:1", "a@example.org", "S", "T")
    db.session.commit()
    db.session.execute(sa.update(OutboxMessage).values(status="withdrawn"))
    db.session.commit()
    assert db.session.scalar(sa.select(OutboxMessage.status)) == "withdrawn"


def test_a_subject_with_non_ascii_characters_arrives_intact(seminar_one, clock, smtp):
    one = seminar()
    one.title = "Ciudades seguras: São Paulo y 广州"
    db.session.commit()
    seat(one, "ana@example.org", "America/Sao_Paulo", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=1)
    queue_due(clock())
    [message] = deliver(clock, smtp)
    assert message["Subject"] == "Reminder: Ciudades seguras: São Paulo y 广州, Mon, 6 Nov 2023 09:30 Brasilia Time"


def test_reminders_ticked_after_their_time_are_not_sent_late(client, seminar_one, clock, smtp):
    registration = seat(seminar(), "ana@example.org", offsets=[60], confirmed_at=LONG_AGO)
    manage = f"/manage/{registration.registrant.manage_token}"
    clock.now = START - dt.timedelta(hours=2)
    client.post(f"{manage}/settings", data={"csrf_token": form_token(client, manage),
                                            "settings-timezone": "America/Bogota",
                                            "settings-reminders": ["1440", "60"]})
    assert queue_due(clock()).queued == []  # "24 hours before" was 22 hours ago
    clock.now = START - dt.timedelta(hours=1)
    assert queue_due(clock()).queued == [reminder_key(registration.id, 60, START)]
