"""The tally of a vote: for organisers live, for everyone once announced (app.vote.schedule says when)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Ballot, City, Event, Vote
from app.vote.schedule import window
from app.vote.service import candidates


@dataclass(frozen=True)
class Row:
    city: City
    #: Votes that count.
    confirmed: int
    #: Requests whose link is unused and still works, one per address.
    pending: int
    #: Percent of the confirmed votes, one decimal (0.0 when there are none).
    share: float


@dataclass(frozen=True)
class Tally:
    #: Most confirmed votes first, then by city name.
    rows: list[Row]
    confirmed: int
    #: Addresses with a pending request (one asking for two cities is one address).
    pending: int


def tally(event: Event, now: dt.datetime) -> Tally:
    """Every candidate (and any city that holds votes but left the shortlist) with its counts."""
    confirmed = dict(db.session.execute(
        sa.select(Vote.city_id, sa.func.count()).where(Vote.event_id == event.id).group_by(Vote.city_id)).all())
    pending: dict[int, int] = {}
    waiting = 0
    if window(event).state(now) == "open":
        fresh = now - current_app.config["VOTE_LINK_MAX_AGE"]
        unused = (Ballot.event_id == event.id, Ballot.confirmed_at.is_(None), Ballot.cast_at >= fresh)
        pending = dict(db.session.execute(
            sa.select(Ballot.city_id, sa.func.count(sa.distinct(Ballot.email))).where(*unused)
            .group_by(Ballot.city_id)).all())
        waiting = db.session.scalar(sa.select(sa.func.count(sa.distinct(Ballot.email))).where(*unused))
    cities = {c.city.id: c.city for c in candidates(event)}
    missing = (confirmed.keys() | pending.keys()) - cities.keys()
    if missing:
        cities.update({c.id: c for c in db.session.scalars(sa.select(City).where(City.id.in_(missing)))})
    total = sum(confirmed.values())
    rows = [Row(city, confirmed.get(key, 0), pending.get(key, 0),
                round(100 * confirmed.get(key, 0) / total, 1) if total else 0.0) for key, city in cities.items()]
    rows.sort(key=lambda r: (-r.confirmed, -r.pending, r.city.name))
    return Tally(rows, total, waiting)


def csv_rows(found: Tally) -> list[list[str]]:
    """The tally as CSV rows: counts per city, never an address."""
    head = [["city", "country", "confirmed", "pending", "share_percent"]]
    return head + [[r.city.name, r.city.country, str(r.confirmed), str(r.pending), f"{r.share:.1f}"]
                   for r in found.rows]
