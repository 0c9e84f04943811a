"""A change's emails, recorded in the request and queued later: ``start`` writes a ``Fanout`` row
in the caller's transaction with a few SQL statements whatever the number of registrants; the
scheduler's fan-out job (``app/seminars/expand.py``) renders and queues the emails in chunks.

A newer move or a cancellation supersedes a move still being expanded and takes back its unsent
update emails (``supersede``), so two edits in a row send each registrant one email, with the
latest time.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from app.extensions import db
from app.models import Fanout, FanoutKind, FanoutStatus, OutboxMessage, OutboxStatus, Registration, RegistrationStatus
from app.models import Seminar

#: Who hears of a move or a cancellation: those with a seat, and those waiting for one.
TOLD = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value)
#: Who gets an announcement.
ANNOUNCED = (RegistrationStatus.CONFIRMED.value,)


def statuses(kind: str) -> tuple[str, ...]:
    return ANNOUNCED if kind == FanoutKind.ANNOUNCEMENT.value else TOLD


def start(kind: FanoutKind, seminar: Seminar, now: dt.datetime, *, ids: list[int] | None = None,
          skip: list[int] | None = None, **fields) -> Fanout:
    """A fan-out of ``kind`` for ``seminar``: those of its registrations, up to the latest now, in
    the statuses the kind tells (or exactly ``ids``), less ``skip``; counted in one statement."""
    if ids is not None:
        total, upto = len(ids), max(ids, default=0)
    else:
        count, upto = db.session.execute(sa.select(sa.func.count(), sa.func.max(Registration.id)).where(
            Registration.seminar_id == seminar.id, Registration.status.in_(statuses(kind.value)))).one()
        total, upto = count - len(skip or []), upto or 0
    fanout = Fanout(kind=kind.value, seminar_id=seminar.id, sequence=seminar.sequence, upto_id=upto, total=total,
                    registration_ids=sorted(ids if ids is not None else skip or []), created_at=now,
                    organiser_id=_organiser_id(), **fields)
    if total <= 0:
        fanout.status, fanout.finished_at, fanout.total = FanoutStatus.DONE.value, now, 0
    db.session.add(fanout)
    return fanout


def _organiser_id() -> int | None:
    return current_user.id if has_request_context() and current_user.is_authenticated else None


def supersede(seminar: Seminar, now: dt.datetime) -> int:
    """Stop expanding this seminar's unfinished moves and take back every update email of it still
    unsent (its time is no longer true); returns how many emails were taken back.

    The fan-out row is updated first: a chunk being written holds that row, so its emails are
    committed (and withdrawn here) or never written."""
    db.session.execute(sa.update(Fanout).where(
        Fanout.seminar_id == seminar.id, Fanout.kind == FanoutKind.MOVED.value,
        Fanout.status == FanoutStatus.RUNNING.value).values(status=FanoutStatus.SUPERSEDED.value, finished_at=now)
        .execution_options(synchronize_session=False))
    registration = _registration_of_key(OutboxMessage.key)
    ours = sa.select(sa.cast(Registration.id, sa.String)).where(Registration.seminar_id == seminar.id)
    result = db.session.execute(sa.update(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.key.like("moved:%"),
        registration.in_(ours.scalar_subquery())).values(status=OutboxStatus.WITHDRAWN.value)
        .execution_options(synchronize_session=False))
    return result.rowcount


def _registration_of_key(key):
    """The registration id of an update email's key ``moved:<registration>:<sequence>``, in SQL."""
    if db.engine.dialect.name == "postgresql":
        return sa.func.split_part(key, ":", 2)
    rest = sa.func.substr(key, 7)
    return sa.func.substr(rest, 1, sa.func.instr(rest, ":") - 1)


def latest(seminar_id: int) -> Fanout | None:
    """What the console shows of a seminar's emails: the oldest fan-out still running, else the
    last one finished."""
    running = db.session.scalar(sa.select(Fanout).where(
        Fanout.seminar_id == seminar_id, Fanout.status == FanoutStatus.RUNNING.value).order_by(Fanout.id).limit(1))
    return running or db.session.scalar(sa.select(Fanout).where(
        Fanout.seminar_id == seminar_id, Fanout.status == FanoutStatus.DONE.value, Fanout.total > 0)
        .order_by(Fanout.id.desc()).limit(1))


def announced(seminar: Seminar, nonce: str) -> bool:
    """Whether this announcement form was already sent (a second click queues nothing)."""
    return db.session.scalar(sa.select(Fanout.id).where(
        Fanout.seminar_id == seminar.id, Fanout.kind == FanoutKind.ANNOUNCEMENT.value, Fanout.nonce == nonce)
        .limit(1)) is not None
