"""Programmes: one cycle or meeting of the award (the 2012 Board meeting, the 2015 study tours, the
2023 cycle), holding its events, and the cities taking part in it."""
from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now
from app.models.translated import Translated


class ProgrammeStatus(str, enum.Enum):
    DRAFT = "draft"  #: organisers only
    PUBLISHED = "published"  #: public; upcoming, current or (once its last day is past) in the archive
    ARCHIVED = "archived"  #: public, in the archive, taking no registrations, votes or applications


#: Taking part in a programme: a city is a place, and can be in several (Guangzhou hosts 2012 and
#: presents in 2023).
programme_cities = sa.Table(
    "programme_cities", db.metadata,
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("city_id", sa.ForeignKey("cities.id", ondelete="CASCADE"), primary_key=True),
)

#: The programmes an editor may change (an admin may change every programme).
programme_editors = sa.Table(
    "programme_editors", db.metadata,
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organiser_id", sa.ForeignKey("organisers.id", ondelete="CASCADE"), primary_key=True),
)


class Programme(Translated, db.Model):
    __tablename__ = "programmes"
    TRANSLATED = ("title", "description")
    __table_args__ = (
        sa.CheckConstraint("last_day >= first_day", name="day_order"),
        sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The /p/<slug>/ of its pages and feeds; never a reserved path (app/programmes/slugs.py).
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: The language (code, app/languages.py) of its texts' own columns: a reader whose language
    #: has no translation reads this one.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    #: The organisers' zone: the programme's dates are days in it.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    first_day: Mapped[dt.date] = mapped_column(sa.Date)
    last_day: Mapped[dt.date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), default=ProgrammeStatus.PUBLISHED.value)
    #: The programme the single-programme service's URLs (/programme, /seminars/<slug>,
    #: /calendars/programme.ics ...) still serve, so no subscriber loses a calendar. At most one.
    serves_old_urls: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    events: Mapped[list["Event"]] = relationship(back_populates="programme")  # noqa: F821
    cities: Mapped[list["City"]] = relationship(secondary=programme_cities, order_by="City.name")  # noqa: F821
    editors: Mapped[list["Organiser"]] = relationship(secondary=programme_editors)  # noqa: F821
    tours: Mapped[list["Tour"]] = relationship(order_by="Tour.id", viewonly=True)  # noqa: F821

    @property
    def has_seminars(self) -> bool:
        return any(event.seminars for event in self.events)

    @property
    def has_vote(self) -> bool:
        return any(event.kind == "vote" for event in self.events)

    @property
    def public(self) -> bool:
        return self.status != ProgrammeStatus.DRAFT.value

    @property
    def archived(self) -> bool:
        """It takes no registrations and no votes any more; its pages stay."""
        return self.status == ProgrammeStatus.ARCHIVED.value

    def is_past(self, today: dt.date) -> bool:
        """Over (its last day is past in its own zone) or archived: it takes no one new."""
        return self.status == ProgrammeStatus.ARCHIVED.value or self.last_day < today

    def __repr__(self) -> str:
        return f"<Programme {self.slug}>"
