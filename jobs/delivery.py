"""The delivery job: send due outbox messages (the outbox itself lives in app.outbox)."""
from __future__ import annotations

import time

from flask import Flask

from app.outbox.delivery import deliver_due

#: One run keeps taking batches while they come full, for at most this long: thousands of
#: reminders due at once go out in one run instead of one batch every few seconds.
RUN_SECONDS = 50


def deliver_outbox(app: Flask) -> None:
    with app.app_context():
        deadline = time.monotonic() + RUN_SECONDS
        while True:
            report = deliver_due(app.config["CLOCK"](), limit=app.config["OUTBOX_BATCH"])
            # A short batch means the queue is empty; a retry means the server is in trouble.
            if report.claimed < app.config["OUTBOX_BATCH"] or report.retried or time.monotonic() > deadline:
                return
