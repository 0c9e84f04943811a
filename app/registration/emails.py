"""The emails of registration, rendered in the registrant's language and zone and written to the outbox."""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import gettext as _

from app.invitations import invitation
from app.mail import Mail, in_language, queue
from app.models import FeedToken, Registrant, Registration
from app.outbox.enqueue import NewMessage
from app.seminar_view import SeminarView, view
from app.urls import absolute_url, page_url
from calendars import zones

#: Re-sending the same confirmation within this window queues nothing new (a natural rate limit).
RESEND_WINDOW = dt.timedelta(minutes=10)


def _compose(key: str, registrant: Registrant, subject: str, template: str, *, ics_method: str = "",
             ics_registrations: list[Registration] | None = None, **context) -> NewMessage:
    """Called inside ``in_language(registrant.language)``, where the subject and views were written."""
    context.update(registrant=registrant, manage_url=page_url("registration.manage", token=registrant.manage_token))
    ics = invitation(registrant, ics_registrations, ics_method) if ics_registrations else ""
    return Mail(template).compose(key, registrant.email, subject, ics=ics, ics_method=ics_method, **context)


def _send(*args, **kwargs) -> None:
    queue(_compose(*args, **kwargs))


def _window(now: dt.datetime) -> int:
    return int(now.timestamp() // RESEND_WINDOW.total_seconds())


def _ids(registrations) -> str:
    return ",".join(str(r.id) for r in sorted(registrations, key=lambda r: r.id))


def _starts(seminar_view: SeminarView) -> dict[str, str]:
    """A subject's start: ``Mon, 6 Nov 2023``, ``07:30``, ``Colombia Time`` (in the language in force)."""
    local = seminar_view.local
    return dict(day=local.day_text, time=zones.format_clock(local.start.time(), local.locale), zone=local.label)


def confirmation(registrant: Registrant, pending: list[Registration], token: str, now: dt.datetime) -> None:
    with in_language(registrant.language):
        views = [view(r, registrant.timezone) for r in pending]
        _send(f"confirm:{registrant.id}:{_ids(pending)}:{_window(now)}", registrant,
              _("Please confirm your registration for the Guangzhou Award seminars"), "confirm",
              seminars=views, confirm_url=page_url("registration.confirm", token=token),
              max_age_days=current_app.config["REGISTRATION_LINK_MAX_AGE"].days)


def already_registered(registrant: Registrant, settled: list[Registration], now: dt.datetime) -> None:
    with in_language(registrant.language):
        views = [view(r, registrant.timezone) for r in settled]
        _send(f"already:{registrant.id}:{_ids(settled)}:{_window(now)}", registrant,
              _("You are already registered for the Guangzhou Award seminars"), "already",
              seminars=views, statuses={r.seminar.id: r.status for r in settled})


def welcome(registrant: Registrant, confirmed: list[Registration], waitlisted: list[Registration],
            feed: FeedToken, now: dt.datetime) -> None:
    with in_language(registrant.language):
        first = min(confirmed or waitlisted, key=lambda r: r.seminar.starts_at)
        subject = (_("You're registered: Seminar %(number)s, %(day)s %(time)s %(zone)s", number=first.seminar.number,
                     **_starts(view(first, registrant.timezone))) if confirmed
                   else _("You're on the waiting list for the Guangzhou Award seminars"))
        _send(f"welcome:{registrant.id}:{_ids(confirmed)}|{_ids(waitlisted)}:{int(now.timestamp())}", registrant,
              subject, "welcome", ics_method="REQUEST", ics_registrations=confirmed,
              confirmed=[view(r, registrant.timezone) for r in confirmed],
              waitlisted=[view(r, registrant.timezone) for r in waitlisted],
              feed_url=absolute_url("feeds.personal", token=feed.token))


def promoted(registrant: Registrant, registration: Registration, feed: FeedToken, now: dt.datetime) -> None:
    queue(promoted_message(registrant, registration, feed, now))


def promoted_message(registrant: Registrant, registration: Registration, feed: FeedToken,
                     now: dt.datetime) -> NewMessage:
    """"A seat is yours", keyed on the instant of the promotion (a fan-out renders it later)."""
    with in_language(registrant.language):
        seminar_view = view(registration, registrant.timezone)
        subject = _("A seat is yours: Seminar %(number)s, %(day)s %(time)s %(zone)s",
                    number=registration.seminar.number, **_starts(seminar_view))
        return _compose(f"promoted:{registration.id}:{int(now.timestamp())}", registrant, subject, "welcome",
                        ics_method="REQUEST", ics_registrations=[registration], confirmed=[seminar_view], waitlisted=[],
                        promoted=True, feed_url=absolute_url("feeds.personal", token=feed.token))


def cancelled(registrant: Registrant, registrations: list[Registration], were_confirmed: list[Registration],
              now: dt.datetime) -> None:
    """One email for what was cancelled; a CANCEL invitation for what had reached calendars. To
    register again: the form of the first seminar's programme."""
    with in_language(registrant.language):
        first = min(registrations, key=lambda r: r.seminar.starts_at).seminar.event.programme
        _send(f"cancelled:{_ids(registrations)}:{int(now.timestamp())}", registrant,
              _("Your registration is cancelled"), "cancelled", ics_method="CANCEL", ics_registrations=were_confirmed,
              seminars=[view(r, registrant.timezone) for r in registrations],
              register_url=page_url("registration.register", programme=first.slug))
