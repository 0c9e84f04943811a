"""Move or cancel a seminar, and tell its registrants in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from app.changes import emails
from app.extensions import db
from app.models import Registration, RegistrationStatus, Reminder, Seminar, SeminarStatus
from app.reminders.service import withdraw

#: Who hears about a change: those with a seat, and those waiting for one.
_TOLD = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value)


class ChangeError(ValueError):
    """A change that cannot be made; the message says why, in words for the organiser."""


@dataclass(frozen=True)
class ChangeReport:
    told: int  #: emails queued
    withdrawn: int  #: queued reminders taken back before they were sent


def _lock(seminar: Seminar) -> Seminar:
    """Lock the seminar's row and read it again: a reminder run writing a chunk for it finishes
    first, so what it queued is committed and can be withdrawn."""
    return db.session.scalar(sa.select(Seminar).where(Seminar.id == seminar.id).with_for_update()
                             .execution_options(populate_existing=True))


def _told(seminar: Seminar) -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.seminar_id == seminar.id, Registration.status.in_(_TOLD)).order_by(Registration.id)))


def move_seminar(seminar: Seminar, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> ChangeReport:
    """Give the seminar a new time. Registrants get one update email (with an invitation of a
    higher SEQUENCE for those with a seat); reminders follow the new time, and those already
    queued for the old one are withdrawn."""
    seminar = _lock(seminar)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ChangeError("Times must carry their zone.")
    if ends_at <= starts_at:
        raise ChangeError("The seminar must end after it starts.")
    if seminar.cancelled:
        raise ChangeError(f"Seminar {seminar.number} is cancelled; it cannot be moved.")
    if starts_at <= now:
        raise ChangeError("The new start is in the past.")
    if (starts_at, ends_at) == (seminar.starts_at, seminar.ends_at):
        return ChangeReport(0, 0)
    previous = emails.Previous(seminar.starts_at, seminar.ends_at)
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    seminar.starts_at, seminar.ends_at, seminar.rescheduled_at = starts_at, ends_at, now
    db.session.flush()  # the flush raises SEQUENCE, which the invitations carry
    told = _told(seminar)
    for registration in told:
        emails.moved(registration, previous, now)
    db.session.commit()
    return ChangeReport(len(told), withdrawn)


def cancel_seminar(seminar: Seminar, now: dt.datetime, note: str = "") -> ChangeReport:
    """Cancel the seminar: one cancellation email each (METHOD:CANCEL for those with a seat),
    no reminders any more. ``note`` (optional) is the organisers' word to registrants."""
    seminar = _lock(seminar)
    if seminar.cancelled:
        return ChangeReport(0, 0)
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    seminar.status = SeminarStatus.CANCELLED.value
    db.session.flush()
    told = _told(seminar)
    for registration in told:
        emails.cancelled(registration, note.strip(), now)
    db.session.commit()
    return ChangeReport(len(told), withdrawn)
