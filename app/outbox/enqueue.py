"""Write a message to the outbox, in the caller's transaction, with its bytes built once here
(``app.outbox.compose``). A message that cannot be built is stored as failed, on its own: the
others queued with it still go, and the row says why (``last_error``) to whoever looks."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus
from app.outbox.compose import raw_bytes

log = logging.getLogger(__name__)


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
    values = _row(NewMessage(key, recipient, subject, text_body, html_body, headers or {}, ics, ics_method,
                             not_before), current_app.config["CLOCK"]())
    kept = ("key", "created_at", "attempts", "claimed_until", "sent_at") if existing is not None else ()
    for name, value in values.items():
        if name not in kept:
            setattr(message, name, value)
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


def add_many(messages: list[NewMessage]) -> int:
    """Queue many new messages in one INSERT: no look-up first and no ORM objects, which matters
    when a seminar's reminders are queued by the thousand. Returns how many are pending (the
    others could not be built and are stored as failed)."""
    if not messages:
        return 0
    now = current_app.config["CLOCK"]()
    rows = [_row(m, now) for m in messages]
    db.session.execute(sa.insert(OutboxMessage), rows)
    return sum(row["status"] == OutboxStatus.PENDING.value for row in rows)


def add_new(messages: list[NewMessage]) -> int:
    """Queue those of ``messages`` whose key was never queued (one look-up per 500 keys, one
    INSERT); returns how many were queued to be sent."""
    keys = [m.key for m in messages]
    seen = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        seen.update(db.session.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))
    return add_many([m for m in messages if m.key not in seen])


def _headers(headers: dict[str, str] | None) -> str:
    return "\n".join(f"{name}: {value}" for name, value in (headers or {}).items())


def _row(m: NewMessage, now: dt.datetime) -> dict:
    """The row's values, its bytes dated when it falls due; failed, with the cause, if they cannot be built."""
    row = dict(key=m.key, recipient=m.recipient, subject=m.subject, text_body=m.text_body, html_body=m.html_body,
               ics=m.ics, ics_method=m.ics_method, headers=_headers(m.headers), status=OutboxStatus.PENDING.value,
               attempts=0, next_attempt_at=m.send_at or now, last_error="", created_at=now, raw=None,
               claimed_until=None, sent_at=None)
    try:
        row["raw"] = raw_bytes(_Fields(row), row["next_attempt_at"])
    except Exception as error:  # noqa: BLE001  a message that cannot be built must not keep the others out
        row.update(status=OutboxStatus.FAILED.value, last_error=f"{type(error).__name__}: {error}"[:2000])
        log.error("outbox message %s cannot be built: %s", m.key, row["last_error"])
    return row


class _Fields:
    """A row's values read as attributes, as ``compose`` reads a row."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
