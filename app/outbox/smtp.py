"""SMTP connections for the delivery job: Flask-Mail's settings, with a socket timeout (Flask-Mail
0.10 opens its connection without one), held open across batches by a ``Sender``.

A server that stops answering then fails the message after ``MAIL_TIMEOUT`` seconds (retried like
any connection error) instead of blocking the sender while its claim on the batch is renewed.
"""
from __future__ import annotations

import smtplib
import time

from flask import current_app
from flask_mail import Connection


class TimedConnection(Connection):
    def configure_host(self) -> smtplib.SMTP:
        timeout = current_app.config["MAIL_TIMEOUT"]
        smtp = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


def connect() -> TimedConnection:
    """An unopened connection to the configured server (enter it to connect)."""
    return TimedConnection(current_app.extensions["mail"])


#: The server's answers about one message (refused, try later): the connection stays good. Every
#: other smtplib error is an OSError too, after which the connection is dropped and the next
#: message opens a new one.
REFUSALS = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)


class Sender:
    """One SMTP connection, opened on first use and kept open across batches; after a connection
    error the next message opens a new one. Not shared between threads.

    A connection left idle ``check_after`` seconds (between batches) is checked with a NOOP first:
    a server may have closed it meanwhile (servers close idle sessions), and a message must not be
    retried for that.
    """

    def __init__(self, check_after: float = 1.0):
        self.host: smtplib.SMTP | None = None
        self.opened = 0  #: connections opened so far
        self.check_after, self.used_at = check_after, 0.0

    def sendmail(self, envelope_from: str, recipient: str, raw: bytes) -> None:
        if self.host is not None and time.monotonic() - self.used_at >= self.check_after:
            try:
                alive = self.host.noop()[0] == 250
            except OSError:
                alive = False
            if not alive:
                self.drop()
        if self.host is None:
            self.host = connect().configure_host()
            self.opened += 1
        try:
            self.host.sendmail(envelope_from, [recipient], raw)
        except REFUSALS:
            raise  # smtplib has reset the transaction
        except OSError:
            self.drop()
            raise
        except Exception:
            self._reset()  # e.g. an address smtplib cannot encode, after MAIL FROM went out
            raise
        finally:
            self.used_at = time.monotonic()

    def _reset(self) -> None:
        try:
            self.host.rset()
        except (OSError, smtplib.SMTPException):
            self.drop()

    def drop(self) -> None:
        """Forget the connection without a word to the server (it may be gone)."""
        if self.host is not None:
            try:
                self.host.close()
            finally:
                self.host = None

    def close(self) -> None:
        """Say goodbye (QUIT) and close."""
        if self.host is not None:
            try:
                self.host.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.drop()
