"""Which reminders are due, and putting their emails in the outbox exactly once.

The database is the whole state: a reminder is due when ``seminar start - offset <= now`` for an
offset both the seminar sends and the registrant chose. A reminder due within the next
REMINDER_STAGE_MINUTES is staged: recorded and rendered now, and held in the outbox until its due
instant (``send_at``), so it leaves at that instant rather than up to a job interval later. Nothing
further ahead is planned: an edit of a seminar's time is followed without telling the scheduler
anything, and taking back a staged reminder (``withdraw``) deletes it, so the next run stages it
afresh for whatever then holds.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from app import clock, signed_links
from app.extensions import db
from app.models import (Initiative, OutboxMessage, OutboxStatus, Registrant, Registration, RegistrationStatus,
                        Reminder, ReminderStatus, Seminar, SeminarStatus, SkipReason)
from app.models.reminders import REMINDER_CHOICES
from app.outbox.enqueue import add_many
from app.reminders import emails

#: Seminars that started this long ago are still looked at, to record their missed reminders as skipped.
LOOKBACK = dt.timedelta(days=2)
#: Reminders queued per transaction: short transactions let delivery start while the rest is queued.
CHUNK = 500
_STOP_SALT = "reminders-stop"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class QueueReport:
    queued: list[str] = field(default_factory=list)  #: outbox keys
    staged: list[str] = field(default_factory=list)  #: those of ``queued`` held until their due instant
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  #: (registration id, offset, reason)


@dataclass(frozen=True)
class _Due:
    registration_id: int
    offset: int
    due_at: dt.datetime
    status: str
    reason: str = ""
    staged: bool = False  #: due after now: held in the outbox until ``due_at``


def stage_ahead() -> dt.timedelta:
    """How far ahead reminders are staged (the REMINDER_STAGE_MINUTES setting)."""
    return dt.timedelta(minutes=current_app.config["REMINDER_STAGE_MINUTES"])


def _candidates(now: dt.datetime, ahead: dt.timedelta) -> list[Seminar]:
    """Scheduled seminars with a reminder time reached by ``now + ahead``, started at most LOOKBACK ago."""
    horizon = now + ahead + dt.timedelta(minutes=max(REMINDER_CHOICES))
    seminars = db.session.scalars(sa.select(Seminar).where(
        Seminar.status == SeminarStatus.SCHEDULED.value, Seminar.starts_at <= horizon,
        Seminar.starts_at > now - LOOKBACK).order_by(Seminar.starts_at))
    return [s for s in seminars
            if any(s.starts_at - dt.timedelta(minutes=o) <= now + ahead for o in s.reminder_offsets)]


def _decide(seminar: Seminar, now: dt.datetime, ahead: dt.timedelta) -> list[_Due]:
    """The reminders of one seminar that reached their time by ``now + ahead`` and are not yet recorded.

    Per registration: a reminder that fell due before the seat was confirmed (or before the
    seminar last moved, or the registrant last changed their reminders) was never owed. All are
    recorded as skipped once the seminar has started. Otherwise:

    - a reminder due after ``now`` (within ``ahead``) is staged: queued to leave at its due
      instant. Nothing supersedes it: each has its own future moment, as it would without staging
      (two offsets are at least 45 minutes apart), and a reminder merely due now is earlier.
    - of those already due (late, after downtime), only the latest is sent, and only when no later
      one is staged (now or by an earlier run): a later reminder on its way within ``ahead`` makes
      them pointless, so they are recorded as superseded. A registrant thus never gets two
      reminders of one seminar for the same moment. With ``ahead`` zero this is the rule without
      staging.
    """
    start = seminar.starts_at
    offered = {o: start - dt.timedelta(minutes=o) for o in seminar.reminder_offsets}
    offered = {o: due for o, due in offered.items() if due <= now + ahead}
    recorded = {(registration_id, offset): (status, due_at) for registration_id, offset, status, due_at in
                db.session.execute(sa.select(Reminder.registration_id, Reminder.offset_minutes, Reminder.status,
                                             Reminder.due_at).where(
                    Reminder.seminar_id == seminar.id, Reminder.starts_at == start)).all()}
    staged_before = {registration_id for (registration_id, _), (status, due_at) in recorded.items()
                     if status == ReminderStatus.QUEUED.value and due_at > now}
    rows = db.session.execute(
        sa.select(Registration.id, Registration.confirmed_at, Registrant.reminder_offsets,
                  Registrant.reminders_changed_at)
        .join(Registrant, Registrant.id == Registration.registrant_id)
        .where(Registration.seminar_id == seminar.id, Registration.status == RegistrationStatus.CONFIRMED.value)
        .order_by(Registration.id)).all()
    decided = []
    for registration_id, confirmed_at, chosen, changed_at in rows:
        floor = max(confirmed_at or _EPOCH, seminar.rescheduled_at or _EPOCH, changed_at or _EPOCH)
        owed = sorted((o for o in chosen if o in offered and offered[o] >= floor
                       and (registration_id, o) not in recorded))
        ahead_of_now = [o for o in owed if offered[o] > now]
        later_coming = bool(ahead_of_now) or registration_id in staged_before
        late = [o for o in owed if offered[o] <= now]
        for position, offset in enumerate(late):
            if start <= now:
                decided.append(_Due(registration_id, offset, offered[offset], ReminderStatus.SKIPPED.value,
                                    SkipReason.STARTED.value))
            elif position == 0 and not later_coming:
                decided.append(_Due(registration_id, offset, offered[offset], ReminderStatus.QUEUED.value))
            else:
                decided.append(_Due(registration_id, offset, offered[offset], ReminderStatus.SKIPPED.value,
                                    SkipReason.SUPERSEDED.value))
        decided.extend(_Due(registration_id, offset, offered[offset], ReminderStatus.QUEUED.value, staged=True)
                       for offset in ahead_of_now)
    return decided


def reminder_key(registration_id: int, offset: int, starts_at: dt.datetime) -> str:
    return f"reminder:{registration_id}:{offset}:{int(starts_at.timestamp())}"


def _record(seminar: Seminar, decided: list[_Due], now: dt.datetime) -> set[tuple[int, int]]:
    """Insert the rows of these reminders in one statement; return the (registration, offset) pairs
    this run inserted. A pair missing from the answer was recorded by another run (the unique
    constraint: ON CONFLICT DO NOTHING), which queues its email instead."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[db.engine.dialect.name]
    statement = insert(Reminder.__table__).on_conflict_do_nothing(
        index_elements=["registration_id", "seminar_id", "offset_minutes", "starts_at"],
    ).returning(Reminder.registration_id, Reminder.offset_minutes)
    rows = [dict(registration_id=due.registration_id, seminar_id=seminar.id, offset_minutes=due.offset,
                 starts_at=seminar.starts_at, due_at=due.due_at, status=due.status, reason=due.reason, created_at=now,
                 outbox_key=reminder_key(due.registration_id, due.offset, seminar.starts_at)
                 if due.status == ReminderStatus.QUEUED.value else None) for due in decided]
    # One statement run for many rows ("insertmanyvalues"): batched, and compiled once.
    return {tuple(row) for row in db.session.connection().execute(statement, rows)}


def queue_due(now: dt.datetime) -> QueueReport:
    """Queue every reminder due at ``now``, stage those due within REMINDER_STAGE_MINUTES after it,
    and record the skipped ones; safe to run concurrently.

    Two schedulers may decide the same reminder: the first insert of its row wins, the other's
    waits for that transaction and then inserts nothing, so only one email is queued. Each chunk
    is written under share locks on the seminar and the registrations (PostgreSQL), re-checked
    there: a move, a cancellation or a stop committed meanwhile waits for the chunk, then
    withdraws what it queued, or the chunk sees the change and queues nothing stale.
    """
    report = QueueReport()
    ahead = stage_ahead()
    for seminar in _candidates(now, ahead):
        if seminar.rescheduled_at is not None and seminar.rescheduled_at > now - ahead:
            # Its reminders changed since some were staged (a move withdrew them already): take
            # those back, and stage what is still owed again just below.
            if withdraw(Reminder.seminar_id == seminar.id, Reminder.created_at < seminar.rescheduled_at, now=now,
                        staged_only=True):
                db.session.commit()
        decided = _decide(seminar, now, ahead)
        if not decided:
            continue
        starts_at = seminar.starts_at
        seminar = db.session.scalar(sa.select(Seminar).where(Seminar.id == seminar.id).options(
            selectinload(Seminar.initiatives).selectinload(Initiative.city), selectinload(Seminar.event)))
        writer = emails.ReminderWriter(seminar, stop_token, now)
        for start in range(0, len(decided), CHUNK):
            offsets = _still_due(seminar.id, starts_at)
            if offsets is None:
                db.session.commit()
                break  # moved or cancelled since deciding: the next run decides again
            chunk = [d for d in decided[start:start + CHUNK] if d.offset in offsets]
            registrations = _locked_registrations([d.registration_id for d in chunk])
            chunk = [d for d in chunk if d.registration_id in registrations
                     and d.offset in registrations[d.registration_id].registrant.reminder_offsets]
            won = _record(seminar, chunk, now) if chunk else set()
            queued = [d for d in chunk
                      if (d.registration_id, d.offset) in won and d.status == ReminderStatus.QUEUED.value]
            keys = [reminder_key(d.registration_id, d.offset, seminar.starts_at) for d in queued]
            add_many([writer.write(key, registrations[d.registration_id], due_at=d.due_at if d.staged else None)
                      for key, d in zip(keys, queued, strict=True)])
            report.queued.extend(keys)
            report.staged.extend(key for key, d in zip(keys, queued, strict=True) if d.staged)
            report.skipped.extend((d.registration_id, d.offset, d.reason) for d in chunk
                                  if (d.registration_id, d.offset) in won and d.status != ReminderStatus.QUEUED.value)
            db.session.commit()
    return report


def _still_due(seminar_id: int, starts_at: dt.datetime) -> list[int] | None:
    """Share-lock the seminar for this transaction; the reminders it sends if it is still scheduled
    at ``starts_at``, else None."""
    row = db.session.execute(sa.select(Seminar.status, Seminar.starts_at, Seminar.reminder_offsets)
                             .where(Seminar.id == seminar_id).with_for_update(read=True)).first()
    ok = row is not None and row.status == SeminarStatus.SCHEDULED.value and row.starts_at == starts_at
    return list(row.reminder_offsets) if ok else None


def _locked_registrations(ids: list[int]) -> dict[int, Registration]:
    """These registrations, still confirmed, with their registrants, share-locked for this transaction."""
    registrations = db.session.scalars(
        sa.select(Registration).join(Registrant, Registrant.id == Registration.registrant_id)
        .where(Registration.id.in_(ids), Registration.status == RegistrationStatus.CONFIRMED.value)
        .options(selectinload(Registration.registrant)).with_for_update(read=True)
        .execution_options(populate_existing=True)).all()
    registrants = {r.registrant_id for r in registrations}
    fresh = {r.id: r for r in registrations}
    # The registrants' rows too (reminders stopped meanwhile), read again under the lock.
    db.session.scalars(sa.select(Registrant).where(Registrant.id.in_(registrants)).with_for_update(read=True)
                       .execution_options(populate_existing=True)).all()
    return fresh


# --- taking reminders back ------------------------------------------------------------------------

def withdraw(*conditions, now: dt.datetime | None = None, staged_only: bool = False) -> int:
    """Take back queued reminder emails not yet sent (a seminar moved or was cancelled, a
    registration was cancelled, reminders were stopped or changed); returns how many.

    A staged one (due after ``now``, its outbox row pending, never tried and unclaimed) is deleted
    with its reminder row, so nothing is left to block it: the next run stages it again if it is
    still owed then (a reminder chosen again, a seat taken again, a seminar moved back). One already
    due is marked withdrawn and its row stays, so it is never queued late. ``staged_only``: only the
    staged ones (to render them again, in a changed zone or language).
    """
    now = now or clock.now()
    staged = sa.select(Reminder.outbox_key).where(Reminder.status == ReminderStatus.QUEUED.value,
                                                  Reminder.due_at > now, *conditions)
    keys = list(db.session.scalars(
        sa.delete(OutboxMessage).where(
            OutboxMessage.key.in_(staged), OutboxMessage.status == OutboxStatus.PENDING.value,
            OutboxMessage.attempts == 0, OutboxMessage.next_attempt_at > now,
            sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now))
        .returning(OutboxMessage.key).execution_options(synchronize_session=False)))
    for start in range(0, len(keys), CHUNK):
        db.session.execute(sa.delete(Reminder).where(Reminder.status == ReminderStatus.QUEUED.value, *conditions,
                                                     Reminder.outbox_key.in_(keys[start:start + CHUNK]))
                           .execution_options(synchronize_session=False))
    if staged_only:
        return len(keys)
    queued = sa.select(Reminder.outbox_key).where(Reminder.status == ReminderStatus.QUEUED.value, *conditions)
    result = db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.key.in_(queued),
                                       OutboxMessage.status == OutboxStatus.PENDING.value)
        .values(status=OutboxStatus.WITHDRAWN.value).execution_options(synchronize_session=False))
    return len(keys) + result.rowcount


def change_choices(registrant: Registrant, *, offsets: list[int], timezone: str, language: str,
                   now: dt.datetime) -> None:
    """A registrant's new reminders, zone and language (the manage page); nothing commits.

    Reminders of offsets no longer chosen are taken back, staged or already due. Staged ones of a
    changed zone or language are taken back too, and the next run stages them again as now chosen.
    """
    registrant = db.session.scalar(sa.select(Registrant).where(Registrant.id == registrant.id).with_for_update()
                                   .execution_options(populate_existing=True))  # a reminder run's chunk first
    mine = Reminder.registration_id.in_(sa.select(Registration.id).where(Registration.registrant_id == registrant.id))
    if offsets != list(registrant.reminder_offsets):
        withdraw(mine, Reminder.offset_minutes.not_in(offsets), now=now)
        registrant.reminder_offsets, registrant.reminders_changed_at = offsets, now
    if (timezone, language) != (registrant.timezone, registrant.language):
        withdraw(mine, now=now, staged_only=True)
        registrant.timezone, registrant.language = timezone, language


# --- the one-click stop link (List-Unsubscribe) -----------------------------------------------------

def stop_token(registrant: Registrant) -> str:
    """The secret of a registrant's stop-reminders link; it can do nothing else."""
    return signed_links.sign(_STOP_SALT, registrant.id)


def read_stop_token(token: str) -> Registrant | None:
    """The registrant a stop link names, or None when it was changed or names nobody."""
    try:
        registrant_id = signed_links.row_id(signed_links.read(_STOP_SALT, token))
    except signed_links.BadLink:
        return None
    return db.session.get(Registrant, registrant_id)


def stop(registrant: Registrant, now: dt.datetime) -> None:
    """No more reminders for this registrant (they can choose some again on the manage page)."""
    db.session.execute(sa.select(Registrant.id).where(Registrant.id == registrant.id).with_for_update())
    registrant.reminder_offsets, registrant.reminders_changed_at = [], now
    withdraw(Reminder.registration_id.in_(
        sa.select(Registration.id).where(Registration.registrant_id == registrant.id)), now=now)
    db.session.commit()

