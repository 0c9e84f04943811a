"""Events: the calendar entries of a programme (a seminar series, a vote, a ceremony)."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now
from app.models.translated import Translated

EVENT_KINDS = ("seminar-series", "vote", "ceremony", "forum", "meeting", "reception", "visit")


class Event(Translated, db.Model):
    __tablename__ = "events"
    TRANSLATED = ("title", "description", "location")
    __table_args__ = (
        sa.CheckConstraint(
            "(first_day IS NOT NULL AND last_day IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL)"
            " OR (first_day IS NULL AND last_day IS NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL)",
            name="dates_or_instants",
        ),
        sa.CheckConstraint("last_day >= first_day", name="day_order"),
        sa.CheckConstraint("ends_at > starts_at", name="instant_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: RESTRICT: a programme goes only once its events have gone.
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="RESTRICT"), index=True)
    #: Unique across programmes, as seminars' are: feeds' UIDs and the old URLs name entries by slug.
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: "Online", or the place where people meet ("Guangzhou, China").
    location: Mapped[str] = mapped_column(sa.String(200), default="Online")
    #: IANA zone in which organisers set the dates or times.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    #: All-day ranges: the first and last day, inclusive. Dates, not midnights.
    first_day: Mapped[dt.date | None] = mapped_column(sa.Date)
    last_day: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: Where people meet in person; the event is shown in the venue's zone first.
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    #: A session of a multi-day meeting (its timetable), shown within the meeting.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: The times are the organisers' placeholder until announced: pages and feeds say so.
    provisional: Mapped[bool] = mapped_column(default=False)
    #: Timed events: start and end instants (UTC).
    starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Grows with every change that matters to calendars (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    programme: Mapped["Programme"] = relationship(back_populates="events")  # noqa: F821
    seminars: Mapped[list["Seminar"]] = relationship(  # noqa: F821
        back_populates="event", order_by="Seminar.number", cascade="all, delete-orphan"
    )
    venue: Mapped["Venue | None"] = relationship()  # noqa: F821
    sessions: Mapped[list["Event"]] = relationship(order_by="Event.starts_at", cascade="all, delete-orphan",
                                                   back_populates="parent")
    parent: Mapped["Event | None"] = relationship(back_populates="sessions", remote_side="Event.id")

    @property
    def all_day(self) -> bool:
        return self.first_day is not None

    @property
    def online(self) -> bool:
        return self.location.strip().lower() == "online"

    @property
    def first_date(self) -> dt.date:
        """The day it begins, in its own zone: lists sort on it (a NULL first_day sorts first on
        SQLite and last on PostgreSQL)."""
        return self.first_day if self.first_day is not None else self.local_start.date()

    @property
    def local_start(self) -> dt.datetime | None:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.timezone)) if self.starts_at else None

    @property
    def local_end(self) -> dt.datetime | None:
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.timezone)) if self.ends_at else None

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"

