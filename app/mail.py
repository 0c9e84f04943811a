"""Composing an email: its text and HTML bodies from ONE template name, the calendar invitation
attached when there is one, as an outbox ``NewMessage``. Every email of the service is built here,
in its recipient's language.

    with in_language(registrant.language):      # subject, dates, zone names, links and bodies in it
        invite = Mail("welcome")                # templates/email/welcome.txt and welcome.html
        message = invite.compose(key, registrant.email, _("…"), ics=body, ics_method="REQUEST",
                                 headers={...}, registrant=registrant, ...)   # the rest: the templates' context
    queue(message)        # one message, deduplicated by key (app.outbox.enqueue.enqueue's rules), or
    add_new(messages)     # many messages in one INSERT (app.outbox.enqueue.add_new)

A Mail looks its two templates up once, so a job writing thousands of reminders keeps one. Templates
are rendered without a request's context processors: an email never depends on who clicked, nor in
which language the page that set it off was read.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import force_locale

from app import languages
from app.i18n import current
from app.models import OutboxMessage
from app.outbox.enqueue import NewMessage, enqueue


@contextmanager
def in_language(code: str | None) -> Iterator[languages.Language]:
    """Compose inside this: gettext, ``app.i18n.cldr()`` (dates, zone names) and
    ``app.urls.page_url`` follow ``code``, a recipient's stored language (English for an unknown
    one), in a request read in any language and in a scheduler's job alike (an app context is enough)."""
    language = languages.get(code)
    with force_locale(language.cldr):
        yield language


class Mail:
    """One kind of email: ``templates/email/<name>.txt`` and ``.html``."""

    def __init__(self, name: str):
        env = current_app.jinja_env
        self.text = env.get_template(f"email/{name}.txt")
        self.html = env.get_template(f"email/{name}.html")

    def compose(self, key: str, recipient: str, subject: str, *, ics: str = "", ics_method: str = "",
                headers: dict[str, str] | None = None, **context) -> NewMessage:
        """The message to ``recipient``, in the language in force (``in_language``); ``ics`` (an
        iMIP body) goes out as a ``text/calendar`` part with ``ics_method`` (REQUEST or CANCEL),
        and no method without it."""
        context["language"] = current()  # <html lang dir> of the HTML part
        return NewMessage(key, recipient, str(subject), self.text.render(context), self.html.render(context),
                          headers or {}, ics, ics_method if ics else "")


def queue(message: NewMessage) -> OutboxMessage | None:
    """Queue one composed message under its key: an unsent one is kept, a sent one never queued again."""
    return enqueue(message.key, message.recipient, message.subject, message.text_body, message.html_body,
                   ics=message.ics, ics_method=message.ics_method, headers=message.headers)
