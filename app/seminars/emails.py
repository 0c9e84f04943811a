"""The update, cancellation and announcement emails of a seminar, in each registrant's language and
zone (built here by the fan-out job, app/seminars/expand.py, and queued a chunk per INSERT).
``sequence`` is the fan-out's, so a chunk rendered twice carries the same keys."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _

from app import content
from app.i18n import cldr
from app.invitations import invitation
from app.mail import Mail, in_language
from app.models import Registration, RegistrationStatus
from app.outbox.enqueue import NewMessage
from app.seminar_view import view
from app.urls import page_url
from calendars import zones


@dataclass(frozen=True)
class Previous:
    starts_at: dt.datetime
    ends_at: dt.datetime


def _message(key: str, registration: Registration, subject: str, template: str, method: str,
             **context) -> NewMessage:
    """Called inside ``in_language(registrant.language)``, where the subject was written."""
    registrant = registration.registrant
    seated = registration.status == RegistrationStatus.CONFIRMED.value
    context.update(registrant=registrant, s=view(registration, registrant.timezone), seated=seated,
                   manage_url=page_url("registration.manage", token=registrant.manage_token))
    ics = invitation(registrant, [registration], method) if seated else ""
    return Mail(template).compose(key, registrant.email, subject, ics=ics, ics_method=method, **context)


def moved(registration: Registration, previous: Previous, sequence: int) -> NewMessage:
    seminar, registrant = registration.seminar, registration.registrant
    with in_language(registrant.language):
        new = zones.local_range(seminar.starts_at, seminar.ends_at, registrant.timezone, cldr())
        before = zones.local_range(previous.starts_at, previous.ends_at, registrant.timezone, cldr())
        return _message(f"moved:{registration.id}:{sequence}", registration,
                        _("New time: Seminar %(number)s is now %(day)s %(time)s %(zone)s", number=seminar.number,
                          day=new.day_text, time=zones.format_clock(new.start.time(), new.locale), zone=new.label),
                        "moved", "REQUEST", before=before)


def cancelled(registration: Registration, note: str, sequence: int) -> NewMessage:
    seminar = registration.seminar
    with in_language(registration.registrant.language):
        return _message(f"seminar-cancelled:{registration.id}:{sequence}", registration,
                        _("Cancelled: Seminar %(number)s: %(title)s", number=seminar.number,
                          title=content.text(seminar, "title")),
                        "seminar_cancelled", "CANCEL", note=note)


def announcement(registration: Registration, nonce: str, subject: str, body: str) -> NewMessage:
    """The organisers' subject and message as they wrote them; ``nonce`` (one form) keys it."""
    seminar, person = registration.seminar, registration.registrant
    with in_language(person.language):
        return Mail("announcement").compose(
            f"announce:{nonce}:{registration.id}", person.email,
            _("Seminar %(number)s: %(subject)s", number=seminar.number, subject=subject), registrant=person,
            s=view(registration, person.timezone), message=body, headline=subject,
            manage_url=page_url("registration.manage", token=person.manage_token))
