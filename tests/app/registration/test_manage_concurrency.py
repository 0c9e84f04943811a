"""Ten "add seminar" posts at once on one manage page: the seminar is added once, every request
answers normally (issue 13, point 6). On PostgreSQL the posts run in threads released together;
SQLite admits one writer at a time, so there they run one after another."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Registrant, Registration, Seminar
from app.registration import service
from tests.app.helpers.concurrency import at_once
from tests.app.helpers.forms import form_token

POSTS = 10


def test_ten_simultaneous_adds_of_one_seminar_add_it_once(app, client, seminar_one, make_seminar, clock, database_url):
    make_seminar(event=seminar_one.event, number=3, slug="seminar-3", title="Beyond smart city",
                 starts_at=dt.datetime(2023, 11, 8, 12, 30, tzinfo=dt.timezone.utc),
                 ends_at=dt.datetime(2023, 11, 8, 14, 0, tzinfo=dt.timezone.utc))
    service.register(service.Request(name="Ana", email="ana@example.org", organisation="", place="", timezone="UTC",
                                     seminar_slugs=["seminar-1"], reminders=[60]), clock())
    person = db.session.scalar(sa.select(Registrant))
    service.confirm(service.confirmation_token(person, person.registrations, clock()), clock())
    page = f"/manage/{person.manage_token}"
    token, session = form_token(client, page), client.get_cookie("session").value
    db.session.remove()

    def add(_):
        browser = app.test_client()
        browser.set_cookie("session", session)
        response = browser.post(f"{page}/add", data={"csrf_token": token, "add-seminars": ["seminar-3"]})
        notice = re.search(r'<p class="notice" role="status">([^<]+)</p>', browser.get(page).get_data(as_text=True))
        return response.status_code, response.location, notice.group(1)

    if database_url.startswith("postgresql"):
        answers, errors = at_once(app, add, range(POSTS))
    else:
        print("SQLite admits one writer at a time: the ten posts run one after another")
        answers, errors = [add(n) for n in range(POSTS)], []

    assert errors == []
    assert sorted(answers) == [(303, page, "Added 1 seminar(s). The details are on their way by email.")] + [
        (303, page, "You are already registered for the seminars you ticked; nothing changed.")] * (POSTS - 1)
    rows = db.session.execute(sa.select(Seminar.slug, Registration.status).join(Registration.seminar)
                              .where(Registration.registrant_id == person.id).order_by(Seminar.slug)).all()
    assert rows == [("seminar-1", "confirmed"), ("seminar-3", "confirmed")]
    welcomes = db.session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.key.like("welcome:%"))
                                  .order_by(OutboxMessage.id)).all()
    assert welcomes == ["You're registered: Seminar 1, Mon, 6 Nov 2023 12:30 UTC",
                        "You're registered: Seminar 3, Wed, 8 Nov 2023 12:30 UTC"]
