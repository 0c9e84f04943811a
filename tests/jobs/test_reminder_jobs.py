"""The scheduler's two jobs together, as its process runs them: queue what is due, then deliver."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from jobs.delivery import deliver_outbox
from jobs.reminders import queue_reminders
from tests.app.helpers.reminders import reminders

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
LONG_AGO = dt.datetime(2023, 10, 30, 8, 0, tzinfo=UTC)
ZONES = ["America/Bogota", "Europe/Berlin", "Asia/Tokyo", "Africa/Johannesburg", "Pacific/Auckland"]


def run_jobs(app):
    queue_reminders(app)
    deliver_outbox(app)


@pytest.fixture()
def seat_many(seminar_one, make_registrant, make_registration):
    """``seat_many(count)``: that many people seated long ago at seminar 1 (Mon 6 Nov 2023, 20:30
    in Asia/Shanghai) with the 24-hour and 1-hour reminders; returns their addresses."""

    def seat(count: int) -> list[str]:
        emails = [f"person{n}@example.org" for n in range(count)]
        for n, email in enumerate(emails):
            make_registration(seminar_one, make_registrant(email=email, timezone=ZONES[n % len(ZONES)]), at=LONG_AGO)
        return emails

    return seat


def statuses() -> dict[str, int]:
    query = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    return dict(db.session.execute(query).all())


def test_every_registrant_gets_each_reminder_once_on_time(app, clock, smtp, seat_many):
    emails = seat_many(12)
    for before in (24 * 60 + 1, 24 * 60, 24 * 60 - 1, 61, 60, 59, 0):
        clock.now = START - dt.timedelta(minutes=before)
        run_jobs(app)
    assert len(smtp.messages) == 24
    assert len({m["Message-ID"] for m in smtp.messages}) == 24
    assert sorted(m["To"] for m in smtp.messages) == sorted(emails * 2)
    assert statuses() == {"sent": 24}


def test_a_staged_reminder_is_not_sent_before_its_due_instant_and_is_sent_once_it_passes(app, clock, smtp,
                                                                                          seat_many):
    emails = seat_many(3)
    due = START - dt.timedelta(hours=24)
    clock.now = due - dt.timedelta(minutes=10)  # REMINDER_STAGE_MINUTES ahead: rendered and queued now
    run_jobs(app)
    assert statuses() == {"pending": 3}
    assert set(db.session.scalars(sa.select(OutboxMessage.next_attempt_at))) == {due}
    for before in (dt.timedelta(minutes=5), dt.timedelta(seconds=1)):
        clock.now = due - before
        run_jobs(app)
        assert smtp.messages == []
    clock.now = due
    run_jobs(app)
    assert sorted(m["To"] for m in smtp.messages) == sorted(emails)
    assert statuses() == {"sent": 3}
    clock.advance(seconds=15)
    run_jobs(app)
    assert len(smtp.messages) == 3


def test_a_restart_catches_up_on_what_fell_due_while_down(app, clock, smtp, seat_many):
    emails = seat_many(5)
    clock.now = START - dt.timedelta(hours=24, minutes=-20)  # down since before the 24-hour reminders
    run_jobs(app)
    assert sorted(m["To"] for m in smtp.messages) == sorted(emails)
    assert {m["Subject"].split(",")[0] for m in smtp.messages} == {
        "Reminder: Making our cities and regions safe and resilient for all"}


def test_smtp_down_then_up_delivers_every_reminder_once(app, clock, smtp, seat_many):
    emails = seat_many(10)
    clock.now = START - dt.timedelta(hours=1)
    smtp.stop()
    run_jobs(app)
    assert statuses() == {"pending": 10}
    clock.advance(seconds=10)
    run_jobs(app)  # not yet time to retry
    assert len(smtp.messages) == 0
    smtp.start()
    clock.advance(seconds=25)  # the first retry waits 30 s
    run_jobs(app)
    run_jobs(app)
    assert sorted(m["To"] for m in smtp.messages) == sorted(emails)
    assert statuses() == {"sent": 10}
    assert set(db.session.scalars(sa.select(OutboxMessage.attempts))) == {2}


def test_a_permanently_refused_recipient_is_recorded_and_the_others_get_theirs(app, clock, smtp, seat_many):
    emails = seat_many(4)
    smtp.handler.refuse["person2@example.org"] = "550 5.1.1 No such user"
    clock.now = START - dt.timedelta(hours=1)
    run_jobs(app)
    clock.advance(hours=1)
    run_jobs(app)
    assert sorted(m["To"] for m in smtp.messages) == sorted(set(emails) - {"person2@example.org"})
    failed = db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.attempts, OutboxMessage.last_error)
                                .where(OutboxMessage.status == "failed")).all()
    assert [(r, a) for r, a, _ in failed] == [("person2@example.org", 1)]
    assert "550" in failed[0][2] and "No such user" in failed[0][2]


def test_the_job_run_twice_at_once_queues_nothing_twice(app, clock, smtp, seat_many):
    seat_many(3)
    clock.now = START - dt.timedelta(hours=1)
    queue_reminders(app)
    queue_reminders(app)
    deliver_outbox(app)
    deliver_outbox(app)
    assert len(smtp.messages) == 3
    assert sorted((offset, status, reason) for _, offset, status, reason in reminders()) == \
        [(60, "queued", "")] * 3 + [(1440, "skipped", "superseded")] * 3


@pytest.mark.parametrize(("seated", "since_start", "line"), [
    (3, dt.timedelta(hours=-1), "reminders: queued 3, skipped 3 (superseded 3)"),
    (2, dt.timedelta(minutes=5), "reminders: queued 0, skipped 4 (started 4)"),
    (3, dt.timedelta(hours=-24, minutes=-5), "reminders: queued 3 (3 staged ahead), skipped 0"),
    (2, dt.timedelta(minutes=-65), "reminders: queued 2 (2 staged ahead), skipped 2 (superseded 2)"),
], ids=["superseded", "started", "staged", "staged-superseding"])
def test_the_reminder_job_logs_what_it_queued_and_skipped_and_why(app, clock, seat_many, job_log, seated, since_start,
                                                                  line):
    seat_many(seated)
    clock.now = START + since_start
    queue_reminders(app)
    assert job_log() == [("jobs.reminders", logging.INFO, line)]


def test_the_reminder_job_logs_nothing_when_nothing_is_due(app, clock, seat_many, caplog, job_log):
    seat_many(3)
    clock.now = START - dt.timedelta(hours=25)
    queue_reminders(app)
    clock.now = START - dt.timedelta(hours=1)
    queue_reminders(app)
    caplog.clear()
    queue_reminders(app)  # the same minute again: all recorded already
    assert job_log() == []
