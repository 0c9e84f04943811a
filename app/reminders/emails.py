"""The reminder email: the seminar in the registrant's zone and UTC+8, the way in, who presents."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from app.calendar_entries import presenters
from app.mail import Mail
from app.models import Registrant, Registration, Seminar
from app.outbox.enqueue import NewMessage
from app.seminar_view import view
from app.urls import absolute_url


def starts_in(start: dt.datetime, now: dt.datetime) -> str:
    """``in 24 hours``, ``in 1 hour``, ``in 35 minutes``: the time left, rounded as a person says it."""
    minutes = max(round((start - now).total_seconds() / 60), 1)
    if minutes >= 48 * 60:
        return f"in {round(minutes / 1440)} days"
    if minutes >= 90:
        return f"in {round(minutes / 60)} hours"
    if minutes >= 55:
        return "in 1 hour"
    return f"in {minutes} minute{'s' if minutes != 1 else ''}"


class ReminderWriter:
    """Writes the reminders of one seminar to the outbox: what they share is read once, and the
    templates are looked up once, for thousands of emails."""

    def __init__(self, seminar: Seminar, stop_token: Callable[[Registrant], str], now: dt.datetime):
        self.presenters = presenters(seminar.initiatives)
        self.starts_in = starts_in(seminar.starts_at, now)
        self.stop_token = stop_token
        self.mail = Mail("reminder")

    def write(self, key: str, registration: Registration) -> NewMessage:
        """The reminder of one registration, to be queued under ``key`` (the caller made sure it is new)."""
        registrant = registration.registrant
        seminar_view = view(registration, registrant.timezone)
        local = seminar_view.local
        stop_url = absolute_url("reminders.stop", token=self.stop_token(registrant))
        context = dict(registrant=registrant, s=seminar_view, presenters=self.presenters, starts_in=self.starts_in,
                       stop_url=stop_url, manage_url=absolute_url("registration.manage", token=registrant.manage_token))
        subject = f"Reminder: {registration.seminar.title}, {local.day_text} {local.start:%H:%M} {local.label}"
        return self.mail.compose(
            key, registrant.email, subject, **context,
            headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
