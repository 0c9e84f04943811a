"""Flask-Mail's SMTP connection with a socket timeout (Flask-Mail 0.10 opens it without one).

A server that stops answering then fails the message after ``MAIL_TIMEOUT`` seconds (retried like
any connection error) instead of blocking the sender while its claim on the batch is renewed.
"""
from __future__ import annotations

import smtplib

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
