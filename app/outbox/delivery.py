"""Send due outbox messages with Flask-Mail, one SMTP connection per batch.

Exactly-once as far as SMTP allows: a row is claimed (SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL) and committed as claimed before any sending; each outcome is committed as soon as it
is known, by a recorder thread, while the next message goes out: each of its commits takes every
outcome reported since the previous one. The only window left open is a crash after the server
accepted a message and before that commit (about one commit's time): the message would be sent
again when the claim expires, with the same Message-ID (derived from its key), so the duplicate
is recognisable downstream.

Claims are short (``OUTBOX_CLAIM_SECONDS``, 30 s by default) and renewed while the batch is being
sent (``app.outbox.claims``), so the messages a crashed worker held are taken by the next run
about that long after the crash.
"""
from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from flask_mail import Attachment, Message

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus
from app.outbox import smtp
from app.outbox.claims import Claimed, Recorder, claim, claim_length

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


def message_id(key: str) -> str:
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<{uuid.uuid5(uuid.NAMESPACE_URL, key).hex}@{domain}>"


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
    recorder = Recorder(db.engine, rows, now, claim_length())
    try:
        _send(rows, now, report, recorder)
    finally:
        recorder.close()
    if recorder.lost:
        current_app.logger.warning("outbox: the claim on %d message(s) lapsed and another worker took them; "
                                   "this batch stopped sending", len(recorder.lost))
    return report


def _send(rows: list[Claimed], now: dt.datetime, report: DeliveryReport, recorder: Recorder) -> None:
    try:
        connection = smtp.connect()
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as error:
        for row in rows:
            _retry(row, now, error, report, recorder)
        return
    try:
        for row in rows:
            if not recorder.may_send():
                # Outcomes can no longer be recorded, or the claim no longer surely holds: send no
                # more. The rest stays claimed and is retried when the claim expires; only the
                # message or two whose outcome was being committed may go twice.
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
