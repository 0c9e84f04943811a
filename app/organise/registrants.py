"""Registrants of a seminar as organisers see them: counts, the list, a CSV export, announcements."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from app import audit
from app.csv_export import csv_text
from app.extensions import db
from app.mail import Mail, in_language
from app.models import Registrant, Registration, RegistrationStatus, Seminar
from app.outbox.enqueue import add_new
from app.seminar_view import view
from app.urls import page_url

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
    """Queue one email per confirmed registrant, each in their zone and language (the organisers'
    subject and message as they wrote them); the same ``nonce`` (one form) never queues twice.
    Returns how many were queued now."""
    messages, mail = [], Mail("announcement")
    for registration in registrations(seminar, RegistrationStatus.CONFIRMED.value):
        person = registration.registrant
        with in_language(person.language):
            messages.append(mail.compose(
                f"announce:{nonce}:{registration.id}", person.email,
                _("Seminar %(number)s: %(subject)s", number=seminar.number, subject=subject), registrant=person,
                s=view(registration, person.timezone), message=body, headline=subject,
                manage_url=page_url("registration.manage", token=person.manage_token)))
    queued = add_new(messages)
    if queued:
        audit.record("announced", "seminar", seminar.slug, {"subject": [None, subject]},
                     f"{queued} confirmed registrant{'s' if queued != 1 else ''} emailed", now=now,
                     row=seminar)
    db.session.commit()
    return queued
