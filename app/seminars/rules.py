"""The four edit rules registrants rely on, checked once for the console's form and the file's import.

Each refusal carries the console's wording and the programme file's, which differ in punctuation and
advice (a form says what to do next; a file's problem list stays one line per entry and field).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.models import Registration, RegistrationStatus, Seminar, SeminarStatus


@dataclass(frozen=True)
class Refusal:
    field: str  #: the form field, and the file's key, the refusal belongs beside
    in_form: str
    in_file: str


def confirmed_count(seminar: Seminar) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.seminar_id == seminar.id, Registration.status == RegistrationStatus.CONFIRMED.value))


def refusals(seminar: Seminar, *, status: str, capacity: int | None, starts_at: dt.datetime,
             ends_at: dt.datetime, now: dt.datetime) -> list[Refusal]:
    """What forbids giving the (locked) ``seminar`` these values; empty when the edit may be made."""
    number = seminar.number
    if seminar.cancelled and status != SeminarStatus.CANCELLED.value:
        return [Refusal("status", _("Seminar %(number)s was cancelled and registrants were told; it stays "
                                    "cancelled. Add a new seminar for a new date.", number=number),
                        _("Seminar %(number)s was cancelled and registrants were told; it stays cancelled (add a "
                          "new seminar for a new date)", number=number))]
    found = []
    if status == SeminarStatus.CANCELLED.value and not seminar.cancelled and seminar.ends_at <= now:
        found.append(Refusal("status", _("Seminar %(number)s is over; there is nothing left to cancel.", number=number),
                             _("Seminar %(number)s is over; there is nothing left to cancel", number=number)))
    if capacity is not None and capacity < (taken := confirmed_count(seminar)):
        found.append(Refusal("capacity", _("%(count)s seats are already taken; the capacity cannot be lower. "
                                           "Registrants can give up their seat from their manage page.", count=taken),
                             _("%(count)s seats are already taken; the capacity cannot be lower", count=taken)))
    if (starts_at, ends_at) != (seminar.starts_at, seminar.ends_at) and (problem := _move_problem(
            seminar, starts_at, ends_at, now)):
        found.append(Refusal("date", problem, problem))
    return found


def _move_problem(seminar: Seminar, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> str:
    """Why registrants could not follow a new time, or ''."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        return _("Times must carry their zone.")
    if ends_at <= starts_at:
        return _("The seminar must end after it starts.")
    if seminar.cancelled:
        return _("Seminar %(number)s is cancelled; it cannot be moved.", number=seminar.number)
    if starts_at != seminar.starts_at and starts_at <= now:
        return _("The new start is in the past.")
    if seminar.starts_at <= now and starts_at != seminar.starts_at:
        return _("Seminar %(number)s has already started; it cannot be moved.", number=seminar.number)
    return ""
