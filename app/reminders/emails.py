"""The reminder email: the seminar in the registrant's language and zone and UTC+8, the way in, who presents."""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

from flask_babel import gettext as _
from flask_babel import ngettext

from app import content
from app.calendar_entries import Presenter, presenters
from app.mail import Mail, in_language
from app.models import Registrant, Registration, Seminar
from app.outbox.enqueue import NewMessage
from app.seminar_view import view
from app.urls import absolute_url, page_url
from calendars import zones


def starts_in(number: int, start: dt.datetime, now: dt.datetime) -> str:
    """``Seminar 1 starts in 24 hours.``, ``… in 1 hour.``, ``… in 35 minutes.``: the time left,
    rounded as a person says it, in the language in force."""
    minutes = max(round((start - now).total_seconds() / 60), 1)
    if minutes >= 48 * 60:
        return ngettext("Seminar %(number)s starts in %(num)s day.", "Seminar %(number)s starts in %(num)s days.",
                        round(minutes / 1440), number=number)
    if minutes >= 90:
        return ngettext("Seminar %(number)s starts in %(num)s hour.", "Seminar %(number)s starts in %(num)s hours.",
                        round(minutes / 60), number=number)
    if minutes >= 55:
        return _("Seminar %(number)s starts in 1 hour.", number=number)
    return ngettext("Seminar %(number)s starts in %(num)s minute.", "Seminar %(number)s starts in %(num)s minutes.",
                    minutes, number=number)


class ReminderWriter:
    """Writes the reminders of one seminar to the outbox: what they share is read once, and the
    templates are looked up once, for thousands of emails (each in its registrant's language)."""

    def __init__(self, seminar: Seminar, stop_token: Callable[[Registrant], str], now: dt.datetime):
        #: Who presents, per language (the cities' and initiatives' names as written in it).
        self.presenters: dict[str, tuple[Presenter, ...]] = {}
        self.seminar, self.now = seminar, now
        self.stop_token = stop_token
        self.mail = Mail("reminder")

    def write(self, key: str, registration: Registration, due_at: dt.datetime | None = None) -> NewMessage:
        """The reminder of one registration, to be queued under ``key`` (the caller made sure it is new);
        with ``due_at``, a staged one: it says the time left at that instant and waits for it."""
        registrant = registration.registrant
        with in_language(registrant.language):
            seminar_view = view(registration, registrant.timezone)
            local = seminar_view.local
            token = self.stop_token(registrant)
            stop_url = page_url("reminders.stop", token=token)
            if registrant.language not in self.presenters:
                self.presenters[registrant.language] = presenters(self.seminar.initiatives)
            context = dict(registrant=registrant, s=seminar_view, presenters=self.presenters[registrant.language],
                           starts_in=starts_in(self.seminar.number, self.seminar.starts_at, due_at or self.now),
                           stop_url=stop_url, manage_url=page_url("registration.manage", token=registrant.manage_token))
            subject = _("Reminder: %(title)s, %(day)s %(time)s %(zone)s",
                        title=content.text(registration.seminar, "title"), day=local.day_text,
                        time=zones.format_clock(local.start.time(), local.locale), zone=local.label)
            message = self.mail.compose(
                key, registrant.email, subject, **context,
                # The one-click POST of a mail client shows no page: its address needs no language.
                headers={"List-Unsubscribe": f"<{absolute_url('reminders.stop', token=token)}>",
                         "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
            return dataclasses.replace(message, send_at=due_at) if due_at else message
