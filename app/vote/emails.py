"""The emails of the vote, written to the outbox in the voter's language and zone."""
from __future__ import annotations

import datetime as dt
import hashlib

from flask import current_app
from flask_babel import gettext as _

from app import content
from app.i18n import cldr, current_code
from app.mail import Mail, in_language, queue
from app.models import Ballot, City, Event
from app.urls import page_url
from app.vote.schedule import Window
from calendars.display import last_minute


def _closes(win: Window, zone: str) -> dict:
    return {"closes": last_minute(win.closes, zone, cldr()), "closes_there": last_minute(win.closes, win.zone, cldr())}


def _send(key: str, email: str, subject: str, template: str, **context) -> None:
    """Called inside ``in_language``, where the subject was written."""
    event = context["event"]
    context.update(vote_url=page_url("vote.ballot", programme=event.programme.slug, slug=event.slug))
    queue(Mail(template).compose(key, email, subject, **context))


def confirm(event: Event, ballot: Ballot, token: str, previous: City | None, win: Window, zone: str) -> None:
    """The link that makes a request count; it says what it replaces, if anything (only the
    mailbox's owner reads it). In the language the ballot was cast in."""
    with in_language(ballot.language):
        _send(f"vote:{ballot.id}", ballot.email,
              _("Confirm your vote for %(city)s", city=content.text(ballot.city, "name")), "vote_confirm",
              event=event, city=ballot.city, previous=previous, confirm_url=page_url("vote.confirm", token=token),
              max_age_days=current_app.config["VOTE_LINK_MAX_AGE"].days, **_closes(win, zone))


def already_counted(event: Event, email: str, city: City, win: Window, zone: str, now: dt.datetime,
                    language: str | None = None) -> None:
    """A request for the city the address already voted for: nothing to confirm, say so (once
    per ten minutes), in ``language`` (default: the vote page's, where the request was made)."""
    digest = hashlib.sha256(email.encode()).hexdigest()[:24]
    with in_language(language or current_code()):
        _send(f"vote-counted:{event.id}:{digest}:{int(now.timestamp() // 600)}", email,
              _("Your vote for %(city)s already counts", city=content.text(city, "name")), "vote_counted",
              event=event, city=city, **_closes(win, zone))
