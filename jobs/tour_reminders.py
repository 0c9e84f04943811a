"""The tour reminder job: queue each leg's reminder for its accepted participants when it falls due."""
from __future__ import annotations

import logging

from flask import Flask

from app.applications.reminders import queue_due

log = logging.getLogger("jobs.tour_reminders")


def queue_tour_reminders(app: Flask) -> None:
    """Queue what is due; log one line for the run if it queued any."""
    with app.app_context():
        now = app.config["CLOCK"]()
        try:
            queued = queue_due(now)
        except Exception:  # noqa: BLE001  nothing was committed; the next run tries again
            log.exception("tour reminders: queueing at %s failed", now.isoformat())
            return
        if queued:
            log.info("tour reminders: queued %d", queued)
