"""One token that changes whenever the programme changes: the cheap key of every feed cache.

A flush that adds, changes or deletes an event, seminar, city or initiative writes a fresh random
token in the same transaction, so a reader checks one row instead of rebuilding a feed.
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

_PROGRAMME_MODELS = (Event, Seminar, City, Initiative)


class ProgrammeVersion(db.Model):
    __tablename__ = "programme_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, not a counter: a restored backup can never repeat a token a cache has seen.
    token: Mapped[str] = mapped_column(sa.String(32))


def current_token(session) -> str:
    """The programme's version token ("" before anything was ever written)."""
    return session.scalar(sa.select(ProgrammeVersion.token).where(ProgrammeVersion.id == 1)) or ""


@event.listens_for(Session, "before_flush")
def _bump_on_programme_change(session, flush_context, instances):
    changed = any(isinstance(obj, _PROGRAMME_MODELS) for obj in (*session.new, *session.deleted)) or any(
        isinstance(obj, _PROGRAMME_MODELS) and session.is_modified(obj) for obj in session.dirty
    )
    if not changed:
        return
    token = uuid.uuid4().hex
    updated = session.execute(sa.update(ProgrammeVersion).where(ProgrammeVersion.id == 1).values(token=token))
    if updated.rowcount == 0:
        session.execute(sa.insert(ProgrammeVersion).values(id=1, token=token))
