"""Write a message to the outbox, in the caller's transaction."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OutboxMessage


def enqueue(key: str, recipient: str, subject: str, text_body: str, html_body: str = "", *,
            ics: str = "", ics_method: str = "", headers: dict[str, str] | None = None,
            not_before: dt.datetime | None = None, replace_unsent: bool = False) -> OutboxMessage | None:
    """Queue one email under a unique ``key``; nothing is sent here.

    A key already queued and unsent is left as it is, or replaced when ``replace_unsent`` (a newer
    version of the same message); a key already sent is never queued again (returns None).
    """
    existing = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None and (existing.status != "pending" or not replace_unsent):
        return None if existing.status != "pending" else existing
    message = existing or OutboxMessage(key=key)
    _fill(message, recipient, subject, text_body, html_body, ics, ics_method, headers, not_before)
    if existing is None:
        db.session.add(message)
    return message


def add(key: str, recipient: str, subject: str, text_body: str, html_body: str = "", *,
        headers: dict[str, str] | None = None) -> OutboxMessage:
    """Queue a message whose key the caller knows to be new (it holds a unique row of its own,
    as a reminder does): no look-up first, which matters when queueing thousands."""
    message = OutboxMessage(key=key)
    _fill(message, recipient, subject, text_body, html_body, "", "", headers, None)
    db.session.add(message)
    return message


def _fill(message, recipient, subject, text_body, html_body, ics, ics_method, headers, not_before) -> None:
    message.recipient, message.subject = recipient, subject
    message.text_body, message.html_body = text_body, html_body
    message.ics, message.ics_method = ics, ics_method
    message.headers = "\n".join(f"{name}: {value}" for name, value in (headers or {}).items())
    message.next_attempt_at = not_before or current_app.config["CLOCK"]()
