"""Change tracking for the programme: what every feed cache is keyed on.

A flush that adds, changes or deletes an event, seminar, city or initiative writes a fresh random
version token in the same transaction, so a reader checks one row instead of rebuilding a feed.
The same flush stamps ``updated_at`` on each changed row (and on the seminar of a changed
initiative) unless the writer set it, so a cached VEVENT keyed on it can never outlive an edit.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.extensions import db
from app.models.cities import City, Initiative
from app.models.events import Event
from app.models.seminars import Seminar
from app.models.types import utc_now

_PROGRAMME_MODELS = (Event, Seminar, City, Initiative)


class ProgrammeVersion(db.Model):
    __tablename__ = "programme_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, not a counter: a restored backup can never repeat a token a cache has seen.
    token: Mapped[str] = mapped_column(sa.String(32))


def current_token(session) -> str:
    """The programme's version token ("" before anything was ever written)."""
    return session.scalar(sa.select(ProgrammeVersion.token).where(ProgrammeVersion.id == 1)) or ""


def _stamp(obj) -> None:
    """Set ``updated_at`` to now unless this flush already sets it."""
    if obj is not None and not sa.inspect(obj).attrs.updated_at.history.has_changes():
        obj.updated_at = utc_now()


@event.listens_for(Session, "before_flush")
def _track_programme_changes(session, flush_context, instances):
    dirty = [obj for obj in session.dirty if isinstance(obj, _PROGRAMME_MODELS) and session.is_modified(obj)]
    touched = [obj for obj in (*session.new, *session.deleted) if isinstance(obj, _PROGRAMME_MODELS)] + dirty
    if not touched:
        return
    for obj in dirty:
        _stamp(obj.seminar if isinstance(obj, Initiative) else obj)
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Initiative) and obj.seminar is not None and obj.seminar not in session.new:
            _stamp(obj.seminar)
    token = uuid.uuid4().hex
    updated = session.execute(sa.update(ProgrammeVersion).where(ProgrammeVersion.id == 1).values(token=token))
    if updated.rowcount == 0:
        session.execute(sa.insert(ProgrammeVersion).values(id=1, token=token))
