"""Seat registrants directly (the registration pages have their own tests) and read reminders back."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Registrant, Registration, Reminder, Seminar

SAMPLES = Path(__file__).parents[1] / "samples"


def seminar(slug: str = "seminar-1") -> Seminar:
    return db.session.scalar(sa.select(Seminar).where(Seminar.slug == slug))


def seat(seminar: Seminar, email: str, zone: str = "America/Bogota", offsets=(1440, 60), *,
         confirmed_at: dt.datetime, status: str = "confirmed", name: str = "Ana María") -> Registration:
    registrant = db.session.scalar(sa.select(Registrant).where(Registrant.email == email))
    if registrant is None:
        registrant = Registrant(email=email, name=name, timezone=zone, reminder_offsets=list(offsets),
                                consent_at=confirmed_at)
        db.session.add(registrant)
    registration = Registration(registrant=registrant, seminar=seminar, status=status,
                                confirmed_at=confirmed_at if status == "confirmed" else None,
                                waitlisted_at=confirmed_at if status == "waitlisted" else None)
    db.session.add(registration)
    db.session.commit()
    return registration


def reminders() -> list[tuple[str, int, str, str]]:
    """Every reminder row as (email, offset, status, reason), in a stable order."""
    rows = db.session.execute(
        sa.select(Registrant.email, Reminder.offset_minutes, Reminder.status, Reminder.reason)
        .join(Registration, Registration.id == Reminder.registration_id)
        .join(Registrant, Registrant.id == Registration.registrant_id)
        .order_by(Registrant.email, Reminder.offset_minutes.desc())).all()
    return [tuple(row) for row in rows]


def outbox() -> list[tuple[str, str, str]]:
    """Every outbox message as (key prefix, recipient, status)."""
    rows = db.session.execute(sa.select(OutboxMessage.key, OutboxMessage.recipient, OutboxMessage.status)
                              .order_by(OutboxMessage.id)).all()
    return [(key.split(":")[0], recipient, status) for key, recipient, status in rows]


def anonymise(text: str) -> str:
    """A sample without the secrets that differ on every run (tokens of links)."""
    text = re.sub(r"/join/[\w-]+", "/join/<join-token>", text)
    text = re.sub(r"/manage/[\w-]+", "/manage/<manage-token>", text)
    return re.sub(r"/reminders/stop/[\w.-]+", "/reminders/stop/<stop-token>", text)


def check_sample(name: str, text: str) -> None:
    """Compare with the recorded sample tests/app/samples/<name>; UPDATE_SAMPLES=1 records it anew."""
    path = SAMPLES / name
    text = anonymise(text)
    if os.environ.get("UPDATE_SAMPLES") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
