"""The outbox and its delivery over a real SMTP server on loopback, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.outbox.claims import claim
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
    for _ in range(1, 4):
        assert deliver_due(when).retried == ["t"]
        when = db.session.scalar(sa.select(OutboxMessage.next_attempt_at).filter_by(key="t"))
    assert [backoff(n) for n in (1, 2, 3, 20)] == [dt.timedelta(seconds=30), dt.timedelta(minutes=1),
                                                   dt.timedelta(minutes=2), dt.timedelta(hours=1)]
    smtp.handler.refuse.clear()
    assert deliver_due(when).sent == ["t"]


@pytest.mark.parametrize("seconds", [None, 3])
def test_a_crashed_worker_claim_expires_after_the_claim_setting_and_the_message_is_retried(app, smtp, clock, seconds):
    if seconds is not None:
        app.config["OUTBOX_CLAIM_SECONDS"] = seconds
    claim_seconds = app.config["OUTBOX_CLAIM_SECONDS"]
    assert claim_seconds == (30 if seconds is None else 3)
    queue("c")
    assert [row.key for row in claim(clock(), 10)] == ["c"]  # as a worker that died after claiming
    claimed_until = db.session.scalar(sa.select(OutboxMessage.claimed_until).filter_by(key="c"))
    assert claimed_until == clock() + dt.timedelta(seconds=claim_seconds)
    assert deliver_due(clock()).sent == []
    assert deliver_due(clock() + dt.timedelta(seconds=claim_seconds)).sent == []
    assert deliver_due(clock() + dt.timedelta(seconds=claim_seconds, microseconds=1)).sent == ["c"]


class _OnFirstData:
    """While the first message is at the (real) SMTP server, run ``action`` in the server's thread
    before it answers: what another worker does meanwhile, with the sender waiting on the reply."""

    def __init__(self, smtp, action):
        self.smtp, self.action, self.done = smtp, action, False

    def __enter__(self):
        recorder = self.smtp.handler

        async def handle_data(server, session, envelope):
            if not self.done:
                self.done = True
                self.action()
            return await type(recorder).handle_DATA(recorder, server, session, envelope)

        recorder.handle_DATA = handle_data  # read by each new SMTP session
        return self

    def __exit__(self, *exc):
        del self.smtp.handler.handle_DATA


def _wait_for(engine, key: str, changed_from: dt.datetime) -> dt.datetime:
    """Wait until the row's claim moves from ``changed_from`` (the worker renewed it); return it."""
    deadline = time.monotonic() + 30
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            value = conn.scalar(sa.select(OutboxMessage.claimed_until).filter_by(key=key))
            conn.rollback()
            if value != changed_from:
                return value
            time.sleep(0.05)
    raise AssertionError(f"the claim on {key} was never renewed")


def test_a_claim_renewed_while_sending_keeps_a_second_worker_off_the_rows(app, smtp, clock):
    app.config["OUTBOX_CLAIM_SECONDS"] = 3
    for n in range(3):
        queue(f"m:{n}")
    first_claim = clock() + dt.timedelta(seconds=3)
    seen, engine = {}, db.engine

    def second_worker():
        seen["renewed"] = _wait_for(engine, "m:2", changed_from=first_claim)
        with app.app_context():
            # Past the first claim, before the renewed one: a second worker finds nothing to take.
            seen["taken"] = [row.key for row in claim(clock() + dt.timedelta(seconds=3.5), 10)]

    with _OnFirstData(smtp, second_worker):
        report = deliver_due(clock())
    assert seen["taken"] == []
    assert seen["renewed"] >= clock() + dt.timedelta(seconds=4)  # renewed a third of the claim in, for a claim
    assert (report.sent, [m["Subject"] for m in smtp.messages]) == (
        ["m:0", "m:1", "m:2"], ["Subject m:0", "Subject m:1", "Subject m:2"])
    assert db.session.execute(sa.select(OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.claimed_until)
                              ).all() == [("sent", 1, None)] * 3


def test_a_row_another_worker_took_is_neither_renewed_nor_recorded_over_and_sending_stops(app, smtp, clock):
    app.config["OUTBOX_CLAIM_SECONDS"] = 3
    for n in range(3):
        queue(f"m:{n}")
    first_claim = clock() + dt.timedelta(seconds=3)
    theirs, engine = clock() + dt.timedelta(minutes=1), db.engine

    def another_worker_takes_m1():
        # As a worker that took m:1 after this one's claim lapsed (a stall), with a later claim.
        with engine.begin() as conn:
            conn.execute(sa.update(OutboxMessage).filter_by(key="m:1").values(claimed_until=theirs))
        _wait_for(engine, "m:2", changed_from=first_claim)

    with _OnFirstData(smtp, another_worker_takes_m1):
        report = deliver_due(clock())
    assert (report.sent, [m["Subject"] for m in smtp.messages]) == (["m:0"], ["Subject m:0"])
    rows = dict(db.session.execute(sa.select(OutboxMessage.key, OutboxMessage.claimed_until)
                                   .where(OutboxMessage.status == "pending")).all())
    assert rows["m:1"] == theirs
    assert first_claim < rows["m:2"] < theirs  # still held by the renewed claim, retried when it lapses
    assert deliver_due(rows["m:2"] + dt.timedelta(microseconds=1)).sent == ["m:2"]


def test_an_invitation_goes_as_a_text_calendar_part_with_matching_method(app, smtp, clock):
    queue("welcome:ics", ics=ICS, ics_method="REQUEST")
    deliver_due(clock())
    [message] = smtp.messages
    calendar_parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar_parts[1]["Content-Type"] == 'text/calendar; method=REQUEST; charset="utf-8"' or \
        calendar_parts[1].get_content_charset() == "utf-8"
    assert [(p.get_param("method"), p.get_filename(), p.get_content()) for p in calendar_parts] == [
        ("REQUEST", None, ICS), ("REQUEST", "invite.ics", ICS)]


def test_a_message_queued_before_bytes_were_stored_that_cannot_go_fails_alone_at_send_time(app, smtp, clock):
    queue("good:1")
    with db.engine.begin() as conn:  # as a row queued before the bytes were stored, and checked, at queue time
        conn.execute(sa.insert(OutboxMessage).values(
            key="bad", recipient="josé@exämple.com", subject="Bad", text_body="Body", html_body="", ics="",
            ics_method="", headers="", status="pending", attempts=0, next_attempt_at=clock(), last_error="",
            created_at=clock()))
    queue("good:2")
    report = deliver_due(clock())
    assert (report.sent, report.failed) == (["good:1", "good:2"], ["bad"])
    assert [m["To"] for m in smtp.messages] == ["ana@example.org", "ana@example.org"]
    row = db.session.scalar(sa.select(OutboxMessage).filter_by(key="bad"))
    assert (row.status, row.last_error) == ("failed", "UnicodeEncodeError: 'ascii' codec can't encode character "
                                                      "'\\xe9' in position 3: ordinal not in range(128)")


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
    clock.advance(minutes=1)  # the claim (30 s, no longer renewed) expires
    deliver_due(clock())
    assert sorted({m["To"] for m in smtp.messages}) == sorted(f"p{n}@example.org" for n in range(20))
    assert len(smtp.messages) == 20 + first


class SilentServer:
    """An SMTP server that greets, accepts the envelope and the data, then never answers."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    @staticmethod
    def _talk(conn):
        lines = conn.makefile("rwb")
        lines.write(b"220 silent\r\n")
        lines.flush()
        for line in lines:
            if line.upper().startswith(b"DATA"):
                lines.write(b"354 go on\r\n")
                lines.flush()
                for body in lines:
                    if body == b".\r\n":
                        return  # and never say whether the message was accepted
            lines.write(b"250 ok\r\n")
            lines.flush()

    def close(self):
        self.listener.close()
        for conn in self.connections:
            conn.close()


def test_a_server_that_stops_answering_fails_the_batch_after_the_timeout_and_frees_it(app, clock):
    server = SilentServer()
    app.config["MAIL_TIMEOUT"] = 1
    app.extensions["mail"].port = server.port
    for key in ("a:1", "a:2", "a:3"):
        queue(key)
    done = []

    def run():
        with app.app_context():
            done.append(deliver_due(clock()))

    worker = threading.Thread(target=run, daemon=True)  # a hang must fail the test, not stall it
    try:
        worker.start()
        worker.join(timeout=20)
    finally:
        server.close()
    assert not worker.is_alive()
    assert (done[0].sent, done[0].retried) == ([], ["a:1", "a:2", "a:3"])
    db.session.expire_all()
    rows = db.session.execute(sa.select(OutboxMessage.key, OutboxMessage.status, OutboxMessage.attempts,
                                        OutboxMessage.claimed_until).order_by(OutboxMessage.id)).all()
    assert [tuple(r) for r in rows] == [("a:1", "pending", 1, None), ("a:2", "pending", 1, None),
                                        ("a:3", "pending", 1, None)]
    assert "timed out" in db.session.scalar(sa.select(OutboxMessage.last_error).where(OutboxMessage.key == "a:1"))
