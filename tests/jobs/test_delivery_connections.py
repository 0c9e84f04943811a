"""The delivery job's senders: OUTBOX_CONNECTIONS threads, each on its own SMTP connection kept
open across batches, never sending a message twice; a message falling due while a run looks is
sent by that run. On SQLite and PostgreSQL, against aiosmtpd on loopback."""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.outbox.compose import envelope_sender
from app.outbox.delivery import message_id
from app.outbox.enqueue import enqueue
from app.outbox.smtp import Sender
from jobs.delivery import deliver_outbox
from tests.app.outbox.sink import RawRecorder, recording


def _queue(count: int) -> list[str]:
    keys = [f"hello:{n}" for n in range(count)]
    for n, key in enumerate(keys):
        enqueue(key, f"p{n}@example.org", f"Hello {n}", "Hello")
    db.session.commit()
    return keys


def test_three_connections_send_every_message_exactly_once(app, smtp, job_log):
    app.config["OUTBOX_CONNECTIONS"], app.config["OUTBOX_BATCH"] = 3, 5
    keys = _queue(60)
    # Each message answered a little late: the three senders are all busy while the queue lasts.
    with recording(smtp, RawRecorder(delay=0.02)) as server:
        deliver_outbox(app)
        peers = {peer for peer, _, _, _ in server.handler.received}
        counted = Counter(m["Message-ID"] for m in server.messages)
    assert len(peers) == 3
    assert counted == Counter(message_id(key) for key in keys)
    assert db.session.execute(sa.select(OutboxMessage.status, OutboxMessage.attempts).distinct()).all() == [
        ("sent", 1)]
    assert job_log() == [("jobs.delivery", logging.INFO, "delivery: sent 60, retried 0, failed 0")]


def test_one_sender_keeps_its_connection_across_batches(app, smtp):
    app.config["OUTBOX_CONNECTIONS"], app.config["OUTBOX_BATCH"] = 1, 2
    _queue(7)
    with recording(smtp, RawRecorder()) as server:
        deliver_outbox(app)
        peers = [peer for peer, _, _, _ in server.handler.received]
    assert len(peers) == 7 and len(set(peers)) == 1


def test_a_connection_the_server_closed_is_opened_again_before_the_next_message(app, smtp):
    sender = Sender(check_after=0)  # checked before every message (between batches: after a second idle)
    raw, handler = b"Subject: Hello\r\n\r\nHello\r\n", RawRecorder()
    with recording(smtp, handler):
        sender.sendmail(envelope_sender(), "ana@example.org", raw)
        smtp.stop()  # the server goes away and comes back: the open connection is dead
        smtp.start()
        sender.sendmail(envelope_sender(), "bo@example.org", raw)
        sender.close()
    assert sender.opened == 2
    assert [(sent_from, to, content) for _, sent_from, to, content in handler.received] == [
        ("seminars@example.org", ["ana@example.org"], raw), ("seminars@example.org", ["bo@example.org"], raw)]


def test_a_message_falling_due_while_a_run_looks_is_sent_by_that_run(app, smtp, clock, job_log):
    app.config["OUTBOX_CONNECTIONS"] = 1
    enqueue("later:1", "ana@example.org", "Later", "Soon", not_before=clock() + dt.timedelta(minutes=1))
    db.session.commit()
    looks = []

    def moving_clock():  # the first look finds nothing due; by the next, the message is
        looks.append(len(looks))
        return clock() + dt.timedelta(minutes=1 if len(looks) > 1 else 0)

    app.config["CLOCK"] = moving_clock
    deliver_outbox(app)
    assert len(looks) >= 2
    assert [m["Subject"] for m in smtp.messages] == ["Later"]
    assert job_log() == [("jobs.delivery", logging.INFO, "delivery: sent 1, retried 0, failed 0")]
