"""The outbox: every email is written here in the same transaction as the change that causes it,
then sent by the scheduler's delivery job."""
from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utc_now


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    #: Taken back before it was sent (a reminder for a seminar that moved or was cancelled).
    WITHDRAWN = "withdrawn"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed', 'withdrawn')", name="status_known"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the message is about, unique: e.g. "confirm:12:3f9a…". Sending the same thing twice
    #: is refused by this constraint, and the Message-ID is derived from it.
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text, default="")
    #: An iCalendar invitation (iMIP) sent as a text/calendar part and as invite.ics.
    ics: Mapped[str] = mapped_column(sa.Text, default="")
    ics_method: Mapped[str] = mapped_column(sa.String(20), default="")
    #: Extra headers as "Name: value" lines (List-Unsubscribe and the like).
    headers: Mapped[str] = mapped_column(sa.Text, default="")
    #: The RFC 5322 bytes, built once when queued (app.outbox.compose); delivery streams them.
    #: None for a row queued before the column existed: built at send time.
    raw: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.String(20), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    #: A delivery worker holds the row until then; a crashed worker's claim simply expires.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def header_items(self) -> list[tuple[str, str]]:
        return header_items(self.headers)


def header_items(headers: str) -> list[tuple[str, str]]:
    """``"Name: value"`` lines as (name, value) pairs."""
    return [tuple(part.strip() for part in line.split(":", 1)) for line in headers.splitlines() if line]
