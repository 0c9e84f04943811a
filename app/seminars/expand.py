"""The fan-out job's work: expand each running fan-out (app/seminars/fanout.py) into the outbox, a
chunk of registrations per transaction, in registration id order.

A run claims one fan-out row (``claimed_until``; on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, as
app/outbox/claims.py claims messages), so a second scheduler takes another or none. Each chunk is
rendered first, then written in one transaction that starts with the fenced UPDATE of the row (its
progress, and the claim renewed): a worker whose claim lapsed, or a fan-out a newer edit
superseded meanwhile, writes nothing. The emails keep today's outbox keys, so a chunk written twice
(a crash between the INSERT and the commit cannot do it, but a lost claim might) queues nothing twice.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import FanoutKind, FanoutStatus, FeedToken, Registration, RegistrationStatus
from app.models import Fanout
from app.outbox.enqueue import NewMessage, add_new
from app.registration.emails import promoted_message
from app.seminars import emails
from app.seminars.fanout import statuses


@dataclass(frozen=True)
class Finished:
    """A fan-out whose last chunk was written, for the job's log line."""

    id: int
    kind: str
    seminar: str  #: its slug
    queued: int
    seconds: float  #: from the change to the last chunk


def claim_length() -> dt.timedelta:
    return dt.timedelta(seconds=current_app.config["FANOUT_CLAIM_SECONDS"])


def claim(now: dt.datetime) -> tuple[int, dt.datetime] | None:
    """Take the oldest running fan-out no one holds; commit the claim. (id, claimed_until) or None."""
    query = (sa.select(Fanout.id).where(Fanout.status == FanoutStatus.RUNNING.value,
                                        sa.or_(Fanout.claimed_until.is_(None), Fanout.claimed_until < now))
             .order_by(Fanout.id).limit(1))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    fanout_id = db.session.scalar(query)
    if fanout_id is None:
        db.session.commit()
        return None
    held = now + claim_length()
    db.session.execute(sa.update(Fanout).where(Fanout.id == fanout_id).values(claimed_until=held)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return fanout_id, held


def expand_chunk(fanout_id: int, held: dt.datetime, now: dt.datetime) -> tuple[dt.datetime | None, Finished | None]:
    """Write the next chunk of a fan-out this worker holds until ``held``. Returns the claim's new
    value (None: stop, the fan-out is finished, superseded or no longer ours) and, when this chunk
    was the last, what finished."""
    fanout = db.session.get(Fanout, fanout_id, populate_existing=True)
    if fanout is None or not fanout.running or fanout.claimed_until != held:
        db.session.rollback()
        return None, None
    registrations = _chunk(fanout, current_app.config["FANOUT_CHUNK"])
    last = registrations[-1].id if registrations else fanout.upto_id
    done = not registrations or last >= fanout.upto_id
    messages = _render(fanout, registrations)
    renewed = now + claim_length()
    values = dict(after_id=last, queued=Fanout.queued + len(messages), claimed_until=None if done else renewed)
    if done:
        values.update(status=FanoutStatus.DONE.value, finished_at=now)
    written = db.session.execute(sa.update(Fanout).where(
        Fanout.id == fanout_id, Fanout.claimed_until == held, Fanout.status == FanoutStatus.RUNNING.value)
        .values(**values).execution_options(synchronize_session=False))
    if written.rowcount != 1:  # superseded, or our claim lapsed and another took it
        db.session.rollback()
        return None, None
    add_new(messages)
    db.session.commit()
    if not done:
        return renewed, None
    fanout = db.session.get(Fanout, fanout_id)
    return None, Finished(fanout.id, fanout.kind, fanout.seminar.slug, fanout.queued,
                          (now - fanout.created_at).total_seconds())


def expand_due(now_of, seconds: float) -> list[Finished]:
    """Expand running fan-outs, chunk after chunk, for up to ``seconds``; ``now_of()`` is the clock."""
    deadline, finished = time.monotonic() + seconds, []
    while time.monotonic() < deadline:
        claimed = claim(now_of())
        if claimed is None:
            break
        fanout_id, held = claimed
        while held is not None and time.monotonic() < deadline:
            held, done = expand_chunk(fanout_id, held, now_of())
            if done:
                finished.append(done)
    return finished


def _chunk(fanout: Fanout, size: int) -> list[Registration]:
    query = (sa.select(Registration).where(Registration.seminar_id == fanout.seminar_id,
                                           Registration.id > fanout.after_id, Registration.id <= fanout.upto_id)
             .options(selectinload(Registration.registrant)).order_by(Registration.id).limit(size))
    if fanout.kind == FanoutKind.PROMOTED.value:
        ids = [i for i in fanout.registration_ids if i > fanout.after_id][:size]
        query = query.where(Registration.id.in_(ids))
    else:
        query = query.where(Registration.status.in_(statuses(fanout.kind)))
    return list(db.session.scalars(query))


def _render(fanout: Fanout, registrations: list[Registration]) -> list[NewMessage]:
    """Each email as today's path built it, in the registrant's language and zone."""
    kind = fanout.kind
    if kind == FanoutKind.MOVED.value:
        skip = set(fanout.registration_ids)
        previous = emails.Previous(fanout.previous_starts_at, fanout.previous_ends_at)
        return [emails.moved(r, previous, fanout.sequence) for r in registrations if r.id not in skip]
    if kind == FanoutKind.CANCELLED.value:
        return [emails.cancelled(r, fanout.body, fanout.sequence) for r in registrations]
    if kind == FanoutKind.ANNOUNCEMENT.value:
        return [emails.announcement(r, fanout.nonce, fanout.subject, fanout.body) for r in registrations]
    seated = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED.value]
    feeds = _feed_tokens([r.registrant_id for r in seated])
    return [promoted_message(r.registrant, r, feeds[r.registrant_id], fanout.created_at) for r in seated]


def _feed_tokens(registrant_ids: list[int]) -> dict[int, FeedToken]:
    """Each registrant's active feed token (its link is in the email), created where missing."""
    found = {t.registrant_id: t for t in db.session.scalars(sa.select(FeedToken).where(
        FeedToken.registrant_id.in_(registrant_ids), FeedToken.revoked_at.is_(None)))}
    for registrant_id in set(registrant_ids) - set(found):
        found[registrant_id] = FeedToken(registrant_id=registrant_id)
        db.session.add(found[registrant_id])
    db.session.flush()
    return found
