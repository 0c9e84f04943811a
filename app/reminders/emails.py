"""The reminder email: the seminar in the registrant's zone and UTC+8, the way in, who presents."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from flask import render_template

from app.models import Registrant, Registration, Seminar
from app.outbox.enqueue import add
from app.seminar_view import view
from app.urls import absolute_url


@dataclass(frozen=True)
class Presenter:
    city: str
    country: str
    initiative: str


@dataclass(frozen=True)
class SeminarContent:
    """What every reminder of one seminar shares, read once for thousands of emails."""

    presenters: tuple[Presenter, ...]

    @classmethod
    def of(cls, seminar: Seminar) -> "SeminarContent":
        return cls(tuple(Presenter(i.city.name, i.city.country, i.title) for i in seminar.initiatives))


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


def reminder(key: str, registration: Registration, content: SeminarContent,
             stop_token: Callable[[Registrant], str], now: dt.datetime) -> None:
    """Write one reminder to the outbox under ``key`` (the caller made sure it is new)."""
    registrant = registration.registrant
    seminar_view = view(registration, registrant.timezone)
    local = seminar_view.local
    stop_url = absolute_url("reminders.stop", token=stop_token(registrant))
    context = dict(registrant=registrant, s=seminar_view, presenters=content.presenters,
                   starts_in=starts_in(registration.seminar.starts_at, now), stop_url=stop_url,
                   manage_url=absolute_url("registration.manage", token=registrant.manage_token))
    subject = f"Reminder: {registration.seminar.title}, {local.day_text} {local.start:%H:%M} {local.label}"
    add(key, registrant.email, subject, render_template("email/reminder.txt", **context),
        render_template("email/reminder.html", **context),
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
