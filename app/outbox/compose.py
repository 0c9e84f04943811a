"""An outbox message as RFC 5322 bytes, built once when it is queued: delivery then streams the
stored bytes and does no MIME work (rows queued before the ``raw`` column are built at send time)."""
from __future__ import annotations

import datetime as dt
import uuid
from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app
from flask_mail import Attachment, BadHeaderError, Message

from app.models.outbox import header_items


def message_id(key: str) -> str:
    """The Message-ID, derived from the outbox key: a message sent twice is recognisable downstream."""
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<{uuid.uuid5(uuid.NAMESPACE_URL, key).hex}@{domain}>"


def envelope_sender() -> str:
    """The MAIL FROM address: MAIL_DEFAULT_SENDER without its display name."""
    return address(current_app.config["MAIL_DEFAULT_SENDER"])


def address(mailbox: str) -> str:
    """The address of ``Name <address>`` (or of a bare address), as the SMTP envelope carries it."""
    return parseaddr(mailbox)[1]


def build_message(row, date: dt.datetime | None = None) -> Message:
    """The Flask-Mail message of an outbox row (or anything with its fields), dated ``date``."""
    message = Message(subject=row.subject, recipients=[row.recipient], body=row.text_body,
                      html=row.html_body or None, extra_headers=dict(header_items(row.headers)),
                      sender=current_app.config["MAIL_DEFAULT_SENDER"],
                      date=None if date is None else date.timestamp())
    message.msgId = message_id(row.key)
    if row.ics:
        # iMIP (RFC 6047): the invitation as a text/calendar alternative whose method parameter
        # matches the calendar's METHOD (Outlook ignores a mismatch), and as an attachment.
        message.alts[f"calendar; method={row.ics_method}"] = row.ics
        message.attachments = [Attachment(filename="invite.ics",
                                          content_type=f"text/calendar; method={row.ics_method}; charset=utf-8",
                                          data=row.ics.encode(), disposition="attachment")]
    return message


def raw_bytes(row, date: dt.datetime) -> bytes:
    """The bytes to send: what ``build_message`` makes, refused as Flask-Mail's ``send`` would
    refuse it (a header with a line break), and checked to go over plain SMTP (an address that
    only SMTPUTF8 could carry fails here, not at the server)."""
    message = build_message(row, date)
    if message.has_bad_headers():
        raise BadHeaderError("a header holds a line break")
    address(row.recipient).encode("ascii")
    raw = message.as_bytes()
    return raw if raw.endswith(b"\r\n") else raw + b"\r\n"  # as smtplib would end it: stored = sent
