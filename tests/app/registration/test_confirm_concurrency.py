"""50 confirmations at once for 20 seats on PostgreSQL: exactly 20 confirmed, 30 waitlisted."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Registrant, Registration, Seminar
from app.registration import service
from tests.app.helpers.concurrency import at_once


def test_concurrent_confirmations_never_exceed_capacity(app, seminar_one, clock, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrency is PostgreSQL's case: SQLite admits one writer at a time")
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1"))
    seminar.capacity = 20
    db.session.commit()
    tokens = []
    for n in range(50):
        service.register(service.Request(name=f"P{n}", email=f"p{n}@example.org", organisation="", place="",
                                         timezone="UTC", seminar_slugs=["seminar-1"], reminders=[60]), clock())
        person = db.session.scalar(sa.select(Registrant).filter_by(email=f"p{n}@example.org"))
        tokens.append(service.confirmation_token(person, person.registrations, clock()))
    db.session.remove()

    _, errors = at_once(app, lambda token: service.confirm(token, clock()), tokens)
    counts = dict(db.session.execute(sa.select(Registration.status, sa.func.count())
                                     .group_by(Registration.status)).all())
    assert (errors, counts) == ([], {"confirmed": 20, "waitlisted": 30})
