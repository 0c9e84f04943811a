"""100 confirmations at once for one address on PostgreSQL: one vote counts, nothing fails."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot, City, Event, Vote
from app.vote import results, service
from tests.app.helpers.concurrency import at_once
from tests.app.helpers.vote import DURING, SLUG

THREADS = 100
CITIES = ["kazan", "tehran", "bogota", "sao-paulo", "jakarta"]


@pytest.fixture()
def ballot(seminar_one, make_city, make_initiative, make_vote_event):
    """The vote, with the five CITIES on its ballot: Kazan and Tehran present at seminar 1, the rest beside them."""
    for position, (slug, name, country, zone) in enumerate([
            ("bogota", "Bogotá", "Colombia", "America/Bogota"),
            ("sao-paulo", "São Paulo", "Brazil", "America/Sao_Paulo"),
            ("jakarta", "Jakarta", "Indonesia", "Asia/Jakarta")], start=4):
        make_initiative(seminar_one, city=make_city(slug=slug, name=name, country=country, timezone=zone),
                        title=f"The initiative of {name}", position=position)
    return make_vote_event()


def _confirm_at_once(app, clock, tokens: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Each token confirmed by its own thread, all released together: the (outcome, city slug) of
    each and the errors raised."""
    def confirm(token):
        done = service.confirm(token, clock())
        return done.outcome, done.city.slug

    return at_once(app, confirm, tokens)


def _votes() -> list[tuple[str, str]]:
    return [(email, slug) for email, slug in db.session.execute(
        sa.select(Vote.email, City.slug).join(City, Vote.city_id == City.id).order_by(Vote.id))]


def _confirmed_ballots() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(Ballot.confirmed_at.is_not(None)))


def _vote() -> Event:
    return db.session.scalar(sa.select(Event).filter_by(slug=SLUG, kind="vote"))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_same_link_confirmed_by_100_threads_counts_once(app, ballot, clock):
    clock.now = DURING
    event = _vote()
    service.cast(event, "ana@example.org", "kazan", "UTC", clock())
    ballot = db.session.scalar(sa.select(Ballot).filter_by(email="ana@example.org"))
    token = service.confirmation_token(ballot, ballot.cast_at)
    db.session.remove()

    outcomes, errors = _confirm_at_once(app, clock, [token] * THREADS)

    assert errors == []
    assert Counter(outcomes) == {("counted", "kazan"): 1, ("used", "kazan"): THREADS - 1}
    assert _votes() == [("ana@example.org", "kazan")]
    assert _confirmed_ballots() == 1
    found = results.tally(_vote(), clock())
    assert (found.confirmed, [(r.city.slug, r.confirmed) for r in found.rows if r.confirmed]) == (1, [("kazan", 1)])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_100_ballots_of_one_address_confirmed_at_once_count_once(app, ballot, clock):
    clock.now = DURING
    event = _vote()
    cities = {city.slug: city for city in db.session.scalars(sa.select(City).where(City.slug.in_(CITIES)))}
    ballots = [Ballot(event_id=event.id, city_id=cities[CITIES[n % len(CITIES)]].id, email="ana@example.org",
                      cast_at=clock() - dt.timedelta(minutes=n)) for n in range(THREADS)]
    db.session.add_all(ballots)
    db.session.commit()
    tokens = [service.confirmation_token(ballot, ballot.cast_at) for ballot in ballots]
    assert len(set(tokens)) == THREADS
    db.session.remove()

    outcomes, errors = _confirm_at_once(app, clock, tokens)

    assert errors == []
    assert len(outcomes) == THREADS
    # Every link was fresh: each counted for its own city (none "used"), into the one vote.
    assert Counter(slug for _, slug in outcomes) == {slug: THREADS // len(CITIES) for slug in CITIES}
    # Exactly one found no vote; every other waited for it and learnt which city it replaced.
    kinds = Counter(outcome for outcome, _ in outcomes)
    assert (kinds["counted"], kinds["replaced"] + kinds["unchanged"], kinds["used"]) == (1, THREADS - 1, 0)
    votes = _votes()
    assert len(votes) == 1 and votes[0][0] == "ana@example.org" and votes[0][1] in CITIES
    assert _confirmed_ballots() == THREADS
    found = results.tally(_vote(), clock())
    assert (found.confirmed, [(r.city.slug, r.confirmed) for r in found.rows if r.confirmed]) == (1, [(votes[0][1], 1)])
