"""Seats given to the waiting list all at once (a seminar's capacity grew): one UPDATE in the
caller's transaction, whatever the number waiting; their "a seat is yours" emails go through a
fan-out (app/seminars/fanout.py), queued by the scheduler."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.extensions import db
from app.models import Registration, RegistrationStatus, Seminar
from app.registration.service import closed_reason, seats_left

WAITLISTED, CONFIRMED = RegistrationStatus.WAITLISTED.value, RegistrationStatus.CONFIRMED.value


def promote_waiting(seminar: Seminar, now: dt.datetime) -> list[int]:
    """Give every free seat to the earliest waiting (``waitlisted_at``, then id); returns the ids
    of the registrations promoted. The caller holds the seminar's row lock."""
    left = seats_left(seminar)
    if (left is not None and left <= 0) or closed_reason(seminar, now):
        return []
    first = (sa.select(Registration.id).where(Registration.seminar_id == seminar.id, Registration.status == WAITLISTED)
             .order_by(Registration.waitlisted_at, Registration.id))
    if left is not None:
        first = first.limit(left)
    promoted = db.session.scalars(
        sa.update(Registration).where(Registration.id.in_(first.scalar_subquery()))
        .values(status=CONFIRMED, confirmed_at=now, waitlisted_at=None)
        .returning(Registration.id)).all()
    return sorted(promoted)
