"""Study tours: an ordered list of legs, each a visit to one city in that city's zone."""
from __future__ import annotations

import datetime as dt
import enum
import zoneinfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now
from app.models.translated import Translated


class Tour(Translated, db.Model):
    __tablename__ = "tours"
    TRANSLATED = ("title", "description", "audience")
    __table_args__ = (sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="RESTRICT"), index=True)
    #: Unique across programmes, as events' are: feeds' UIDs name legs by it.
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: Who is invited to apply ("scholars, officials and media").
    audience: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Accepted participants; None means unlimited.
    capacity: Mapped[int | None]
    #: An itinerary the demo made up from cities the service knows: pages and feeds say so.
    illustrative: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    programme: Mapped["Programme"] = relationship()  # noqa: F821
    legs: Mapped[list["TourLeg"]] = relationship(
        back_populates="tour", order_by="TourLeg.position", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Tour {self.slug}>"


class TourLeg(Translated, db.Model):
    """A visit to one city: its days (or times) are meant in the leg's zone, the city's."""

    __tablename__ = "tour_legs"
    TRANSLATED = ("host",)
    __table_args__ = (
        sa.UniqueConstraint("tour_id", "city_id", name="uq_tour_legs_tour_city"),
        sa.CheckConstraint(
            "(first_day IS NOT NULL AND last_day IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL)"
            " OR (first_day IS NULL AND last_day IS NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL)",
            name="dates_or_instants"),
        sa.CheckConstraint("last_day >= first_day", name="day_order"),
        sa.CheckConstraint("ends_at > starts_at", name="instant_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tour_id: Mapped[int] = mapped_column(sa.ForeignKey("tours.id", ondelete="CASCADE"), index=True)
    #: Order in the itinerary (the legs' dates follow it; the import checks they do not overlap).
    position: Mapped[int] = mapped_column(default=0)
    #: RESTRICT: a city on an itinerary stays; a tour visits a city once, so the leg's UID names it.
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id", ondelete="RESTRICT"), index=True)
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    #: Who receives the visitors there (a city department, an institute).
    host: Mapped[str] = mapped_column(sa.String(200), default="")
    timezone: Mapped[str] = mapped_column(sa.String(64))
    first_day: Mapped[dt.date | None] = mapped_column(sa.Date)
    last_day: Mapped[dt.date | None] = mapped_column(sa.Date)
    starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: RFC 5545 SEQUENCE: grows when the leg's dates, times or place change.
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    tour: Mapped[Tour] = relationship(back_populates="legs")
    city: Mapped["City"] = relationship()  # noqa: F821
    venue: Mapped["Venue | None"] = relationship()  # noqa: F821

    @property
    def all_day(self) -> bool:
        return self.first_day is not None

    @property
    def local_start(self) -> dt.datetime | None:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.timezone)) if self.starts_at else None

    @property
    def local_end(self) -> dt.datetime | None:
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.timezone)) if self.ends_at else None


class ApplicationStatus(str, enum.Enum):
    PENDING = "pending"  #: sent, the address not confirmed yet
    APPLIED = "applied"  #: confirmed, waiting for the organisers' decision
    WAITLISTED = "waitlisted"  #: confirmed while the tour was full
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class TourApplication(db.Model):
    """A person's request to join a tour: double opt-in, then the organisers accept or decline."""

    __tablename__ = "tour_applications"
    __table_args__ = (
        sa.UniqueConstraint("tour_id", "registrant_id", name="uq_tour_applications_tour_registrant"),
        sa.CheckConstraint("status IN ('pending', 'applied', 'waitlisted', 'accepted', 'declined', 'withdrawn')",
                           name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: RESTRICT: a tour with applications is not removed (the import refuses it first, with a message).
    tour_id: Mapped[int] = mapped_column(sa.ForeignKey("tours.id", ondelete="RESTRICT"), index=True)
    #: The person (the same row as for seminar registrations: one manage page, one feed).
    registrant_id: Mapped[int] = mapped_column(sa.ForeignKey("registrants.id", ondelete="CASCADE"), index=True)
    #: Why they want to join, for the organisers.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=ApplicationStatus.PENDING.value)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When the organisers accepted or declined.
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    tour: Mapped[Tour] = relationship()
    registrant: Mapped["Registrant"] = relationship()  # noqa: F821
