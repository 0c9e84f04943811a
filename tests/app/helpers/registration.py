"""Drive the registration pages as a browser would: fetch the form's CSRF token, post, read mail."""
from __future__ import annotations

import re

from app.outbox.delivery import deliver_due
from tests.app.helpers.fanout import finish_fanouts
from tests.app.helpers.forms import form_token

#: The registration form of the 2023 programme (the factories' default, and the demo's).
PAGE = "/p/award-2023/register"
FORM = {"name": "Ana María", "email": "Ana@Example.org", "organisation": "City of Bogotá",
        "place": "Bogotá", "timezone": "America/Bogota", "seminars": ["seminar-1"], "reminders": ["1440", "60"],
        "consent": "y"}


def submit(client, page: str = PAGE, **changes):
    data = {**FORM, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    data["csrf_token"] = form_token(client, page)
    return client.post(page, data=data)


def deliver(clock, smtp) -> list:
    """Run the fan-out job to completion and the delivery job once; return the messages the SMTP
    server received."""
    finish_fanouts()
    before = len(smtp.messages)
    deliver_due(clock())
    return smtp.messages[before:]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link(message, path: str) -> str:
    """The path of the first link to ``path`` in the message (without scheme and host)."""
    return re.search(rf"http://127\.0\.0\.1:5000({re.escape(path)}[^\s<\"]+)", text_of(message)).group(1)


def confirm(client, path: str):
    token = form_token(client, path)
    return client.post(path, data={"csrf_token": token})
