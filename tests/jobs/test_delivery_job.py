"""The scheduler's delivery job sends the outbox, in the app's context, from its own process's view."""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.outbox.enqueue import enqueue
from jobs import JOBS
from jobs.delivery import deliver_outbox
from jobs.fanout import expand_fanouts
from jobs.reminders import queue_reminders
from jobs.tour_reminders import queue_tour_reminders
from jobs.votes import forget_vote_requests


def test_jobs_queue_reminders_every_fifteen_seconds_deliver_every_two_and_forget_vote_requests_hourly():
    assert [(job_id, func, trigger) for job_id, func, trigger in JOBS] == [
        ("queue-reminders", queue_reminders, {"seconds": 15}), ("deliver-outbox", deliver_outbox, {"seconds": 2}),
        ("expand-fanouts", expand_fanouts, {"seconds": 1}),
        ("forget-vote-requests", forget_vote_requests, {"hours": 1}),
        ("queue-tour-reminders", queue_tour_reminders, {"minutes": 1})]


def test_delivery_job_sends_what_is_due(app, smtp):
    enqueue("hello:1", "ana@example.org", "Hello", "Hello Ana")
    db.session.commit()
    deliver_outbox(app)
    assert [m["Subject"] for m in smtp.messages] == ["Hello"]


def test_delivery_job_keeps_taking_full_batches_until_the_queue_is_empty(app, smtp):
    app.config["OUTBOX_BATCH"] = 3
    for number in range(7):
        enqueue(f"hello:{number}", f"p{number}@example.org", f"Hello {number}", "Hello")
    db.session.commit()
    deliver_outbox(app)
    assert sorted(m["Subject"] for m in smtp.messages) == [f"Hello {n}" for n in range(7)]


def test_delivery_job_stops_each_sender_after_a_batch_when_the_server_is_down(app, smtp):
    app.config["OUTBOX_BATCH"], app.config["OUTBOX_CONNECTIONS"] = 2, 2
    for number in range(5):
        enqueue(f"hello:{number}", f"p{number}@example.org", f"Hello {number}", "Hello")
    db.session.commit()
    smtp.stop()
    deliver_outbox(app)
    attempts = sorted(db.session.scalars(sa.select(OutboxMessage.attempts)))
    assert attempts == [0, 1, 1, 1, 1]  # two senders, a batch of two each


def test_delivery_job_logs_what_it_sent_and_each_message_that_failed_for_good(app, smtp, job_log):
    smtp.handler.refuse["bad@example.org"] = "550 5.1.1 No such user"
    enqueue("hello:1", "ana@example.org", "Hello", "Hello Ana")
    enqueue("hello:2", "bad@example.org", "Hello", "Hello")
    enqueue("hello:3", "ben@example.org", "Hello", "Hello Ben")
    db.session.commit()
    deliver_outbox(app)
    assert job_log() == [
        ("jobs.delivery", logging.ERROR, "delivery: message hello:2 failed for good: SMTPRecipientsRefused: "
                                         "{'bad@example.org': (550, b'5.1.1 No such user')}"),
        ("jobs.delivery", logging.INFO, "delivery: sent 2, retried 0, failed 1")]


def test_delivery_job_logs_the_retries_with_the_last_error_while_the_server_is_down(app, smtp, job_log):
    enqueue("hello:1", "ana@example.org", "Hello", "Hello Ana")
    enqueue("hello:2", "ben@example.org", "Hello", "Hello Ben")
    db.session.commit()
    smtp.stop()
    deliver_outbox(app)
    [(name, level, line)] = job_log()
    assert (name, level) == ("jobs.delivery", logging.INFO)
    assert line == ("delivery: sent 0, retried 2, failed 0 "
                    "(last retry: ConnectionRefusedError: [Errno 111] Connection refused)")


def test_delivery_job_logs_nothing_when_nothing_is_due(app, smtp, job_log, clock):
    enqueue("hello:1", "ana@example.org", "Hello", "Hello Ana", not_before=clock() + dt.timedelta(minutes=5))
    db.session.commit()
    deliver_outbox(app)
    assert job_log() == [] and smtp.messages == []
