"""The update and cancellation emails of a seminar, in each registrant's zone (built here, queued by
follow_up in one INSERT)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.invitations import invitation
from app.mail import Mail
from app.models import Registration, RegistrationStatus
from app.outbox.enqueue import NewMessage
from app.seminar_view import view
from app.urls import absolute_url
from app.i18n import cldr
from calendars import zones


@dataclass(frozen=True)
class Previous:
    starts_at: dt.datetime
    ends_at: dt.datetime


def _message(key: str, registration: Registration, subject: str, template: str, method: str,
             **context) -> NewMessage:
    registrant = registration.registrant
    seated = registration.status == RegistrationStatus.CONFIRMED.value
    context.update(registrant=registrant, s=view(registration, registrant.timezone), seated=seated,
                   manage_url=absolute_url("registration.manage", token=registrant.manage_token))
    ics = invitation(registrant, [registration], method) if seated else ""
    return Mail(template).compose(key, registrant.email, subject, ics=ics, ics_method=method, **context)


def moved(registration: Registration, previous: Previous, now: dt.datetime) -> NewMessage:
    seminar, zone = registration.seminar, registration.registrant.timezone
    new = zones.local_range(seminar.starts_at, seminar.ends_at, zone, cldr())
    before = zones.local_range(previous.starts_at, previous.ends_at, zone, cldr())
    return _message(f"moved:{registration.id}:{seminar.sequence}", registration,
          f"New time: Seminar {seminar.number} is now {new.day_text} {new.start:%H:%M} {new.label}", "moved",
          "REQUEST", before=before)


def cancelled(registration: Registration, note: str, now: dt.datetime) -> NewMessage:
    seminar = registration.seminar
    return _message(f"seminar-cancelled:{registration.id}:{seminar.sequence}", registration,
          f"Cancelled: Seminar {seminar.number}: {seminar.title}", "seminar_cancelled", "CANCEL", note=note)
