"""What an edit already applied to a seminar sets off, in the caller's transaction: the console's
form and the programme file's import both call ``follow_up`` and nothing else.

In order: a changed reminder list is never sent late; more seats promote the waiting list (the
promoted get "a seat is yours" at the new time and no update besides); a cancellation or a new time
withdraws queued reminders and unsent update emails, then (``notify``) emails each registrant once;
the audit log records the edit. SEQUENCE grows at the flush (models/versioning.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app import audit
from app.extensions import db
from app.models import OutboxMessage, OutboxStatus, Registration, RegistrationStatus, Reminder, Seminar
from app.outbox.enqueue import add_new
from app.registration.service import promote
from app.reminders.service import withdraw
from app.seminars import emails
from app.seminars.fields import snapshot

#: Who hears about a change: those with a seat, and those waiting for one.
_TOLD = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value)


@dataclass(frozen=True)
class ChangeReport:
    told: int  #: emails queued
    withdrawn: int  #: queued reminders taken back before they were sent
    stale_updates: int = 0  #: earlier update emails taken back unsent (their time is no longer true)


@dataclass(frozen=True)
class Before:
    """A seminar as it was before the edit, read under its lock."""

    values: dict  #: snapshot()
    previous: emails.Previous
    cancelled: bool

    @classmethod
    def of(cls, seminar: Seminar) -> Before:
        return cls(snapshot(seminar), emails.Previous(seminar.starts_at, seminar.ends_at), seminar.cancelled)


@dataclass(frozen=True)
class Outcome:
    changes: dict[str, list] = field(default_factory=dict)  #: as the audit log records them
    report: ChangeReport = ChangeReport(0, 0)
    promoted: int = 0
    moved: bool = False  #: the times changed
    cancelled: bool = False  #: newly cancelled


def lock(seminar: Seminar) -> Seminar:
    """Lock the seminar's row and read it again: a reminder run writing a chunk for it finishes
    first, so what it queued is committed and can be withdrawn."""
    return db.session.scalar(sa.select(Seminar).where(Seminar.id == seminar.id).with_for_update()
                             .execution_options(populate_existing=True))


def follow_up(seminar: Seminar, before: Before, now: dt.datetime, *, notify: bool, note: str = "",
              source: str = "") -> Outcome:
    """Everything the edit of ``seminar`` (``before`` is how it was) sets off; nothing commits.
    ``note`` is the organisers' word in a cancellation email; ``source`` ("by an import") is the
    audit entry's summary, else it sums up who was told."""
    if before.values["reminder_offsets"] != seminar.reminder_offsets:
        seminar.rescheduled_at = now  # a reminder added late is not sent late
    promoted = []
    if not seminar.cancelled and before.values["capacity"] is not None and (
            seminar.capacity is None or seminar.capacity > before.values["capacity"]):
        while (registration := promote(seminar, now)) is not None:
            promoted.append(registration.id)
    cancelled = seminar.cancelled and not before.cancelled
    moved = (seminar.starts_at, seminar.ends_at) != (before.previous.starts_at, before.previous.ends_at)
    report = ChangeReport(0, 0)
    if cancelled:
        report = _after_cancel(seminar, now, note, notify=notify)
    elif moved:
        report = _after_move(seminar, before.previous, now, notify=notify, skip=set(promoted))
    db.session.flush()
    outcome = Outcome(audit.diff(before.values, snapshot(seminar)), report, len(promoted), moved, cancelled)
    if outcome.changes:
        audit.record("cancelled" if cancelled else "moved" if moved else "changed", "seminar", seminar.slug,
                      outcome.changes, source or _summary(outcome, notify), now=now, row=seminar)
    return outcome


def _after_move(seminar: Seminar, previous: emails.Previous, now: dt.datetime, *, notify: bool,
                skip: set[int]) -> ChangeReport:
    """Queued reminders for the old time are withdrawn, reminders due before now are never sent
    late, and each registrant gets one update email."""
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    stale = _withdraw_unsent_updates(seminar)
    seminar.rescheduled_at = now
    db.session.flush()  # the flush raises SEQUENCE, which the invitations carry
    told = _told(seminar) if notify else []
    queued = add_new([emails.moved(registration, previous, now) for registration in told
                      if registration.id not in skip])  # ``skip``: just promoted, told at the new time
    return ChangeReport(queued, withdrawn, stale)


def _after_cancel(seminar: Seminar, now: dt.datetime, note: str, *, notify: bool) -> ChangeReport:
    """No reminder is sent any more and each registrant gets one cancellation email."""
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    stale = _withdraw_unsent_updates(seminar)
    db.session.flush()
    told = _told(seminar) if notify else []
    queued = add_new([emails.cancelled(registration, note.strip(), now) for registration in told])
    return ChangeReport(queued, withdrawn, stale)


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


def _summary(outcome: Outcome, notify: bool) -> str:
    parts, report = [], outcome.report
    if outcome.moved or outcome.cancelled:
        parts.append(f"{report.told} registrant{'s' if report.told != 1 else ''} emailed" if notify
                     else "registrants not emailed")
        parts.append(f"{report.withdrawn} queued reminder{'s' if report.withdrawn != 1 else ''} withdrawn")
    if outcome.promoted:
        parts.append(f"{outcome.promoted} promoted from the waiting list")
    return "; ".join(parts)
