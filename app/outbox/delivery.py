"""Send due outbox messages: the bytes stored when each was queued, over an SMTP connection that
a sender (one of ``OUTBOX_CONNECTIONS`` threads of the delivery job) keeps open across batches.

Exactly-once as far as SMTP allows: a row is claimed (one UPDATE ... RETURNING; SKIP LOCKED on
PostgreSQL) and committed as claimed before any sending; each outcome is committed as soon as it
is known, by the batch's recorder thread, while the next message goes out: each of its commits
takes every outcome reported since the previous one. The only window left open is a crash after
the server accepted a message and before that commit: a sender runs at most one message ahead of
its commits, so at most two messages per connection, 2 x ``OUTBOX_CONNECTIONS`` per process (8
by default), may go again when the claims expire, with the same Message-ID (derived from the
key), so a duplicate is recognisable downstream.

Claims are short (``OUTBOX_CLAIM_SECONDS``, 30 s by default) and renewed while the batch is being
sent (``app.outbox.claims``), so the messages a crashed worker held are taken by the next run
about that long after the crash.
"""
from __future__ import annotations

import datetime as dt
import smtplib
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus
from app.outbox.claims import Claimed, Recorder, claim, claim_length
from app.outbox.compose import address, build_message, envelope_sender, message_id
from app.outbox.rate import DomainGate
from app.outbox.smtp import REFUSALS, Sender

__all__ = ["DeliveryReport", "backoff", "build_message", "deliver_due", "message_id"]

#: Waits before retrying after a temporary failure: 30 s, 1 min, 2 min … capped at 1 h.
BACKOFF_BASE, BACKOFF_CAP = dt.timedelta(seconds=30), dt.timedelta(hours=1)
MAX_ATTEMPTS = 12


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: list[str] = field(default_factory=list)  #: outbox keys
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  #: key -> the error, of each retried or failed message

    def add(self, other: DeliveryReport) -> None:
        """Fold in a later batch's report (a job run takes several batches)."""
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.errors.update(other.errors)


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _temporary(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return True  # connection refused, reset, timeouts: the server may be back later


def deliver_due(now: dt.datetime, limit: int = 200, *, sender: Sender | None = None, gate: DomainGate | None = None,
                sleep=time.sleep) -> DeliveryReport:
    """Send what is due now; record each outcome. Safe to run in several workers at once.

    ``sender``: a connection kept open by the caller (a fresh one, closed after the batch, if
    None); ``gate``: a per-domain cap, whose waits go through ``sleep``."""
    report = DeliveryReport()
    rows = claim(now, limit)
    report.claimed = len(rows)
    if not rows:
        return report
    recorder = Recorder(db.engine, rows, now, claim_length())
    own = sender is None
    sender = sender or Sender()
    try:
        _send(rows, now, report, recorder, sender, gate, sleep)
    finally:
        if own:
            sender.close()
        recorder.close()
    if recorder.lost:
        current_app.logger.warning("outbox: the claim on %d message(s) lapsed and another worker took them; "
                                   "this batch stopped sending", len(recorder.lost))
    return report


def _send(rows: list[Claimed], now: dt.datetime, report: DeliveryReport, recorder: Recorder, sender: Sender,
          gate: DomainGate | None, sleep) -> None:
    """Each row's bytes in turn; a row whose domain is capped waits for a later pass, after the
    others of the batch went; a connection error retries the rest of the batch."""
    envelope_from, built = envelope_sender(), _built_now([row for row in rows if row.raw is None], now)
    waiting = rows
    while waiting:
        rows, waiting, waits = waiting, [], []
        for index, row in enumerate(rows):
            if not recorder.may_send():
                # Outcomes can no longer be recorded, or the claim no longer surely holds: send no
                # more. The rest stays claimed and is retried when the claim expires; only the
                # message or two whose outcome was being committed may go twice.
                return
            wait = gate.wait(row.recipient) if gate is not None else 0
            if wait:
                waiting.append(row)
                waits.append(wait)
                continue
            try:
                raw = row.raw if row.raw is not None else built[row.id]
                if isinstance(raw, Exception):
                    raise raw
                sender.sendmail(envelope_from, address(row.recipient), raw)
            except REFUSALS as error:
                if _temporary(error):
                    _retry(row, now, error, report, recorder)
                else:
                    _fail(row, error, report, recorder)
            except OSError as error:
                for rest in [row, *rows[index + 1:], *waiting]:  # the server is unreachable: retry them all
                    _retry(rest, now, error, report, recorder)
                return
            except Exception as error:  # noqa: BLE001  a message that cannot be built must not block the queue
                current_app.logger.exception("outbox message %s cannot be sent", row.key)
                _fail(row, error, report, recorder)
            else:
                recorder.record(row, status=OutboxStatus.SENT.value, sent_at=now)
                report.sent.append(row.key)
        if waiting:
            sleep(min(waits))


def _built_now(rows: list[Claimed], now: dt.datetime) -> dict[int, bytes | Exception]:
    """The bytes of rows queued before they were stored (an upgrade loses nothing), or why not."""
    if not rows:
        return {}
    columns = [OutboxMessage.id, OutboxMessage.key, OutboxMessage.recipient, OutboxMessage.subject,
               OutboxMessage.text_body, OutboxMessage.html_body, OutboxMessage.ics, OutboxMessage.ics_method,
               OutboxMessage.headers]
    built: dict[int, bytes | Exception] = {}
    for values in db.session.execute(sa.select(*columns).where(OutboxMessage.id.in_([r.id for r in rows]))):
        try:
            built[values.id] = build_message(SimpleNamespace(**values._mapping), now).as_bytes()
        except Exception as error:  # noqa: BLE001  failed alone, at its turn
            built[values.id] = error
    db.session.commit()
    return built


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _fail(row: Claimed, error: Exception, report: DeliveryReport, recorder: Recorder) -> None:
    """A permanent failure: recorded, never retried."""
    recorder.record(row, status=OutboxStatus.FAILED.value, last_error=_error_text(error))
    report.failed.append(row.key)
    report.errors[row.key] = _error_text(error)


def _retry(row: Claimed, now: dt.datetime, error: Exception, report: DeliveryReport, recorder: Recorder) -> None:
    attempts = row.attempts + 1
    report.errors[row.key] = _error_text(error)
    if attempts >= MAX_ATTEMPTS:
        recorder.record(row, status=OutboxStatus.FAILED.value, last_error=_error_text(error))
        report.failed.append(row.key)
    else:
        recorder.record(row, next_attempt_at=now + backoff(attempts), last_error=_error_text(error))
        report.retried.append(row.key)
