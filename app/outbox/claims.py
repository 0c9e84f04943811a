"""Claims on outbox rows: a worker takes due rows for a short, renewed claim and records each
outcome through ``Recorder``, which also keeps the claim on the rest while the batch is sent.

A claim is ``claimed_until``: the instant after which another worker may take the row. It lasts
``OUTBOX_CLAIM_SECONDS`` from the last renewal, so a crashed worker's rows wait about that long.
"""
from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Claimed:
    """A claimed outbox row as read at claim time: plain values, so recording each outcome is one
    UPDATE and a commit, with no ORM objects to expire and reload."""

    id: int
    key: str
    recipient: str
    raw: bytes | None  #: the stored bytes; None for a row queued before they were stored
    attempts: int
    next_attempt_at: dt.datetime


_CLAIMED_COLUMNS = [getattr(OutboxMessage, name) for name in Claimed.__dataclass_fields__]


def claim_length() -> dt.timedelta:
    """How long a claim lasts unless renewed (``OUTBOX_CLAIM_SECONDS``)."""
    return dt.timedelta(seconds=current_app.config["OUTBOX_CLAIM_SECONDS"])


def claim(now: dt.datetime, limit: int) -> list[Claimed]:
    """Take up to ``limit`` due rows for this worker and commit the claim: each row's
    ``claimed_until`` becomes ``now`` + the claim's length.

    One UPDATE ... RETURNING whose subquery picks the rows: on PostgreSQL it locks them with SKIP
    LOCKED, so concurrent workers take different rows; on SQLite the statement takes the write
    lock before it reads, so two threads or processes never claim the same row either.
    """
    due = (sa.select(OutboxMessage.id)
           .where(OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.next_attempt_at <= now,
                  sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    taken = db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(due))
                               .values(claimed_until=now + claim_length()).returning(*_CLAIMED_COLUMNS)
                               .execution_options(synchronize_session=False))
    rows = sorted((Claimed(*row) for row in taken), key=lambda row: (row.next_attempt_at, row.id))
    db.session.commit()
    return rows


class Recorder:
    """Commits outcomes, and renews the batch's claim, in a thread of its own on its own connection,
    while the sender goes on.

    Each commit takes every outcome reported since the previous commit, so none waits longer
    than one commit. The sender may run one message ahead of the commits, no more
    (``may_send``): the next message goes out while the last outcome commits, and a failing
    database stops sending after at most two unrecorded messages.

    Every third of the claim's length the rows not yet recorded get ``claimed_until`` = now + the
    claim, in the same thread as the outcomes (a renewal never races an outcome). Renewing rather
    than claiming small slices: a slice would still have to outlast its slowest send (an SMTP
    timeout), a renewed claim stays short whatever the server does. Every write is fenced on the
    claim's current value (``claimed_until = held``): another worker takes a row only once that
    value has passed, and writes a later one, so a worker whose claim lapsed can neither renew nor
    record over it; it learns so (``lost``) and sends no more.
    """

    _STOP = object()

    def __init__(self, engine: sa.Engine, rows: list[Claimed], now: dt.datetime, claim: dt.timedelta):
        self.engine = engine
        self.claim = claim
        self.outstanding = {row.id for row in rows}  #: claimed, outcome not yet committed
        self.lost: set[int] = set()  #: taken by another worker after our claim lapsed
        self.started, self.now = time.monotonic(), now
        self.held_until = now + claim  #: the claim's value in the rows, as last committed
        self.outcomes: queue.SimpleQueue = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.reported = self.committed = 0
        self.progress = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="outbox-recorder", daemon=True)
        self.thread.start()

    def clock(self) -> dt.datetime:
        """The batch's ``now`` moved on by the time elapsed since (the caller's clock, running)."""
        return self.now + dt.timedelta(seconds=time.monotonic() - self.started)

    def record(self, row: Claimed, **values) -> None:
        """An outcome: the row's new values (its claim is released with them)."""
        with self.progress:
            self.reported += 1
        self.outcomes.put((row.id, dict(values, attempts=row.attempts + 1, claimed_until=None)))

    def may_send(self) -> bool:
        """Wait until at most one reported outcome is uncommitted; then whether one more message
        may go: recording works, no row was lost, and the claim has a third of its length left (a
        send that starts now ends before it lapses, even if no renewal lands meanwhile)."""
        with self.progress:
            self.progress.wait_for(lambda: self.error is not None or self.reported - self.committed <= 1)
            return self.error is None and not self.lost and self.held_until - self.clock() >= self.claim / 3

    def close(self) -> None:
        self.outcomes.put(self._STOP)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        every = self.claim.total_seconds() / 3
        renew_at = time.monotonic() + every
        stopping = False
        while not stopping:
            try:
                group = [self.outcomes.get(timeout=max(renew_at - time.monotonic(), 0))]
            except queue.Empty:
                group = []
            while not self.outcomes.empty():
                group.append(self.outcomes.get())
            stopping = self._STOP in group
            group = [item for item in group if item is not self._STOP]
            renew = not stopping and time.monotonic() >= renew_at
            if renew:
                renew_at = time.monotonic() + every
            if self.error is None and (group or renew):
                try:
                    self._commit(group, renew)
                except BaseException as error:  # noqa: BLE001  reported by close(); the claims expire and retry
                    self.error = error
            if group:
                with self.progress:
                    self.committed += len(group)
                    self.progress.notify_all()

    def _commit(self, group: list[tuple[int, dict]], renew: bool) -> None:
        """One transaction: the outcomes of ``group`` and, when ``renew``, the claim of the rest."""
        table = OutboxMessage.__table__
        mine = table.c.claimed_until == self.held_until
        outstanding, lost, held_until = set(self.outstanding), set(), self.held_until
        with self.engine.begin() as conn:
            for row_id, values in group:
                if row_id in outstanding:
                    outstanding.discard(row_id)
                    if conn.execute(sa.update(table).where(table.c.id == row_id, mine).values(**values)).rowcount != 1:
                        lost.add(row_id)
            if renew and outstanding:
                held_until = self.clock() + self.claim
                renewed = set(conn.scalars(sa.update(table).where(table.c.id.in_(outstanding), mine)
                                           .values(claimed_until=held_until).returning(table.c.id)))
                lost |= outstanding - renewed
                outstanding = renewed
        with self.progress:
            self.outstanding, self.held_until = outstanding, held_until
            self.lost |= lost
