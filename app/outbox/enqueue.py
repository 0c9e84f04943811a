"""Write a message to the outbox, in the caller's transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus


def enqueue(key: str, recipient: str, subject: str, text_body: str, html_body: str = "", *,
            ics: str = "", ics_method: str = "", headers: dict[str, str] | None = None,
            not_before: dt.datetime | None = None, replace_unsent: bool = False) -> OutboxMessage | None:
    """Queue one email under a unique ``key``; nothing is sent here.

    A key already queued and unsent is left as it is, or replaced when ``replace_unsent`` (a newer
    version of the same message); a key already sent is never queued again (returns None).
    """
    existing = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None and (existing.status != OutboxStatus.PENDING.value or not replace_unsent):
        return None if existing.status != OutboxStatus.PENDING.value else existing
    message = existing or OutboxMessage(key=key)
    _fill(message, recipient, subject, text_body, html_body, ics, ics_method, headers, not_before)
    if existing is None:
        db.session.add(message)
    return message


@dataclass(frozen=True)
class NewMessage:
    """A message whose key the caller knows to be new (it holds a unique row of its own, as a
    reminder does), for ``add_many``."""

    key: str
    recipient: str
    subject: str
    text_body: str
    html_body: str
    headers: dict[str, str]
    ics: str = ""
    ics_method: str = ""
    send_at: dt.datetime | None = None  #: held back until then (a staged reminder); None: at once


def add_many(messages: list[NewMessage]) -> None:
    """Queue many new messages in one INSERT: no look-up first and no ORM objects, which matters
    when a seminar's reminders are queued by the thousand."""
    if not messages:
        return
    now = current_app.config["CLOCK"]()
    db.session.execute(sa.insert(OutboxMessage), [dict(
        key=m.key, recipient=m.recipient, subject=m.subject, text_body=m.text_body, html_body=m.html_body,
        ics=m.ics, ics_method=m.ics_method, headers=_headers(m.headers), status=OutboxStatus.PENDING.value, attempts=0,
        next_attempt_at=m.send_at or now, last_error="", created_at=now) for m in messages])


def add_new(messages: list[NewMessage]) -> int:
    """Queue those of ``messages`` whose key was never queued (one look-up per 500 keys, one
    INSERT); returns how many were queued."""
    keys = [m.key for m in messages]
    seen = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        seen.update(db.session.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))
    fresh = [m for m in messages if m.key not in seen]
    add_many(fresh)
    return len(fresh)


def _headers(headers: dict[str, str] | None) -> str:
    return "\n".join(f"{name}: {value}" for name, value in (headers or {}).items())


def _fill(message, recipient, subject, text_body, html_body, ics, ics_method, headers, not_before) -> None:
    message.recipient, message.subject = recipient, subject
    message.text_body, message.html_body = text_body, html_body
    message.ics, message.ics_method = ics, ics_method
    message.headers = _headers(headers)
    message.next_attempt_at = not_before or current_app.config["CLOCK"]()
