"""Cities on the shortlist and the initiatives they present."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now
from app.models.translated import Translated


class City(Translated, db.Model):
    __tablename__ = "cities"
    TRANSLATED = ("name", "country", "region")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name folded to lowercase ASCII with hyphens: ``sao-paulo``.
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    country: Mapped[str] = mapped_column(sa.String(120))
    #: The wider place a district belongs to ("Mexico City" for Alcaldía Iztapalapa).
    region: Mapped[str] = mapped_column(sa.String(120), default="")
    timezone: Mapped[str] = mapped_column(sa.String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    initiatives: Mapped[list["Initiative"]] = relationship(
        back_populates="city", cascade="all, delete-orphan"
    )

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.name, self.region, self.country) if part)

    def __repr__(self) -> str:
        return f"<City {self.slug}>"


class Initiative(Translated, db.Model):
    __tablename__ = "initiatives"
    TRANSLATED = ("title",)
    __table_args__ = (sa.UniqueConstraint("seminar_id", "city_id", name="uq_initiatives_seminar_city"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.Text)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id", ondelete="CASCADE"), index=True)
    seminar_id: Mapped[int] = mapped_column(sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    #: Order of presentation within the seminar.
    position: Mapped[int] = mapped_column(default=0)

    city: Mapped[City] = relationship(back_populates="initiatives")
    #: active_history: a move to another seminar must know the seminar it leaves (feeds restamp it).
    seminar: Mapped["Seminar"] = relationship(back_populates="initiatives", active_history=True)  # noqa: F821
