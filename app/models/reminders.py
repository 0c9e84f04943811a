"""Reminders: one row per reminder that reached its time, whatever became of it.

The row is the exactly-once guard. It is inserted (ON CONFLICT DO NOTHING) in the transaction that
queues the reminder's email, so a second scheduler, or the same job run twice, finds the row and
queues nothing. A reminder that could not be useful any more is recorded as skipped, with why.
"""
from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now


#: The reminders on offer, in minutes before the start. Organisers pick a seminar's among these;
#: a registrant picks among those the open seminars send.
REMINDER_CHOICES = {10080: "1 week before", 1440: "24 hours before", 180: "3 hours before",
                    60: "1 hour before", 15: "15 minutes before"}
#: What a seminar sends, and a registrant asks for, unless they choose otherwise.
DEFAULT_REMINDERS = [1440, 60]


class ReminderStatus(str, enum.Enum):
    QUEUED = "queued"  #: its email is in the outbox (``outbox_key``)
    SKIPPED = "skipped"  #: not sent; ``reason`` says why


class SkipReason(str, enum.Enum):
    STARTED = "started"  #: the seminar had started before the reminder could go out
    SUPERSEDED = "superseded"  #: a later reminder for the same seminar was due too; only that one went


class Reminder(db.Model):
    __tablename__ = "reminders"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "seminar_id", "offset_minutes", "starts_at",
                            name="uq_reminders_once"),
        sa.CheckConstraint("status IN ('queued', 'skipped')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id", ondelete="CASCADE"))
    seminar_id: Mapped[int] = mapped_column(sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    #: Minutes before the start.
    offset_minutes: Mapped[int]
    #: The start this reminder was for: a seminar moved to a new time gets reminders for that time.
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.String(20), default="")
    #: The outbox message of a queued reminder (its Message-ID derives from this key).
    outbox_key: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    registration: Mapped["Registration"] = relationship()  # noqa: F821
