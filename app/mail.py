"""Composing an email: its text and HTML bodies from ONE template name, the calendar invitation
attached when there is one, as an outbox ``NewMessage``. Every email of the service is built here.

    invite = Mail("welcome")                    # templates/email/welcome.txt and welcome.html
    message = invite.compose(key, registrant.email, subject, ics=body, ics_method="REQUEST",
                             headers={...}, registrant=registrant, ...)   # the rest is the templates' context
    queue(message)        # one message, deduplicated by key (app.outbox.enqueue.enqueue's rules), or
    add_new(messages)     # many messages in one INSERT (app.outbox.enqueue.add_new)

A Mail looks its two templates up once, so a job writing thousands of reminders keeps one. Templates
are rendered without a request's context processors: an email never depends on who clicked.
"""
from __future__ import annotations

from flask import current_app

from app.models import OutboxMessage
from app.outbox.enqueue import NewMessage, enqueue


class Mail:
    """One kind of email: ``templates/email/<name>.txt`` and ``.html``."""

    def __init__(self, name: str):
        env = current_app.jinja_env
        self.text = env.get_template(f"email/{name}.txt")
        self.html = env.get_template(f"email/{name}.html")

    def compose(self, key: str, recipient: str, subject: str, *, ics: str = "", ics_method: str = "",
                headers: dict[str, str] | None = None, **context) -> NewMessage:
        """The message to ``recipient``; ``ics`` (an iMIP body) goes out as a ``text/calendar``
        part with ``ics_method`` (REQUEST or CANCEL), and no method without it."""
        return NewMessage(key, recipient, subject, self.text.render(context), self.html.render(context),
                          headers or {}, ics, ics_method if ics else "")


def queue(message: NewMessage) -> OutboxMessage | None:
    """Queue one composed message under its key: an unsent one is kept, a sent one never queued again."""
    return enqueue(message.key, message.recipient, message.subject, message.text_body, message.html_body,
                   ics=message.ics, ics_method=message.ics_method, headers=message.headers)
