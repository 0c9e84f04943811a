"""The delivery job: send due outbox messages (the outbox itself lives in app.outbox)."""
from __future__ import annotations

import logging
import time

from flask import Flask

from app.outbox.delivery import DeliveryReport, deliver_due

log = logging.getLogger("jobs.delivery")

#: One run keeps taking batches while they come full, for at most this long: thousands of
#: reminders due at once go out in one run instead of one batch every few seconds.
RUN_SECONDS = 50


def deliver_outbox(app: Flask) -> None:
    """Send batch after batch; log one line for the run if any message was claimed."""
    with app.app_context():
        deadline = time.monotonic() + RUN_SECONDS
        run = DeliveryReport()
        try:
            while True:
                report = deliver_due(app.config["CLOCK"](), limit=app.config["OUTBOX_BATCH"])
                run.add(report)
                # A short batch means the queue is empty; a retry means the server is in trouble.
                if report.claimed < app.config["OUTBOX_BATCH"] or report.retried or time.monotonic() > deadline:
                    break
        except Exception:  # noqa: BLE001  the claims expire and the next run retries; say where it stopped
            log.exception("delivery: the run stopped after %d claimed message(s)", run.claimed)
        _log_run(run)


def _log_run(run: DeliveryReport) -> None:
    for key in run.failed:
        log.error("delivery: message %s failed for good: %s", key, run.errors[key])
    if not run.claimed:
        return
    line = f"delivery: sent {len(run.sent)}, retried {len(run.retried)}, failed {len(run.failed)}"
    if run.retried:
        line += f" (last retry: {run.errors[run.retried[-1]]})"
    log.info("%s", line)
