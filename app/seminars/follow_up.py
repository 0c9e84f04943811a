"""What an edit already applied to a seminar sets off, in the caller's transaction: the console's
form and the programme file's import both call ``follow_up`` and nothing else.

In order: a changed reminder list is never sent late; more seats promote the waiting list in one
UPDATE (the promoted get "a seat is yours" at the new time and no update besides); a cancellation or
a new time withdraws queued reminders and unsent update emails, then (``notify``) records a fan-out
that the scheduler expands into one email per registrant (app/seminars/fanout.py); the audit log
records the edit. SEQUENCE grows at the flush (models/versioning.py). Nothing here is rendered per
registrant: a few SQL statements, whatever the number of registrants.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.models import FanoutKind, Reminder, Seminar
from app.registration.waiting_list import promote_waiting
from app.reminders.service import withdraw
from app.seminars import emails, fanout
from app.seminars.fields import snapshot


@dataclass(frozen=True)
class ChangeReport:
    told: int  #: registrants to be emailed (the fan-out's total)
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
        db.session.flush()  # the new capacity and status, which the promotion reads
        promoted = promote_waiting(seminar, now)
    if promoted:  # "a seat is yours", rendered at the seminar's time when the job gets to it
        fanout.start(FanoutKind.PROMOTED, seminar, now, ids=promoted)
    cancelled = seminar.cancelled and not before.cancelled
    moved = (seminar.starts_at, seminar.ends_at) != (before.previous.starts_at, before.previous.ends_at)
    report = ChangeReport(0, 0)
    if cancelled:
        report = _after_cancel(seminar, now, note, notify=notify)
    elif moved:
        report = _after_move(seminar, before.previous, now, notify=notify, skip=promoted)
    db.session.flush()
    outcome = Outcome(audit.diff(before.values, snapshot(seminar)), report, len(promoted), moved, cancelled)
    if outcome.changes and not (moved or cancelled):
        # A staged reminder shows the title, the theme and the meeting as they were: take it back,
        # and the next reminder run renders it again from the edited seminar.
        withdraw(Reminder.seminar_id == seminar.id, now=now, staged_only=True)
    if outcome.changes:
        audit.record("cancelled" if cancelled else "moved" if moved else "changed", "seminar", seminar.slug,
                      outcome.changes, source or _summary(outcome, notify), now=now, row=seminar)
    return outcome


def _after_move(seminar: Seminar, previous: emails.Previous, now: dt.datetime, *, notify: bool,
                skip: list[int]) -> ChangeReport:
    """Queued reminders for the old time are withdrawn, reminders due before now are never sent
    late, and each registrant will get one update email."""
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    stale = fanout.supersede(seminar, now)
    seminar.rescheduled_at = now
    db.session.flush()  # the flush raises SEQUENCE, which the keys and invitations carry
    if not notify:
        return ChangeReport(0, withdrawn, stale)
    # ``skip``: just promoted, told at the new time by their own email
    started = fanout.start(FanoutKind.MOVED, seminar, now, skip=skip, previous_starts_at=previous.starts_at,
                           previous_ends_at=previous.ends_at)
    return ChangeReport(started.total, withdrawn, stale)


def _after_cancel(seminar: Seminar, now: dt.datetime, note: str, *, notify: bool) -> ChangeReport:
    """No reminder is sent any more and each registrant will get one cancellation email."""
    withdrawn = withdraw(Reminder.seminar_id == seminar.id)
    stale = fanout.supersede(seminar, now)
    db.session.flush()
    if not notify:
        return ChangeReport(0, withdrawn, stale)
    started = fanout.start(FanoutKind.CANCELLED, seminar, now, body=note.strip())
    return ChangeReport(started.total, withdrawn, stale)


def _summary(outcome: Outcome, notify: bool) -> str:
    parts, report = [], outcome.report
    if outcome.moved or outcome.cancelled:
        parts.append(f"{report.told} registrant{'s' if report.told != 1 else ''} emailed" if notify
                     else "registrants not emailed")
        parts.append(f"{report.withdrawn} queued reminder{'s' if report.withdrawn != 1 else ''} withdrawn")
    if outcome.promoted:
        parts.append(f"{outcome.promoted} promoted from the waiting list")
    return "; ".join(parts)
