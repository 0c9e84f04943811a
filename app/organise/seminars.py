"""Add and edit seminars: one transaction holds the edit, its consequences and its audit entry.

Consequences of an edit: SEQUENCE grows (models/versioning.py) and every feed's cache key moves;
a new time withdraws queued reminders and (``notify``) emails one update per registrant; a
cancellation does the same with a cancellation email; more seats promote the waiting list.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa

from app.changes import emails as change_emails
from app.changes.service import ChangeError, ChangeReport, after_cancel, after_move, check_move, lock
from app.extensions import db
from app.models import Registration, RegistrationStatus, Seminar, SeminarStatus
from app import audit
from app.registration.service import promote
from calendars import zones


class FieldError(ValueError):
    """An edit refused because of one field; the message goes beside it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class SeminarData:
    event_id: int
    number: int
    slug: str
    title: str
    theme: str
    timezone: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    meeting_provider: str
    join_url: str
    meeting_id: str
    passcode: str
    capacity: int | None
    reminder_offsets: list[int]
    status: str


@dataclass
class Saved:
    seminar: Seminar
    changes: dict[str, list] = field(default_factory=dict)
    report: ChangeReport = ChangeReport(0, 0)
    promoted: int = 0
    moved: bool = False
    cancelled: bool = False


def snapshot(seminar: Seminar) -> dict:
    """The editable fields, times read in the seminar's own zone (as the log shows them)."""
    values = {name: getattr(seminar, name) for name in SeminarData.__dataclass_fields__}
    values["starts_at"], values["ends_at"] = seminar.local_start, seminar.local_end
    return values


def _local(data: SeminarData) -> dict:
    values = asdict(data)
    values["starts_at"] = data.starts_at.astimezone(zones.get_zone(data.timezone))
    values["ends_at"] = data.ends_at.astimezone(zones.get_zone(data.timezone))
    return values


def _check_unique(data: SeminarData, seminar: Seminar | None) -> None:
    other = sa.select(Seminar.id).where(Seminar.id != (seminar.id if seminar else -1))
    if db.session.scalar(other.where(Seminar.slug == data.slug)) is not None:
        raise FieldError("slug", f"Another seminar already uses the address name “{data.slug}”.")
    if db.session.scalar(other.where(Seminar.event_id == data.event_id, Seminar.number == data.number)) is not None:
        raise FieldError("number", f"This event already has a Seminar {data.number}.")


def confirmed_count(seminar: Seminar) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.seminar_id == seminar.id, Registration.status == RegistrationStatus.CONFIRMED.value))


def follow_up(seminar: Seminar, before: dict, previous: change_emails.Previous, was_cancelled: bool, now: dt.datetime,
              *, notify: bool, note: str = "") -> tuple[ChangeReport, int]:
    """What an edit already applied to ``seminar`` sets off (the form and the import alike), in the
    caller's transaction; ``before`` is its snapshot. Returns the report and how many were promoted."""
    if before["reminder_offsets"] != seminar.reminder_offsets:
        seminar.rescheduled_at = now  # a reminder added late is not sent late
    promoted = []
    if not seminar.cancelled and before["capacity"] is not None and (
            seminar.capacity is None or seminar.capacity > before["capacity"]):
        # First: the promoted get "a seat is yours" at the new time, and no update email besides.
        while (registration := promote(seminar, now)) is not None:
            promoted.append(registration.id)
    report = ChangeReport(0, 0)
    if seminar.cancelled and not was_cancelled:
        report = after_cancel(seminar, now, note, notify=notify)
    elif (seminar.starts_at, seminar.ends_at) != (previous.starts_at, previous.ends_at):
        report = after_move(seminar, previous, now, notify=notify, skip=set(promoted))
    return report, len(promoted)


def add_seminar(data: SeminarData, *, now: dt.datetime) -> Saved:
    """A new seminar (scheduled or not), committed with its audit entry."""
    _check_unique(data, None)
    if data.starts_at <= now and data.status == SeminarStatus.SCHEDULED.value:
        raise FieldError("date", "That start is in the past; give the date and time of a coming seminar.")
    seminar = Seminar(**asdict(data))
    db.session.add(seminar)
    db.session.flush()
    changes = audit.diff({}, _local(data))
    audit.record("added", "seminar", seminar.slug, changes, f"Seminar {seminar.number} added", now=now)
    db.session.commit()
    return Saved(seminar, changes)


def save_seminar(seminar: Seminar, data: SeminarData, *, now: dt.datetime, notify: bool, note: str = "",
                 loaded: str = "") -> Saved:
    """Apply an edit and everything that follows from it, then commit; FieldError changes nothing.
    ``loaded`` is the seminar's ``updated_at`` when the form was shown: if another organiser saved
    since, this form would undo their change, so it is refused."""
    seminar = lock(seminar)
    if loaded and loaded != seminar.updated_at.isoformat():
        raise FieldError("loaded", "Someone else saved this seminar after you opened it. Nothing was saved: "
                                   "reload the page to see their change, then make yours again.")
    before = snapshot(seminar)
    changes = audit.diff(before, _local(data))
    moved = (data.starts_at, data.ends_at) != (seminar.starts_at, seminar.ends_at)
    cancelling = data.status == SeminarStatus.CANCELLED.value and not seminar.cancelled
    if seminar.cancelled and data.status != SeminarStatus.CANCELLED.value:
        raise FieldError("status", f"Seminar {seminar.number} was cancelled and registrants were told; it stays "
                                   "cancelled. Add a new seminar for a new date.")
    if moved:
        try:
            check_move(seminar, data.starts_at, now)
        except ChangeError as error:
            raise FieldError("date", str(error)) from None
    if cancelling and seminar.ends_at <= now:
        raise FieldError("status", f"Seminar {seminar.number} is over; there is nothing left to cancel.")
    if data.capacity is not None and data.capacity < (taken := confirmed_count(seminar)):
        raise FieldError("capacity", f"{taken} seats are already taken; the capacity cannot be lower. "
                                     "Registrants can give up their seat from their manage page.")
    _check_unique(data, seminar)
    if not changes:
        return Saved(seminar)
    previous, was_cancelled = change_emails.Previous(seminar.starts_at, seminar.ends_at), seminar.cancelled
    for name, value in asdict(data).items():
        if getattr(seminar, name) != value:
            setattr(seminar, name, value)
    report, promoted = follow_up(seminar, before, previous, was_cancelled, now, notify=notify, note=note)
    db.session.flush()
    action = "cancelled" if cancelling else "moved" if moved else "changed"
    audit.record(action, "seminar", seminar.slug, changes, _summary(report, promoted, notify, moved or cancelling),
                 now=now)
    db.session.commit()
    return Saved(seminar, changes, report, promoted, moved, cancelling)


def _summary(report: ChangeReport, promoted: int, notify: bool, told_matters: bool) -> str:
    parts = []
    if told_matters:
        parts.append(f"{report.told} registrant{'s' if report.told != 1 else ''} emailed" if notify
                     else "registrants not emailed")
        parts.append(f"{report.withdrawn} queued reminder{'s' if report.withdrawn != 1 else ''} withdrawn")
    if promoted:
        parts.append(f"{promoted} promoted from the waiting list")
    return "; ".join(parts)
