"""The console's add and save of a seminar: one transaction holds the edit, what it sets off
(follow_up.py) and its audit entry; a FieldError changes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.extensions import db
from app.field_error import FieldError
from app.models import Seminar, SeminarStatus
from app.seminars import rules
from app.seminars.fields import SeminarData
from app.seminars.follow_up import Before, ChangeReport, follow_up, lock
from calendars import zones


@dataclass
class Saved:
    seminar: Seminar
    changes: dict[str, list] = field(default_factory=dict)
    report: ChangeReport = ChangeReport(0, 0)
    promoted: int = 0
    moved: bool = False
    cancelled: bool = False


def _local(data: SeminarData) -> dict:
    values = asdict(data)
    values["starts_at"] = data.starts_at.astimezone(zones.get_zone(data.timezone))
    values["ends_at"] = data.ends_at.astimezone(zones.get_zone(data.timezone))
    values["translations"] = data.translations or None  # as fields.snapshot logs it
    return values


def _check_unique(data: SeminarData, seminar: Seminar | None) -> None:
    other = sa.select(Seminar.id).where(Seminar.id != (seminar.id if seminar else -1))
    if db.session.scalar(other.where(Seminar.slug == data.slug)) is not None:
        raise FieldError("slug", _("Another seminar already uses the address name “%(slug)s”.", slug=data.slug))
    if db.session.scalar(other.where(Seminar.event_id == data.event_id, Seminar.number == data.number)) is not None:
        raise FieldError("number", _("This event already has a Seminar %(number)s.", number=data.number))


def add_seminar(data: SeminarData, *, now: dt.datetime) -> Saved:
    """A new seminar (scheduled or not), committed with its audit entry."""
    _check_unique(data, None)
    if data.starts_at <= now and data.status == SeminarStatus.SCHEDULED.value:
        raise FieldError("date", _("That start is in the past; give the date and time of a coming seminar."))
    seminar = Seminar(**asdict(data))
    db.session.add(seminar)
    db.session.flush()
    changes = audit.diff({}, _local(data))
    audit.record("added", "seminar", seminar.slug, changes, f"Seminar {seminar.number} added", now=now,
                 row=seminar)
    db.session.commit()
    return Saved(seminar, changes)


def save_seminar(seminar: Seminar, data: SeminarData, *, now: dt.datetime, notify: bool, note: str = "",
                 loaded: str = "") -> Saved:
    """Apply an edit and everything that follows from it, then commit; FieldError changes nothing.
    ``loaded`` is the seminar's ``updated_at`` when the form was shown: if another organiser saved
    since, this form would undo their change, so it is refused."""
    seminar = lock(seminar)
    if loaded and loaded != seminar.updated_at.isoformat():
        raise FieldError("loaded", _("Someone else saved this seminar after you opened it. Nothing was saved: "
                                     "reload the page to see their change, then make yours again."))
    refused = rules.refusals(seminar, status=data.status, capacity=data.capacity, starts_at=data.starts_at,
                             ends_at=data.ends_at, now=now)
    if refused:
        # The form names one problem; a new time that cannot be kept comes first, as it always has.
        first = next((r for r in refused if r.field == "date"), refused[0])
        raise FieldError(first.field, first.in_form)
    _check_unique(data, seminar)
    before = Before.of(seminar)
    for name, value in asdict(data).items():
        if getattr(seminar, name) != value:
            setattr(seminar, name, value)
    outcome = follow_up(seminar, before, now, notify=notify, note=note)
    db.session.commit()
    return Saved(seminar, outcome.changes, outcome.report, outcome.promoted, outcome.moved, outcome.cancelled)
