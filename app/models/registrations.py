"""Registrants, their registrations for seminars, and the tokens of their personal feeds."""
from __future__ import annotations

import datetime as dt
import enum
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.reminders import DEFAULT_REMINDERS
from app.models.types import UTCDateTime, utc_now


class RegistrationStatus(str, enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


def new_token() -> str:
    """192 random bits, URL-safe (32 characters): for links that act as a key."""
    return secrets.token_urlsafe(24)




class Registrant(db.Model):
    """A person, identified by their email address (stored normalised, compared exactly)."""

    __tablename__ = "registrants"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Normalised with email-validator and lower-cased: one registrant per mailbox.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Country or city, as the registrant wrote it (optional).
    place: Mapped[str] = mapped_column(sa.String(120), default="")
    #: IANA zone in which the registrant reads times (feeds, emails, the manage page).
    timezone: Mapped[str] = mapped_column(sa.String(64))
    #: The language code (app/languages.py) of every email, invitation and the personal feed:
    #: the page they registered on, or what they chose on the manage page.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    #: The reminders this registrant wants, in minutes before a seminar; they get those the seminar
    #: sends. Empty after "unsubscribe" (List-Unsubscribe): no reminders at all.
    reminder_offsets: Mapped[list[int]] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_REMINDERS))
    #: When the reminder choice last changed: a reminder that fell due before then is not sent
    #: (ticking "24 hours before" two hours before the start sends nothing late).
    reminders_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The secret of the manage page link (sent by email only).
    manage_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: When the registrant agreed to receive the emails about their registrations.
    consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    registrations: Mapped[list["Registration"]] = relationship(
        back_populates="registrant", cascade="all, delete-orphan")
    feed_tokens: Mapped[list["FeedToken"]] = relationship(
        back_populates="registrant", cascade="all, delete-orphan")


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("registrant_id", "seminar_id", name="uq_registrations_registrant_seminar"),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registrant_id: Mapped[int] = mapped_column(sa.ForeignKey("registrants.id", ondelete="CASCADE"), index=True)
    seminar_id: Mapped[int] = mapped_column(sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=RegistrationStatus.PENDING.value)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Waiting-list order: the earliest is promoted first when a seat frees up.
    waitlisted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The secret of this registration's /join link, which redirects to the current meeting URL.
    join_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: Last change of status (the personal feed's Last-Modified follows it).
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    registrant: Mapped[Registrant] = relationship(back_populates="registrations")
    seminar: Mapped["Seminar"] = relationship()  # noqa: F821


class FeedToken(db.Model):
    """The secret in a personal feed URL; revoking it (a new one is issued) cuts off old copies."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    registrant_id: Mapped[int] = mapped_column(sa.ForeignKey("registrants.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    registrant: Mapped[Registrant] = relationship(back_populates="feed_tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None
