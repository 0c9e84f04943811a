"""Signing organisers in and reading their accounts and the audit log."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Organiser
from tests.app.helpers.forms import form_token


MISMATCH = "That email and password do not match an active account."


SELF_CHANGE = "You cannot demote or deactivate your own account: ask another admin."


NEW_PASSWORD = "a brand new long password"


def attempt(client, email: str, password: str, **kwargs):
    """One sign-in POST with the page's token (``query_string``, ``environ_base`` pass through)."""
    token = form_token(client, "/organise/sign-in")
    return client.post("/organise/sign-in", data={"email": email, "password": password, "csrf_token": token},
                       **kwargs)


def session_user(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def notices(html: str) -> list[str]:
    return re.findall(r'<p class="(?:notice|flash)[^"]*" role="status">([^<]+)</p>', html)


def assert_signed_out(client) -> None:
    response = client.get("/organise/")
    assert (response.status_code, response.headers["Location"]) == (302, "/organise/sign-in?next=%2Forganise%2F")


def accounts() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(sa.select(Organiser.email, Organiser.role, Organiser.active, Organiser.session_version)
                              .order_by(Organiser.email)).all()


def audit() -> list[tuple]:
    return db.session.execute(sa.select(AuditEntry.action, AuditEntry.kind, AuditEntry.key, AuditEntry.changes,
                                        AuditEntry.actor).order_by(AuditEntry.id)).all()
