"""Registrants of a seminar as organisers see them: counts, the list, a CSV export, announcements."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app import audit
from app.csv_export import csv_text
from app.extensions import db
from app.models import FanoutKind, Registrant, Registration, RegistrationStatus, Seminar
from app.seminars import fanout

STATUSES = [s.value for s in RegistrationStatus]


def counts(seminar: Seminar) -> dict[str, int]:
    """{status: number} for every status, zeros included."""
    return counts_of([seminar.id])[seminar.id]


def counts_of(seminar_ids: list[int]) -> dict[int, dict[str, int]]:
    """``counts`` of several seminars in one query."""
    found = {seminar_id: dict.fromkeys(STATUSES, 0) for seminar_id in seminar_ids}
    for seminar_id, status, number in db.session.execute(
            sa.select(Registration.seminar_id, Registration.status, sa.func.count())
            .where(Registration.seminar_id.in_(seminar_ids)).group_by(Registration.seminar_id, Registration.status)):
        found[seminar_id][status] = number
    return found


def registrations(seminar: Seminar, status: str | None = None) -> list[Registration]:
    query = (sa.select(Registration).join(Registrant).where(Registration.seminar_id == seminar.id)
             .options(contains_eager(Registration.registrant)).order_by(Registration.created_at, Registration.id))
    if status in STATUSES:
        query = query.where(Registration.status == status)
    return list(db.session.scalars(query))


def _instant(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


CSV_HEADER = ["name", "email", "organisation", "place", "timezone", "status", "registered_utc", "confirmed_utc",
              "cancelled_utc", "reminders_minutes_before"]


def registrants_csv(seminar: Seminar) -> str:
    """One row per registration, under CSV_HEADER."""
    return csv_text([CSV_HEADER] + [[
        r.registrant.name, r.registrant.email, r.registrant.organisation, r.registrant.place, r.registrant.timezone,
        r.status, _instant(r.created_at), _instant(r.confirmed_at), _instant(r.cancelled_at),
        " ".join(str(m) for m in r.registrant.reminder_offsets)] for r in registrations(seminar)])


def announce(seminar: Seminar, nonce: str, subject: str, body: str, now: dt.datetime) -> int:
    """Record an announcement to every confirmed registrant (the fan-out job renders each email in
    their zone and language, with the organisers' subject and message as they wrote them) and
    commit; the same ``nonce`` (one form) never queues twice. Returns how many will be emailed."""
    if fanout.announced(seminar, nonce):
        return 0
    started = fanout.start(FanoutKind.ANNOUNCEMENT, seminar, now, nonce=nonce, subject=subject, body=body)
    if started.total:
        audit.record("announced", "seminar", seminar.slug, {"subject": [None, subject]},
                     f"{started.total} confirmed registrant{'s' if started.total != 1 else ''} emailed", now=now,
                     row=seminar)
    db.session.commit()
    return started.total
