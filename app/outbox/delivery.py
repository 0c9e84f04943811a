"""Send due outbox messages with Flask-Mail, one SMTP connection per batch.

Exactly-once as far as SMTP allows: a row is claimed (SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL) and committed as claimed before any sending; each accepted message is committed as
sent at once. The only window left open is a crash after the server accepted a message and
before that commit: the message would be sent again when the claim expires, with the same
Message-ID (derived from its key), so the duplicate is recognisable downstream.
"""
from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_mail import Attachment, Message

from app.extensions import db, mail
from app.models import OutboxMessage, OutboxStatus

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


def claim(now: dt.datetime, limit: int) -> list[OutboxMessage]:
    """Take up to ``limit`` due rows for this worker and commit the claim."""
    query = (sa.select(OutboxMessage)
             .where(OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.next_attempt_at <= now,
                    sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(db.session.scalars(query))
    for row in rows:
        row.claimed_until = now + CLAIM_TTL
    db.session.commit()
    return rows


def build_message(row: OutboxMessage) -> Message:
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
    try:
        connection = mail.connect()
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as error:
        for row in rows:
            _retry(row, now, error, report)
        db.session.commit()
        return report
    try:
        for row in rows:
            try:
                connection.send(build_message(row))
            except (OSError, smtplib.SMTPException) as error:
                if _temporary(error):
                    _retry(row, now, error, report)
                else:
                    _fail(row, error, report)
            except Exception as error:  # noqa: BLE001  a message that cannot be built must not block the queue
                current_app.logger.exception("outbox message %s cannot be sent", row.key)
                _fail(row, error, report)
            else:
                row.status, row.sent_at, row.claimed_until = OutboxStatus.SENT.value, now, None
                row.attempts += 1
                report.sent.append(row.key)
            db.session.commit()  # record each outcome at once: the duplicate window stays narrow
    finally:
        try:
            connection.__exit__(None, None, None)
        except (OSError, smtplib.SMTPException):
            pass
    return report


def _fail(row: OutboxMessage, error: Exception, report: DeliveryReport) -> None:
    """A permanent failure: recorded, never retried."""
    row.status, row.claimed_until = OutboxStatus.FAILED.value, None
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.attempts += 1
    report.failed.append(row.key)


def _retry(row: OutboxMessage, now: dt.datetime, error: Exception, report: DeliveryReport) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED.value
        report.failed.append(row.key)
    else:
        row.next_attempt_at = now + backoff(row.attempts)
        report.retried.append(row.key)
