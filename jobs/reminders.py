"""The reminder job: queue the reminders that are due, stage those due soon (the delivery job sends
each at its instant)."""
from __future__ import annotations

import logging
from collections import Counter

from flask import Flask

from app.reminders.service import QueueReport, queue_due

log = logging.getLogger("jobs.reminders")


def queue_reminders(app: Flask) -> None:
    """Queue what is due; log one line for the run if it queued or skipped any reminder."""
    with app.app_context():
        now = app.config["CLOCK"]()
        try:
            report = queue_due(now)
        except Exception:  # noqa: BLE001  what was committed stands; the next run decides the rest again
            log.exception("reminders: the run at %s stopped", now.isoformat())
            return
        if report.queued or report.skipped:
            log.info("%s", summary(report))


def summary(report: QueueReport) -> str:
    """``reminders: queued 12 (9 staged ahead), skipped 3 (superseded 2, started 1)``: reasons most
    frequent first; the staged part only when some were staged."""
    line = f"reminders: queued {len(report.queued)}"
    if report.staged:
        line += f" ({len(report.staged)} staged ahead)"
    line += f", skipped {len(report.skipped)}"
    reasons = Counter(reason for _, _, reason in report.skipped)
    if reasons:
        line += " (" + ", ".join(f"{reason} {count}" for reason, count in sorted(
            reasons.items(), key=lambda item: (-item[1], item[0]))) + ")"
    return line
