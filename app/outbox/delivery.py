"""Send due outbox messages with Flask-Mail, one SMTP connection per batch.

Exactly-once as far as SMTP allows: a row is claimed (SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL) and committed as claimed before any sending; each outcome is committed as soon as it
is known, by a recorder thread, while the next message goes out: each of its commits takes every
outcome reported since the previous one. The only window left open is a crash after the server
accepted a message and before that commit (about one commit's time): the message would be sent
again when the claim expires, with the same Message-ID (derived from its key), so the duplicate
is recognisable downstream.
"""
from __future__ import annotations

import datetime as dt
import queue
import smtplib
import threading
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_mail import Attachment, Message

from app.extensions import db, mail
from app.models import OutboxMessage, OutboxStatus
from app.models.outbox import header_items

#: How long a worker may hold claimed rows before another may take them.
CLAIM_TTL = dt.timedelta(minutes=5)
#: Waits before retrying after a temporary failure: 30 s, 1 min, 2 min … capped at 1 h.
BACKOFF_BASE, BACKOFF_CAP = dt.timedelta(seconds=30), dt.timedelta(hours=1)
MAX_ATTEMPTS = 12


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def message_id(key: str) -> str:
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<{uuid.uuid5(uuid.NAMESPACE_URL, key).hex}@{domain}>"


@dataclass(frozen=True)
class Claimed:
    """A claimed outbox row as read at claim time: plain values, so recording each outcome is one
    UPDATE and a commit, with no ORM objects to expire and reload."""

    id: int
    key: str
    recipient: str
    subject: str
    text_body: str
    html_body: str
    ics: str
    ics_method: str
    headers: str
    attempts: int

    def header_items(self) -> list[tuple[str, str]]:
        return header_items(self.headers)


_CLAIMED_COLUMNS = [getattr(OutboxMessage, name) for name in Claimed.__dataclass_fields__]


def claim(now: dt.datetime, limit: int) -> list[Claimed]:
    """Take up to ``limit`` due rows for this worker and commit the claim."""
    query = (sa.select(*_CLAIMED_COLUMNS)
             .where(OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.next_attempt_at <= now,
                    sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = [Claimed(*row) for row in db.session.execute(query)]
    if rows:
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows]))
                           .values(claimed_until=now + CLAIM_TTL))
    db.session.commit()
    return rows


def build_message(row: Claimed | OutboxMessage) -> Message:
    message = Message(subject=row.subject, recipients=[row.recipient], body=row.text_body,
                      html=row.html_body or None, extra_headers=dict(row.header_items()))
    message.msgId = message_id(row.key)
    if row.ics:
        # iMIP (RFC 6047): the invitation as a text/calendar alternative whose method parameter
        # matches the calendar's METHOD (Outlook ignores a mismatch), and as an attachment.
        message.alts[f"calendar; method={row.ics_method}"] = row.ics
        message.attachments = [Attachment(filename="invite.ics",
                                          content_type=f"text/calendar; method={row.ics_method}; charset=utf-8",
                                          data=row.ics.encode(), disposition="attachment")]
    return message


def _temporary(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return True  # connection refused, reset, timeouts: the server may be back later


def deliver_due(now: dt.datetime, limit: int = 200) -> DeliveryReport:
    """Send what is due now; record each outcome. Safe to run in several workers at once."""
    report = DeliveryReport()
    rows = claim(now, limit)
    report.claimed = len(rows)
    if not rows:
        return report
    recorder = _Recorder(db.engine)
    try:
        _send(rows, now, report, recorder)
    finally:
        recorder.close()
    return report


def _send(rows: list[Claimed], now: dt.datetime, report: DeliveryReport, recorder: "_Recorder") -> None:
    try:
        connection = mail.connect()
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as error:
        for row in rows:
            _retry(row, now, error, report, recorder)
        return
    try:
        for row in rows:
            if not recorder.caught_up():
                # Outcomes can no longer be recorded: send no more. The rest stays claimed and is
                # retried when the claim expires; only the message or two whose outcome was
                # being committed may go twice.
                break
            try:
                connection.send(build_message(row))
            except (OSError, smtplib.SMTPException) as error:
                if _temporary(error):
                    _retry(row, now, error, report, recorder)
                else:
                    _fail(row, error, report, recorder)
            except Exception as error:  # noqa: BLE001  a message that cannot be built must not block the queue
                current_app.logger.exception("outbox message %s cannot be sent", row.key)
                _fail(row, error, report, recorder)
            else:
                recorder.record(row, status=OutboxStatus.SENT.value, sent_at=now)
                report.sent.append(row.key)
    finally:
        try:
            connection.__exit__(None, None, None)
        except (OSError, smtplib.SMTPException):
            pass


class _Recorder:
    """Commits outcomes in a thread of its own, on its own connection, while the sender goes on.

    Each commit takes every outcome reported since the previous commit, so none waits longer
    than one commit. The sender may run one message ahead of the commits, no more
    (``caught_up``): the next message goes out while the last outcome commits, and a failing
    database stops sending after at most two unrecorded messages.
    """

    _STOP = object()

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.outcomes: queue.SimpleQueue = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.reported = self.committed = 0
        self.progress = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="outbox-recorder", daemon=True)
        self.thread.start()

    def record(self, row: Claimed, **values) -> None:
        """An outcome: the row's new values (its claim is released with them)."""
        with self.progress:
            self.reported += 1
        self.outcomes.put((row.id, dict(values, attempts=row.attempts + 1, claimed_until=None)))

    def caught_up(self) -> bool:
        """Wait until at most one reported outcome is uncommitted; False if recording failed."""
        with self.progress:
            self.progress.wait_for(lambda: self.error is not None or self.reported - self.committed <= 1)
            return self.error is None

    def close(self) -> None:
        self.outcomes.put(self._STOP)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        table = OutboxMessage.__table__
        stopping = False
        while not stopping:
            group = [self.outcomes.get()]
            while not self.outcomes.empty():
                group.append(self.outcomes.get())
            stopping = self._STOP in group
            group = [item for item in group if item is not self._STOP]
            if not group or self.error is not None:
                continue
            try:
                with self.engine.begin() as conn:
                    for row_id, values in group:
                        conn.execute(sa.update(table).where(table.c.id == row_id).values(**values))
            except BaseException as error:  # noqa: BLE001  reported by close(); the claims expire and retry
                self.error = error
            with self.progress:
                self.committed += len(group)
                self.progress.notify_all()


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _fail(row: Claimed, error: Exception, report: DeliveryReport, recorder: _Recorder) -> None:
    """A permanent failure: recorded, never retried."""
    recorder.record(row, status=OutboxStatus.FAILED.value, last_error=_error_text(error))
    report.failed.append(row.key)


def _retry(row: Claimed, now: dt.datetime, error: Exception, report: DeliveryReport, recorder: _Recorder) -> None:
    attempts = row.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        recorder.record(row, status=OutboxStatus.FAILED.value, last_error=_error_text(error))
        report.failed.append(row.key)
    else:
        recorder.record(row, next_attempt_at=now + backoff(attempts), last_error=_error_text(error))
        report.retried.append(row.key)
