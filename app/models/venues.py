"""Venues: where people meet in person (a hotel, a city hall), each in its city and zone."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now
from app.models.translated import Translated


class Venue(Translated, db.Model):
    __tablename__ = "venues"
    TRANSLATED = ("name",)
    __table_args__ = (
        sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="both_coordinates"),
        sa.CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)",
                           name="coordinates_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: The postal address, one line per part; calendars show it as LOCATION.
    address: Mapped[str] = mapped_column(sa.Text, default="")
    #: RESTRICT: a city that hosts a venue stays (the import refuses it first, with a message).
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id", ondelete="RESTRICT"), index=True)
    #: IANA zone of the venue: what is held there is shown in it first.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    #: WGS 84 degrees, both or neither: feeds' GEO and the OpenStreetMap link.
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    city: Mapped["City"] = relationship()  # noqa: F821

    @property
    def coordinates(self) -> tuple[float, float] | None:
        return (self.latitude, self.longitude) if self.latitude is not None else None

    @property
    def location(self) -> str:
        """What a calendar's LOCATION says: the name, then the address on one line."""
        return ", ".join(part for part in (self.name, " ".join(self.address.split()).replace("\n", ", ")) if part)

    def __repr__(self) -> str:
        return f"<Venue {self.slug}>"
