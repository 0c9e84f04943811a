"""The hourly vote job forgets requests (and their addresses) that can no longer count."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot, Vote
from jobs.votes import forget_vote_requests
from tests.app.vote_helpers import DURING, cast, confirm, last_link


def test_confirmed_and_expired_requests_are_forgotten_the_rest_kept(app, client, demo, clock):
    clock.now = DURING
    cast(client, "confirmed@example.org", "kazan")
    confirm(client, last_link())
    cast(client, "old@example.org", "tehran")
    clock.advance(hours=72, seconds=1)
    cast(client, "fresh@example.org", "bogota")
    forget_vote_requests(app)
    assert db.session.scalars(sa.select(Ballot.email)).all() == ["fresh@example.org"]
    assert db.session.scalars(sa.select(Vote.email)).all() == ["confirmed@example.org"]
    clock.advance(hours=72, seconds=1)
    forget_vote_requests(app)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0
