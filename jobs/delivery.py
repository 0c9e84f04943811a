"""The delivery job: send due outbox messages (the outbox itself lives in app.outbox)."""
from __future__ import annotations

from flask import Flask

from app.outbox.delivery import deliver_due


def deliver_outbox(app: Flask) -> None:
    with app.app_context():
        deliver_due(app.config["CLOCK"](), limit=app.config["OUTBOX_BATCH"])
