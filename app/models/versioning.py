"""Change tracking for the programme: what every feed cache is keyed on.

A flush that adds, changes or deletes a programme or any of its rows (events, seminars, cities,
initiatives, venues, tours and their legs) writes a fresh random
version token in the same transaction, so a reader checks one row instead of rebuilding a feed.
The same flush stamps ``updated_at`` on each changed row (and on the seminar of a changed
initiative) unless the writer set it, so a cached VEVENT keyed on it can never outlive an edit.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.extensions import db
from app.models.cities import City, Initiative
from app.models.events import Event
from app.models.programmes import Programme
from app.models.seminars import Seminar
from app.models.tours import Tour, TourLeg
from app.models.types import UTCDateTime, utc_now
from app.models.venues import Venue

_PROGRAMME_MODELS = (Event, Seminar, City, Initiative, Programme, Venue, Tour, TourLeg)


#: Changes that calendar clients must see as a new version of an event (RFC 5545 SEQUENCE).
CALENDAR_FIELDS = {
    Seminar: ("starts_at", "ends_at", "status", "meeting_provider", "join_url", "meeting_id", "passcode"),
    Event: ("first_day", "last_day", "starts_at", "ends_at", "location", "venue_id"),
    TourLeg: ("first_day", "last_day", "starts_at", "ends_at", "timezone", "venue_id"),
}


class ProgrammeVersion(db.Model):
    __tablename__ = "programme_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, not a counter: a restored backup can never repeat a token a cache has seen.
    token: Mapped[str] = mapped_column(sa.String(32))
    #: When the programme last changed in any way (a deletion included): feeds' Last-Modified.
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: dt.datetime


NEVER = Version("", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))


def current_version(session) -> Version:
    """The programme's version (``NEVER`` before anything was ever written)."""
    row = session.execute(
        sa.select(ProgrammeVersion.token, ProgrammeVersion.changed_at).where(ProgrammeVersion.id == 1)).first()
    return Version(*row) if row else NEVER


def _changed(obj, names) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _stamp(obj) -> None:
    """Set ``updated_at`` to now unless this flush already sets it."""
    if obj is not None and not sa.inspect(obj).attrs.updated_at.history.has_changes():
        obj.updated_at = utc_now()


def _seminars_of(session, initiative) -> set:
    """The seminar an initiative belongs to now and, if it moved, the one it left."""
    found = {initiative.seminar}
    for seminar_id in sa.inspect(initiative).attrs.seminar_id.history.deleted:
        found.add(session.get(Seminar, seminar_id))
    found |= set(sa.inspect(initiative).attrs.seminar.history.deleted)
    return {s for s in found if s is not None and s not in session.deleted}


@event.listens_for(Session, "before_flush")
def _track_programme_changes(session, flush_context, instances):
    """Every programme change, whichever code makes it: stamp ``updated_at``, raise SEQUENCE
    when calendars must replace the event, and write a new version token."""
    dirty = [obj for obj in session.dirty if isinstance(obj, _PROGRAMME_MODELS) and session.is_modified(obj)]
    created_or_deleted = [obj for obj in (*session.new, *session.deleted) if isinstance(obj, _PROGRAMME_MODELS)]
    if not dirty and not created_or_deleted:
        return
    for obj in dirty:
        if isinstance(obj, Initiative):
            for seminar in _seminars_of(session, obj):
                _stamp(seminar)
            continue
        _stamp(obj)
        fields = CALENDAR_FIELDS.get(type(obj), ())
        if _changed(obj, fields) and not _changed(obj, ("sequence",)):
            obj.sequence = (obj.sequence or 0) + 1
    for obj in created_or_deleted:
        if isinstance(obj, Initiative):
            for seminar in _seminars_of(session, obj):
                if seminar not in session.new:
                    _stamp(seminar)
    if _BUMPED in session.info:
        return  # one new version per transaction, however many flushes it takes
    previous = session.scalar(sa.select(ProgrammeVersion.changed_at).where(ProgrammeVersion.id == 1))
    values = {"token": uuid.uuid4().hex, "changed_at": _next_second(previous)}
    if previous is None:
        session.execute(sa.insert(ProgrammeVersion).values(id=1, **values))
    else:
        session.execute(sa.update(ProgrammeVersion).where(ProgrammeVersion.id == 1).values(**values))
    session.info[_BUMPED] = True


_BUMPED = "programme_version_written"


@event.listens_for(Session, "after_transaction_end")
def _forget_bump(session, transaction):
    if transaction.parent is None:
        session.info.pop(_BUMPED, None)


def _next_second(previous: dt.datetime | None) -> dt.datetime:
    """Now, rounded up to a whole second and later than ``previous``: Last-Modified has one-second
    resolution, and two changes within a second must still give two different dates."""
    now = utc_now()
    now = now.replace(microsecond=0) + dt.timedelta(seconds=1 if now.microsecond else 0)
    return now if previous is None or now > previous else previous + dt.timedelta(seconds=1)
