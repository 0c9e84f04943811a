"""Move or cancel a seminar, and tell its registrants in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.changes import emails
from app.extensions import db
from app.models import (OutboxMessage, OutboxStatus, Registration, RegistrationStatus, Reminder, Seminar,
                        SeminarStatus)
from app.outbox.enqueue import add_new
from app.reminders.service import withdraw

#: Who hears about a change: those with a seat, and those waiting for one.
_TOLD = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value)


class ChangeError(ValueError):
    """A change that cannot be made; the message says why, in words for the organiser."""


@dataclass(frozen=True)
class ChangeReport:
    told: int  #: emails queued
    withdrawn: int  #: queued reminders taken back before they were sent
    stale_updates: int = 0  #: earlier update emails taken back unsent (their time is no longer true)


def lock(seminar: Seminar) -> Seminar:
    """Lock the seminar's row and read it again: a reminder run writing a chunk for it finishes
    first, so what it queued is committed and can be withdrawn."""
    return db.session.scalar(sa.select(Seminar).where(Seminar.id == seminar.id).with_for_update()
                             .execution_options(populate_existing=True))


def _told(seminar: Seminar) -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.seminar_id == seminar.id, Registration.status.in_(_TOLD))
        .options(selectinload(Registration.registrant)).order_by(Registration.id)))


def _withdraw_unsent_updates(seminar: Seminar) -> int:
    """An update email still waiting in the outbox announces a time that is no longer true: take it
    back, so a seminar moved twice in a row sends one email, with the latest time."""
    registrations = set(db.session.scalars(sa.select(Registration.id).where(Registration.seminar_id == seminar.id)))
    pending = db.session.execute(sa.select(OutboxMessage.id, OutboxMessage.key).where(
        OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.key.like("moved:%"))).all()
    stale = [id_ for id_, key in pending if int(key.split(":")[1]) in registrations]
    if stale:
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(stale))
                           .values(status=OutboxStatus.WITHDRAWN.value).execution_options(synchronize_session=False))
    return len(stale)


def move_seminar(seminar: Seminar, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> ChangeReport:
    """Give the seminar a new time and commit. Registrants get one update email (with an
    invitation of a higher SEQUENCE for those with a seat); reminders follow the new time, and
    those already queued for the old one are withdrawn."""
    seminar = lock(seminar)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ChangeError("Times must carry their zone.")
    if ends_at <= starts_at:
        raise ChangeError("The seminar must end after it starts.")
    previous = emails.Previous(seminar.starts_at, seminar.ends_at)
    check_move(seminar, starts_at, now)
    if (starts_at, ends_at) == (seminar.starts_at, seminar.ends_at):
        return ChangeReport(0, 0)
    seminar.starts_at, seminar.ends_at = starts_at, ends_at
    report = after_move(seminar, previous, now, notify=True)
    db.session.commit()
    return report


def check_move(seminar: Seminar, starts_at: dt.datetime, now: dt.datetime) -> None:
    """Refuse a new time that registrants could not follow (the seminar is locked by the caller)."""
    if seminar.cancelled:
        raise ChangeError(f"Seminar {seminar.number} is cancelled; it cannot be moved.")
    if starts_at != seminar.starts_at and starts_at <= now:
        raise ChangeError("The new start is in the past.")
    if seminar.starts_at <= now and starts_at != seminar.starts_at:
        raise ChangeError(f"Seminar {seminar.number} has already started; it cannot be moved.")


def after_move(seminar: Seminar, previous: emails.Previous, now: dt.datetime, *, notify: bool,
               skip: set[int] = frozenset()) -> ChangeReport:
    """What follows a new time, in the caller's transaction: queued reminders for the old time are
    withdrawn, reminders due before now are never sent late, and (``notify``) each registrant gets
    one update email."""
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    stale = _withdraw_unsent_updates(seminar)
    seminar.rescheduled_at = now
    db.session.flush()  # the flush raises SEQUENCE, which the invitations carry
    told = _told(seminar) if notify else []
    queued = add_new([emails.moved(registration, previous, now) for registration in told
                      if registration.id not in skip])  # ``skip``: just promoted, told at the new time
    return ChangeReport(queued, withdrawn, stale)


def cancel_seminar(seminar: Seminar, now: dt.datetime, note: str = "") -> ChangeReport:
    """Cancel the seminar and commit: one cancellation email each (METHOD:CANCEL for those with a
    seat), no reminders any more. ``note`` (optional) is the organisers' word to registrants."""
    seminar = lock(seminar)
    if seminar.cancelled:
        return ChangeReport(0, 0)
    seminar.status = SeminarStatus.CANCELLED.value
    report = after_cancel(seminar, now, note, notify=True)
    db.session.commit()
    return report


def after_cancel(seminar: Seminar, now: dt.datetime, note: str = "", *, notify: bool) -> ChangeReport:
    """What follows a cancellation, in the caller's transaction: no reminder is sent any more and
    (``notify``) each registrant gets one cancellation email."""
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    stale = _withdraw_unsent_updates(seminar)
    db.session.flush()
    told = _told(seminar) if notify else []
    queued = add_new([emails.cancelled(registration, note.strip(), now) for registration in told])
    return ChangeReport(queued, withdrawn, stale)
