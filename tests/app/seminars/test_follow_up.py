"""An organiser moves or cancels a seminar: one email each, calendars updated, reminders follow."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Reminder
from app.reminders.service import queue_due
from tests.app.helpers.registration import deliver, html_of, text_of
from tests.app.helpers.reminders import check_sample, outbox, reminders, seat, seminar
from tests.app.helpers.seminars import LONG_AGO, NEW_START, START, cancel, ics_of, move
from tests.icaljs import read_with_icaljs

UTC = dt.timezone.utc


def test_moving_sends_one_update_with_a_higher_sequence_in_each_zone(seminar_one, clock, smtp):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    seat(seminar(), "ravi@example.org", "Asia/Kolkata", confirmed_at=LONG_AGO, name="Ravi")
    before = seminar().sequence
    report = move(clock)
    assert (report.told, report.withdrawn) == (2, 0)
    sent = {m["To"]: m for m in deliver(clock, smtp)}
    assert sent["ana@example.org"]["Subject"] == "New time: Seminar 1 is now Tue, 7 Nov 2023 08:30 Colombia Time"
    assert sent["ravi@example.org"]["Subject"] == "New time: Seminar 1 is now Tue, 7 Nov 2023 19:00 India Time"
    text = text_of(sent["ana@example.org"])
    check_sample("moved.txt", text)
    assert "Was:     Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n" \
           "Now:     Tue, 7 Nov 2023, 08:30–10:00 Colombia Time (America/Bogota, UTC-5)\n" in text
    assert "= Tue, 7 Nov 2023, 21:30–23:00 China Time (Asia/Shanghai, UTC+8)" in text
    ics = ics_of(sent["ana@example.org"])
    assert "METHOD:REQUEST\n" in ics
    assert "UID:seminar-seminar-1@127.0.0.1\n" in ics
    assert f"SEQUENCE:{before + 1}\n" in ics
    assert "DTSTART;TZID=America/Bogota:20231107T083000\n" in ics
    reading = read_with_icaljs(ics.encode())
    [event] = reading["events"]
    assert (event["uid"], event["sequence"], event["start"]) == (
        "seminar-seminar-1@127.0.0.1", before + 1, "2023-11-07T13:30:00.000Z")
    assert deliver(clock, smtp) == []  # one email each, not more


def test_reminders_follow_the_new_time_and_a_queued_one_is_withdrawn(seminar_one, clock, smtp):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=24)
    queue_due(clock())  # the 24-hour reminder for the old time is queued, not yet sent
    clock.advance(minutes=10)
    report = move(clock)
    assert report.withdrawn == 1
    assert [(k, s) for k, _, s in outbox()] == [("reminder", "withdrawn"), ("moved", "pending")]
    clock.now = START - dt.timedelta(hours=1)
    assert queue_due(clock()).queued == []  # the old time's 1-hour reminder is not due any more
    clock.now = NEW_START - dt.timedelta(hours=24)
    assert len(queue_due(clock()).queued) == 1
    clock.now = NEW_START - dt.timedelta(hours=1)
    assert len(queue_due(clock()).queued) == 1
    starts = set(db.session.scalars(sa.select(Reminder.starts_at).where(Reminder.status == "queued")))
    assert starts == {START, NEW_START}
    subjects = [m["Subject"] for m in deliver(clock, smtp)]
    reminder = "Reminder: Making our cities and regions safe and resilient for all, Tue, 7 Nov 2023 08:30 Colombia Time"
    assert subjects == ["New time: Seminar 1 is now Tue, 7 Nov 2023 08:30 Colombia Time", reminder, reminder]


def test_a_move_at_short_notice_sends_no_reminder_that_fell_due_before_it(seminar_one, clock, smtp):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=3)
    move(clock, start=START + dt.timedelta(hours=2), end=START + dt.timedelta(hours=3))
    clock.advance(minutes=1)
    assert queue_due(clock()).queued == []  # "24 h before the new time" was before the move
    clock.now = START + dt.timedelta(hours=1)
    assert len(queue_due(clock()).queued) == 1
    assert reminders() == [("ana@example.org", 60, "queued", "")]


def test_waitlisted_registrants_hear_of_the_move_without_an_invitation(seminar_one, clock, smtp):
    seat(seminar(), "wait@example.org", confirmed_at=LONG_AGO, status="waitlisted", name="Wei")
    seat(seminar(), "pending@example.org", confirmed_at=LONG_AGO, status="pending")
    move(clock)
    [message] = deliver(clock, smtp)
    assert message["To"] == "wait@example.org"
    assert [p.get_filename() for p in message.walk() if p.get_filename()] == []
    assert "You are still on the waiting list; we email you if a seat frees up." in text_of(message)
    assert "Join:" not in text_of(message)


def test_cancelling_sends_one_cancel_invitation_and_stops_reminders(seminar_one, clock, smtp):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=24)
    queue_due(clock())
    before = seminar().sequence
    report = cancel(seminar(), clock(), note="The speakers cannot travel.\nWe hope to see you at Seminar 2.")
    assert (report.told, report.withdrawn) == (1, 1)
    [message] = deliver(clock, smtp)
    assert message["Subject"] == "Cancelled: Seminar 1: Making our cities and regions safe and resilient for all"
    text = text_of(message)
    check_sample("seminar_cancelled.txt", text)
    assert "A word from the organisers:\nThe speakers cannot travel.\nWe hope to see you at Seminar 2.\n" in text
    ics = ics_of(message)
    assert "METHOD:CANCEL\n" in ics and "STATUS:CANCELLED\n" in ics
    assert f"SEQUENCE:{before + 1}\n" in ics and "UID:seminar-seminar-1@127.0.0.1\n" in ics
    assert "we are sorry: this seminar will not take place.</p>" in html_of(message)
    clock.now = START - dt.timedelta(hours=1)
    assert queue_due(clock()).queued == []
    assert cancel(seminar(), clock()).told == 0  # cancelling twice tells nobody twice
    assert deliver(clock, smtp) == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_cancellation_waits_for_a_reminder_run_and_withdraws_what_it_queued(app, seminar_one, clock, smtp):
    import threading

    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    seminar_id = registration.seminar_id
    # Another scheduler's reminder run, half-way through a chunk: the seminar share-locked, a
    # reminder and its email written, not yet committed.
    other = db.engine.connect()
    transaction = other.begin()
    other.execute(sa.text("SELECT id FROM seminars WHERE id = :id FOR SHARE"), {"id": seminar_id})
    key = f"reminder:{registration.id}:1440:{int(START.timestamp())}"
    other.execute(sa.text(
        "INSERT INTO reminders (registration_id, seminar_id, offset_minutes, starts_at, due_at, status, reason, "
        "outbox_key, created_at) VALUES (:r, :s, 1440, :start, :due, 'queued', '', :key, :now)"),
        {"r": registration.id, "s": seminar_id, "start": START, "due": START - dt.timedelta(days=1), "key": key,
         "now": clock()})
    other.execute(sa.text(
        "INSERT INTO outbox_messages (key, recipient, subject, text_body, html_body, ics, ics_method, headers, "
        "status, attempts, next_attempt_at, last_error, created_at) VALUES (:key, 'ana@example.org', 'Reminder', "
        "'t', '', '', '', '', 'pending', 0, :now, '', :now)"), {"key": key, "now": clock()})
    reports = []
    canceller = threading.Thread(target=lambda: reports.append(_cancel_in_app(app, seminar_id, clock)))
    canceller.start()
    canceller.join(timeout=1.0)
    assert canceller.is_alive() and reports == []  # waiting for the reminder run's lock
    transaction.commit()
    other.close()
    canceller.join(timeout=10)
    assert reports == [(1, 1)]
    db.session.expire_all()
    assert [(k, s) for k, _, s in outbox()] == [("reminder", "withdrawn"), ("seminar-cancelled", "pending")]


def _cancel_in_app(app, seminar_id, clock):
    from app.models import Seminar

    with app.app_context():
        report = cancel(db.session.get(Seminar, seminar_id), clock())
        db.session.remove()
        return (report.told, report.withdrawn)
