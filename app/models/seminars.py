"""Seminars: the sessions of a seminar series, each with its own meeting."""
from __future__ import annotations

import datetime as dt
import enum
import zoneinfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.reminders import DEFAULT_REMINDERS
from app.models.types import UTCDateTime, utc_now
from app.models.translated import Translated


class SeminarStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Seminar(Translated, db.Model):
    __tablename__ = "seminars"
    TRANSLATED = ("title", "theme")
    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_seminars_event_number"),
        sa.CheckConstraint("ends_at > starts_at", name="instant_order"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    #: The full theme line, longer than the title.
    theme: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: IANA zone in which the organiser set the times (they are stored as UTC).
    timezone: Mapped[str] = mapped_column(sa.String(64))
    meeting_provider: Mapped[str] = mapped_column(sa.String(40), default="Zoom")
    #: Meeting details go to confirmed registrants only, never to public pages or feeds.
    join_url: Mapped[str] = mapped_column(sa.String(500), default="")
    meeting_id: Mapped[str] = mapped_column(sa.String(40), default="")
    passcode: Mapped[str] = mapped_column(sa.String(40), default="")
    #: Confirmed seats; None means unlimited.
    capacity: Mapped[int | None]
    status: Mapped[str] = mapped_column(sa.String(20), default=SeminarStatus.SCHEDULED.value)
    #: Minutes before the start at which reminders go out (a registrant gets those they chose).
    reminder_offsets: Mapped[list[int]] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_REMINDERS))
    #: When an organiser last moved the seminar: reminders that fell due before then are not sent
    #: for the new time (the update email told registrants).
    rescheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Grows when time, status or meeting details change (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    event: Mapped["Event"] = relationship(back_populates="seminars")  # noqa: F821
    initiatives: Mapped[list["Initiative"]] = relationship(  # noqa: F821
        back_populates="seminar", order_by="Initiative.position", cascade="all, delete-orphan"
    )

    @property
    def cancelled(self) -> bool:
        return self.status == SeminarStatus.CANCELLED.value

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.timezone))

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.timezone))

    def __repr__(self) -> str:
        return f"<Seminar {self.slug}>"
