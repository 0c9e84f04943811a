"""The scheduler's delivery job sends the outbox, in the app's context, from its own process's view."""
from __future__ import annotations

from app.extensions import db
from app.outbox.enqueue import enqueue
from jobs import JOBS
from jobs.delivery import deliver_outbox


def test_delivery_job_is_scheduled_every_five_seconds():
    assert [(job_id, func, trigger) for job_id, func, trigger in JOBS] == [
        ("deliver-outbox", deliver_outbox, {"seconds": 5})]


def test_delivery_job_sends_what_is_due(app, smtp):
    enqueue("hello:1", "ana@example.org", "Hello", "Hello Ana")
    db.session.commit()
    deliver_outbox(app)
    assert [m["Subject"] for m in smtp.messages] == ["Hello"]
