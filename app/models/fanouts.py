"""Fan-outs: one row per change that tells a seminar's registrants (a move, a cancellation, an
announcement, seats given from the waiting list). The console's request writes the row with the
change; the scheduler's fan-out job expands it into the outbox in chunks, in registration order,
committing ``after_id`` and ``queued`` with each chunk, so a crash resumes where it stopped.
"""
from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utc_now


class FanoutKind(str, enum.Enum):
    MOVED = "moved"
    CANCELLED = "cancelled"
    ANNOUNCEMENT = "announcement"
    PROMOTED = "promoted"


class FanoutStatus(str, enum.Enum):
    RUNNING = "running"  #: emails still to queue
    DONE = "done"  #: every email queued (``finished_at``)
    SUPERSEDED = "superseded"  #: a newer move or a cancellation took its place; it queues no more


class Fanout(db.Model):
    __tablename__ = "fanouts"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('moved', 'cancelled', 'announcement', 'promoted')", name="kind_known"),
        sa.CheckConstraint("status IN ('running', 'done', 'superseded')", name="status_known"),
        sa.Index("ix_fanouts_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    seminar_id: Mapped[int] = mapped_column(sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    #: The seminar's SEQUENCE after the change: part of each email's outbox key, so a chunk run
    #: twice finds its keys taken.
    sequence: Mapped[int] = mapped_column(default=0)
    #: A move's times before it (the emails' "Was:").
    previous_starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    previous_ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: A cancellation's note, or an announcement's body.
    body: Mapped[str] = mapped_column(sa.Text, default="")
    #: An announcement's subject and its form's nonce (one form never queues twice).
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    nonce: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Registration ids: those a promotion tells, or those a move leaves out (just promoted, told by
    #: their own "a seat is yours").
    registration_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    #: Registrations up to this id are told (those registered after the change read it elsewhere).
    upto_id: Mapped[int] = mapped_column(default=0)
    #: The last registration id expanded: the next chunk starts after it.
    after_id: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)  #: registrants to tell, counted at the change
    queued: Mapped[int] = mapped_column(default=0)  #: emails queued so far
    organiser_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisers.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(20), default=FanoutStatus.RUNNING.value)
    #: A fan-out job holds the row until then; a crashed job's claim simply expires.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    seminar: Mapped["Seminar"] = relationship()  # noqa: F821

    @property
    def running(self) -> bool:
        return self.status == FanoutStatus.RUNNING.value
