"""The four edit rules registrants rely on, checked once for the console's form and the file's import.

Each refusal carries the console's wording and the programme file's, which differ in punctuation and
advice (a form says what to do next; a file's problem list stays one line per entry and field).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

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
    if seminar.cancelled and status != SeminarStatus.CANCELLED.value:
        stays = f"Seminar {seminar.number} was cancelled and registrants were told; it stays cancelled"
        return [Refusal("status", f"{stays}. Add a new seminar for a new date.",
                        f"{stays} (add a new seminar for a new date)")]
    found = []
    if status == SeminarStatus.CANCELLED.value and not seminar.cancelled and seminar.ends_at <= now:
        over = f"Seminar {seminar.number} is over; there is nothing left to cancel"
        found.append(Refusal("status", f"{over}.", over))
    if capacity is not None and capacity < (taken := confirmed_count(seminar)):
        lower = f"{taken} seats are already taken; the capacity cannot be lower"
        found.append(Refusal("capacity", f"{lower}. Registrants can give up their seat from their manage page.",
                             lower))
    if (starts_at, ends_at) != (seminar.starts_at, seminar.ends_at) and (problem := _move_problem(
            seminar, starts_at, ends_at, now)):
        found.append(Refusal("date", problem, problem))
    return found


def _move_problem(seminar: Seminar, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> str:
    """Why registrants could not follow a new time, or ''."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        return "Times must carry their zone."
    if ends_at <= starts_at:
        return "The seminar must end after it starts."
    if seminar.cancelled:
        return f"Seminar {seminar.number} is cancelled; it cannot be moved."
    if starts_at != seminar.starts_at and starts_at <= now:
        return "The new start is in the past."
    if seminar.starts_at <= now and starts_at != seminar.starts_at:
        return f"Seminar {seminar.number} has already started; it cannot be moved."
    return ""
