"""The hourly vote job forgets requests (and their addresses) that can no longer count."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot, Vote
from jobs.votes import forget_vote_requests
from tests.app.helpers.vote import DURING, cast, confirm, last_link


@pytest.fixture()
def ballot(make_vote_event, make_seminar, make_city, make_initiative):
    """The vote open through November 2023, with Kazan, Tehran and Bogotá on the ballot."""
    seminar = make_seminar()
    for position, (slug, name, country, zone) in enumerate([
            ("kazan", "Kazan", "Russia", "Europe/Moscow"), ("tehran", "Tehran", "Iran", "Asia/Tehran"),
            ("bogota", "Bogotá", "Colombia", "America/Bogota")]):
        city = make_city(slug=slug, name=name, country=country, timezone=zone)
        make_initiative(seminar, city=city, title=f"The initiative of {name}", position=position)
    return make_vote_event()


def test_confirmed_and_expired_requests_are_forgotten_the_rest_kept(app, client, ballot, clock):
    clock.now = DURING
    cast(client, "confirmed@example.org", "kazan")
    confirm(client, last_link())
    cast(client, "old@example.org", "tehran")
    clock.advance(hours=72, seconds=1)
    cast(client, "fresh@example.org", "bogota")
    forget_vote_requests(app)
    assert db.session.scalars(sa.select(Ballot.email)).all() == ["fresh@example.org"]
    assert db.session.scalars(sa.select(Vote.email)).all() == ["confirmed@example.org"]
    assert db.session.scalars(sa.select(Vote.email)).all() == ["confirmed@example.org"]
    clock.advance(hours=72, seconds=1)
    forget_vote_requests(app)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0


def test_the_vote_job_logs_how_many_requests_it_forgot_and_nothing_when_none(
        app, clock, make_vote_event, make_city, make_ballot, make_vote, caplog, job_log):
    event, city = make_vote_event(), make_city()
    clock.now = DURING
    make_vote(event, city, email="confirmed@example.org", confirmed_at=DURING)
    make_ballot(event, city, email="confirmed@example.org", cast_at=DURING, confirmed_at=DURING)
    make_ballot(event, city, email="old@example.org", cast_at=DURING - dt.timedelta(hours=72, seconds=1))
    make_ballot(event, city, email="fresh@example.org", cast_at=DURING)
    forget_vote_requests(app)
    assert job_log() == [("jobs.votes", logging.INFO, "votes: forgot 2 request(s) to vote")]
    caplog.clear()
    forget_vote_requests(app)
    assert job_log() == []
    assert db.session.scalars(sa.select(Ballot.email)).all() == ["fresh@example.org"]
    assert db.session.scalars(sa.select(Vote.email)).all() == ["confirmed@example.org"]
