"""Delivery processes (`flask --app wsgi jobs run`) on the real clock against a slow SMTP server on
loopback: one killed mid-batch loses nothing for longer than its claim, and one alive keeps its
claim however long the batch takes."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.outbox.delivery import deliver_due, message_id
from app.outbox.enqueue import enqueue
from tests.conftest import SMTPRecorder, SMTPServer

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc
CLAIM_SECONDS = 3
MESSAGES = 40


class SlowRecorder(SMTPRecorder):
    """Answers each message 0.2 s after its data arrived, and notes when it accepted it."""

    def __init__(self):
        super().__init__()
        self.accepted_at: list[float] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.2)
        self.accepted_at.append(time.monotonic())
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture()
def slow_smtp():
    server = SMTPServer()
    server.handler = SlowRecorder()
    server.start()
    yield server
    server.stop()


def _delivery_process(app, database_url: str, smtp_port: int, **settings) -> subprocess.Popen:
    env = {**os.environ, **settings, "DATABASE_URL": database_url, "MAIL_PORT": str(smtp_port),
           "SECRET_KEY": "delivery-crash-test",
           "MAIL_DEFAULT_SENDER": "Seminars <seminars@example.org>", "BASE_URL": app.config["BASE_URL"],
           "OUTBOX_CLAIM_SECONDS": str(CLAIM_SECONDS),
           # This tree's code, not whichever tree the editable install points at (a worktree's).
           "PYTHONPATH": str(ROOT)}
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen([str(flask), "--app", "wsgi", "jobs", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _queue_messages() -> list[str]:
    keys = [f"hello:{n}" for n in range(MESSAGES)]
    for n, key in enumerate(keys):
        enqueue(key, f"p{n}@example.org", f"Hello {n}", "Hello")
    db.session.commit()
    db.session.remove()
    return keys


def _wait(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    return process.communicate(timeout=30)[0]


@pytest.mark.parametrize(("connections", "batch"), [(1, 200), (3, 5)])
def test_a_delivery_process_killed_mid_batch_loses_its_messages_for_at_most_a_claim(app, database_url, slow_smtp,
                                                                                   connections, batch):
    keys = _queue_messages()
    ids = {message_id(key): key for key in keys}
    settings = {"OUTBOX_CONNECTIONS": str(connections), "OUTBOX_BATCH": str(batch)}  # small batches: all senders busy
    first = _delivery_process(app, database_url, slow_smtp.port, **settings)
    try:
        _wait(lambda: len(slow_smtp.messages) >= 10, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    killed_at = time.monotonic()
    first.stdout.close()
    with db.engine.connect() as conn:
        recorded = set(conn.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.status == "sent")))
    assert 10 <= len(slow_smtp.messages) < MESSAGES  # killed mid-batch

    second = _delivery_process(app, database_url, slow_smtp.port, **settings)
    try:
        _wait(lambda: set(ids) <= {m["Message-ID"] for m in slow_smtp.messages}, CLAIM_SECONDS + 40)
        time.sleep(2 * CLAIM_SECONDS)  # more delivery runs: room for a duplicate to show
    finally:
        log = _stop(second)

    assert "Traceback" not in log, log
    assert " INFO delivery: sent " in log, log  # the process says what it sent, on stderr
    counted = Counter(ids[m["Message-ID"]] for m in slow_smtp.messages)
    assert set(counted) == set(keys)
    assert {key: counted[key] for key in recorded} == {key: 1 for key in recorded}
    # Sent twice: only what the server accepted while its outcome was uncommitted, per connection
    # at most the message whose outcome was committing and the one being sent.
    twice = sorted(key for key, count in counted.items() if count > 1)
    assert set(counted.values()) <= {1, 2} and len(twice) <= 2 * connections and not set(twice) & recorded
    recovered_in = max(slow_smtp.handler.accepted_at) - killed_at
    # The first acceptance past the in-flight one:
    resumed_in = min(t for t in slow_smtp.handler.accepted_at if t > killed_at + 0.5) - killed_at
    print(f"\n{connections} connection(s): killed after {len(recorded)} recorded; sending resumed {resumed_in:.1f} s "
          f"and all {MESSAGES} were delivered "
          f"{recovered_in:.1f} s after the kill (claim {CLAIM_SECONDS} s); sent twice: {twice}")
    assert recovered_in < CLAIM_SECONDS + 20  # the claim's length, then a run of the job and the sending
    db.session.remove()
    assert db.session.execute(sa.select(OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.claimed_until)
                              .distinct()).all() == [("sent", 1, None)]


def test_a_live_delivery_process_keeps_its_claim_for_a_batch_longer_than_the_claim(app, database_url, slow_smtp):
    app.config["OUTBOX_CLAIM_SECONDS"] = CLAIM_SECONDS
    keys = _queue_messages()
    ids = {message_id(key): key for key in keys}
    worker = _delivery_process(app, database_url, slow_smtp.port)
    taken = []
    try:
        _wait(lambda: slow_smtp.messages, 60)  # the worker has claimed the batch
        started = time.monotonic()
        # A second worker (this process, on the real clock) tries all along the batch's ~8 s, more
        # than twice the claim; the worker's renewals keep every row from it.
        while len(slow_smtp.messages) < MESSAGES and time.monotonic() < started + 60:
            taken.append(deliver_due(dt.datetime.now(UTC)).claimed)
            time.sleep(0.25)
        batch_seconds = time.monotonic() - started
    finally:
        log = _stop(worker)

    assert "Traceback" not in log, log
    print(f"\nbatch of {MESSAGES} took {batch_seconds:.1f} s with a {CLAIM_SECONDS} s claim; "
          f"{len(taken)} tries by a second worker")
    assert batch_seconds > 2 * CLAIM_SECONDS  # the premise: the batch outlasts its first claim twice
    assert set(taken) == {0}
    assert Counter(ids[m["Message-ID"]] for m in slow_smtp.messages) == Counter(keys)
