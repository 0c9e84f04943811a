"""The "City of Your Choice" vote: requests to vote (ballots) and the votes that count."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime


class Ballot(db.Model):
    """One request to vote, named by the emailed confirmation link; it counts once confirmed."""

    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The vote event (kind "vote") the request belongs to.
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id", ondelete="CASCADE"), index=True)
    #: Normalised as the forms do (domain lower-cased by email-validator, then all lower-cased):
    #: kept to count one vote per address, never shown.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    cast_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: The language of the page the vote was cast on: its emails are written in it.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    #: Set by the first use of the link; a used link never counts again.
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    city: Mapped["City"] = relationship()  # noqa: F821


class Vote(db.Model):
    """The vote that counts: one per address and vote event, for the city of its last confirmed ballot."""

    __tablename__ = "votes"
    __table_args__ = (sa.UniqueConstraint("event_id", "email", name="uq_votes_event_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: RESTRICT: a city that holds votes cannot be removed (the import refuses it first, with a message).
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id", ondelete="RESTRICT"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    confirmed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    city: Mapped["City"] = relationship()  # noqa: F821
