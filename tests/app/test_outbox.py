"""The outbox and its delivery over a real SMTP server on loopback, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.outbox.delivery import backoff, deliver_due, message_id
from app.outbox.enqueue import enqueue

UTC = dt.timezone.utc
ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def queue(key: str, to: str = "ana@example.org", **extra) -> OutboxMessage:
    message = enqueue(key, to, f"Subject {key}", f"Body of {key}", f"<p>Body of {key}</p>", **extra)
    db.session.commit()
    return message


def test_delivery_sends_due_messages_once_with_a_message_id_from_the_key(app, smtp, clock):
    queue("welcome:1", headers={"List-Unsubscribe": "<https://example.org/u/1>"})
    queue("welcome:2", to="bo@example.org")
    report = deliver_due(clock())
    assert (report.sent, report.retried, report.failed) == (["welcome:1", "welcome:2"], [], [])
    assert [(m["To"], m["Subject"]) for m in smtp.messages] == [
        ("ana@example.org", "Subject welcome:1"), ("bo@example.org", "Subject welcome:2")]
    first = smtp.messages[0]
    assert first["Message-ID"] == message_id("welcome:1") == message_id("welcome:1")
    assert first["From"] == "Seminars <seminars@example.org>"
    assert first["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert first.get_body(preferencelist=("plain",)).get_content().strip() == "Body of welcome:1"
    assert first.get_body(preferencelist=("html",)).get_content().strip() == "<p>Body of welcome:1</p>"
    assert deliver_due(clock() + dt.timedelta(hours=1)).sent == []
    assert len(smtp.messages) == 2
    assert db.session.scalars(sa.select(OutboxMessage.status)).all() == ["sent", "sent"]


def test_the_same_key_is_never_queued_twice(app, smtp, clock):
    queue("confirm:1")
    assert queue("confirm:1").key == "confirm:1"
    deliver_due(clock())
    assert enqueue("confirm:1", "ana@example.org", "again", "again") is None
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
    assert len(smtp.messages) == 1


def test_a_message_not_yet_due_waits(app, smtp, clock):
    queue("reminder:1", not_before=clock() + dt.timedelta(minutes=10))
    assert deliver_due(clock()).sent == []
    assert deliver_due(clock() + dt.timedelta(minutes=10)).sent == ["reminder:1"]


def test_smtp_down_then_up_delivers_everything_once(app, smtp, clock):
    for n in range(3):
        queue(f"m:{n}")
    smtp.stop()
    report = deliver_due(clock())
    assert (report.sent, report.retried) == ([], ["m:0", "m:1", "m:2"])
    row = db.session.scalar(sa.select(OutboxMessage).filter_by(key="m:0"))
    assert (row.status, row.attempts, row.next_attempt_at, row.claimed_until) == (
        "pending", 1, clock() + dt.timedelta(seconds=30), None)
    assert "ConnectionRefusedError" in row.last_error
    smtp.start()
    assert deliver_due(clock() + dt.timedelta(seconds=29)).sent == []
    assert deliver_due(clock() + dt.timedelta(seconds=30)).sent == ["m:0", "m:1", "m:2"]
    assert deliver_due(clock() + dt.timedelta(hours=2)).sent == []
    assert sorted(m["Subject"] for m in smtp.messages) == ["Subject m:0", "Subject m:1", "Subject m:2"]


def test_a_permanent_refusal_is_recorded_and_not_retried(app, smtp, clock):
    smtp.handler.refuse["gone@example.org"] = "550 5.1.1 No such user"
    queue("a", to="gone@example.org")
    queue("b")
    report = deliver_due(clock())
    assert (report.sent, report.failed) == (["b"], ["a"])
    row = db.session.scalar(sa.select(OutboxMessage).filter_by(key="a"))
    assert (row.status, row.attempts) == ("failed", 1)
    assert "No such user" in row.last_error
    assert deliver_due(clock() + dt.timedelta(days=1)).failed == []


def test_a_temporary_refusal_is_retried_with_growing_backoff(app, smtp, clock):
    smtp.handler.refuse["busy@example.org"] = "451 4.3.0 Try again later"
    queue("t", to="busy@example.org")
    when = clock()
    for attempt in range(1, 4):
        assert deliver_due(when).retried == ["t"]
        when = db.session.scalar(sa.select(OutboxMessage.next_attempt_at).filter_by(key="t"))
    assert [backoff(n) for n in (1, 2, 3, 20)] == [dt.timedelta(seconds=30), dt.timedelta(minutes=1),
                                                   dt.timedelta(minutes=2), dt.timedelta(hours=1)]
    smtp.handler.refuse.clear()
    assert deliver_due(when).sent == ["t"]


def test_a_crashed_worker_claim_expires_and_the_message_is_retried(app, smtp, clock):
    queue("c")
    row = db.session.scalar(sa.select(OutboxMessage).filter_by(key="c"))
    row.claimed_until = clock() + dt.timedelta(minutes=5)  # as a worker that died after claiming
    db.session.commit()
    assert deliver_due(clock()).sent == []
    assert deliver_due(clock() + dt.timedelta(minutes=5, seconds=1)).sent == ["c"]


def test_an_invitation_goes_as_a_text_calendar_part_with_matching_method(app, smtp, clock):
    queue("welcome:ics", ics=ICS, ics_method="REQUEST")
    deliver_due(clock())
    [message] = smtp.messages
    calendar_parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar_parts[1]["Content-Type"] == 'text/calendar; method=REQUEST; charset="utf-8"' or \
        calendar_parts[1].get_content_charset() == "utf-8"
    assert [(p.get_param("method"), p.get_filename(), p.get_content()) for p in calendar_parts] == [
        ("REQUEST", None, ICS), ("REQUEST", "invite.ics", ICS)]


def test_a_message_that_cannot_be_built_fails_alone(app, smtp, clock):
    queue("bad", to="josé@exämple.com")
    queue("good")
    report = deliver_due(clock())
    assert (report.sent, report.failed) == (["good"], ["bad"])
    row = db.session.scalar(sa.select(OutboxMessage).filter_by(key="bad"))
    assert row.status == "failed" and row.last_error.startswith("UnicodeEncodeError")


def _refuse_sent_updates(on: bool) -> None:
    """A database that refuses to record a message as sent (a real trigger, not a mock)."""
    if db.engine.dialect.name == "postgresql":
        statements = ["CREATE FUNCTION refuse_sent() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ "
                      "LANGUAGE plpgsql",
                      "CREATE TRIGGER refuse_sent BEFORE UPDATE ON outbox_messages FOR EACH ROW "
                      "WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()"] if on else \
                     ["DROP TRIGGER refuse_sent ON outbox_messages", "DROP FUNCTION refuse_sent()"]
    else:
        statements = ["CREATE TRIGGER refuse_sent BEFORE UPDATE ON outbox_messages WHEN NEW.status = 'sent' "
                      "BEGIN SELECT RAISE(ABORT, 'refused'); END"] if on else ["DROP TRIGGER refuse_sent"]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def test_when_outcomes_cannot_be_recorded_sending_stops_and_the_rest_waits_for_the_claim(app, smtp, clock):
    for n in range(20):
        enqueue(f"hello:{n}", f"p{n}@example.org", f"Hello {n}", "Hello")
    db.session.commit()
    _refuse_sent_updates(True)
    try:
        with pytest.raises(sa.exc.DatabaseError, match="refused"):
            deliver_due(clock())
        first = len(smtp.messages)
        assert first in (1, 2)  # the sender runs at most one message ahead of the commits
    finally:
        _refuse_sent_updates(False)
    assert db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.status == "pending")) == 20
    clock.advance(minutes=6)  # the claim expires
    deliver_due(clock())
    assert sorted({m["To"] for m in smtp.messages}) == sorted(f"p{n}@example.org" for n in range(20))
    assert len(smtp.messages) == 20 + first
