"""The delivery job: send due outbox messages (the outbox itself lives in app.outbox).

A run starts ``OUTBOX_CONNECTIONS`` sender threads. Each keeps one SMTP connection open across
batches (opened on its first message, opened again after a connection error) and claims batches
of its own; when nothing is due it looks again every ``POLL`` seconds (one indexed query). A run
lasts while there is mail, up to ``RUN_SECONDS``, and at least until just before the next run of
the job is due, so while the scheduler runs a message that falls due is taken within about
``POLL`` seconds, never more than a second.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from app.outbox.delivery import DeliveryReport, deliver_due
from app.outbox.rate import domain_gate
from app.outbox.smtp import Sender

log = logging.getLogger("jobs.delivery")

#: Seconds between runs of the job (its interval in ``jobs.JOBS``).
INTERVAL = 2
#: Seconds an idle sender waits before looking for due mail again.
POLL = 0.5
#: Seconds a run ends before its next tick at the latest, so that tick finds it finished (a tick
#: that finds the job still running is skipped).
MARGIN = 0.25
#: One run keeps taking batches while there is mail for at most this long: thousands of reminders
#: due at once go out in one run (and one log line).
RUN_SECONDS = 50


def deliver_outbox(app: Flask) -> None:
    """Send with ``OUTBOX_CONNECTIONS`` senders until nothing is due; log one line for the run if
    any message was claimed."""
    started = time.monotonic()
    run, lock = DeliveryReport(), threading.Lock()
    with app.app_context():
        gate = domain_gate()
    senders = [threading.Thread(target=_sender, args=(app, gate, run, lock, started), name=f"outbox-sender-{n}")
               for n in range(app.config["OUTBOX_CONNECTIONS"])]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    _log_run(run)


def _sender(app: Flask, gate, run: DeliveryReport, lock: threading.Lock, started: float) -> None:
    """One connection's loop: batch after batch while they come full; when the queue is empty,
    look again every POLL seconds until the next run is about to start."""
    batch = app.config["OUTBOX_BATCH"]
    with app.app_context():
        sender = Sender()
        try:
            while True:
                report = deliver_due(app.config["CLOCK"](), limit=batch, sender=sender, gate=gate)
                with lock:
                    run.add(report)
                elapsed = time.monotonic() - started
                if report.retried or elapsed > RUN_SECONDS:
                    break  # a retry means the server is in trouble: the next run tries again
                if report.claimed < batch:  # nothing more is due right now
                    if elapsed % INTERVAL >= INTERVAL - POLL - MARGIN:
                        break  # the next run is due before another look would end: it looks instead
                    time.sleep(POLL)
        except Exception:  # noqa: BLE001  the claims expire and the next run retries; say where it stopped
            with lock:
                claimed = run.claimed
            log.exception("delivery: a sender stopped after %d claimed message(s) in this run", claimed)
        finally:
            sender.close()


def _log_run(run: DeliveryReport) -> None:
    for key in run.failed:
        log.error("delivery: message %s failed for good: %s", key, run.errors[key])
    if not run.claimed:
        return
    line = f"delivery: sent {len(run.sent)}, retried {len(run.retried)}, failed {len(run.failed)}"
    if run.retried:
        line += f" (last retry: {run.errors[run.retried[-1]]})"
    log.info("%s", line)
