"""The audit log: who changed what and when, with field values before and after. Shared: the
console, the programme file import and account changes all write to it."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from app.extensions import db
from app.models import AuditEntry, Event, Initiative, Programme, Seminar, Tour, TourLeg


def as_text(value) -> str | None:
    """A field's value as the log shows it: instants in ISO 8601 with their offset."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def diff(before: dict, after: dict) -> dict[str, list]:
    """{field: [before, after]} for the fields whose text differs."""
    return {name: [as_text(before.get(name)), as_text(after.get(name))]
            for name in after if as_text(before.get(name)) != as_text(after.get(name))}


def programme_of(row) -> str | None:
    """The slug of the programme an event, seminar, initiative, tour or leg belongs to (None for a
    city or an account, which no one programme owns)."""
    if isinstance(row, TourLeg):
        row = row.tour
    if isinstance(row, Tour):
        row = row.programme
    if isinstance(row, Initiative):
        row = row.seminar
    if isinstance(row, Seminar):
        row = row.event
    if isinstance(row, Event):
        row = row.programme
    return row.slug if isinstance(row, Programme) else None


@dataclass(frozen=True)
class CommandLine:
    """The actor of a change made with a ``flask`` command (no account signed in)."""

    id: None = None
    email: str = "command line"


def record(action: str, kind: str, key: str, changes: dict | None = None, summary: str = "",
           now: dt.datetime | None = None, actor=None, programme: str | None = None, row=None) -> AuditEntry:
    """Add an entry in the caller's transaction (so a rolled-back change leaves no entry); the
    programme is ``programme``, else that of ``row``."""
    if actor is None:
        actor = current_user if has_request_context() else CommandLine()
    if programme is None and row is not None:
        programme = programme_of(row)
    entry = AuditEntry(organiser_id=actor.id, actor=actor.email, action=action, kind=kind, key=key,
                       changes=changes or {}, summary=summary, programme=programme)
    if now is not None:
        entry.at = now
    db.session.add(entry)
    return entry


def recent(limit: int = 200, key: str | None = None, kind: str | None = None,
           programme: str | None = None) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if programme is not None:
        query = query.where(AuditEntry.programme == programme)
    if key is not None:
        query = query.where(AuditEntry.key == key)
    if kind is not None:
        query = query.where(AuditEntry.kind == kind)
    return list(db.session.scalars(query))
