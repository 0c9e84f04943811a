"""The reminder job: queue the reminders that are due (the delivery job sends them)."""
from __future__ import annotations

from flask import Flask

from app.reminders.service import queue_due


def queue_reminders(app: Flask) -> None:
    with app.app_context():
        queue_due(app.config["CLOCK"]())
