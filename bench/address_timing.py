"""Does the response time tell whether an address registered or voted? (issue 13, point 9)

    .venv/bin/python bench/address_timing.py [--requests 300] [--database-url URL]

For POST /p/<programme>/register and POST /p/<programme>/vote/<slug>, through the real pages (Flask test client, CSRF
included, rate limits raised for the run), against a migrated database holding the demo
programme: ``--requests`` pairs of requests, one for a known address (registered and confirmed
beforehand, or whose vote counts for the same city) and one for a new address each time,
interleaved in a random order within each pair. Prints the median and mean of each, the
difference (known minus unknown) and Welch's t. |t| below about 2 means the difference is within
the noise. Runs on a temporary SQLite file, and also on each PostgreSQL ``--database-url`` given
(emptied first).
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UTC = dt.timezone.utc
#: Registration is open (the programme is upcoming) ...
REGISTERING = dt.datetime(2023, 10, 30, 6, 16, 30, tzinfo=UTC)
#: ... and the vote is open (1 to 30 Nov 2023, UTC+8).
VOTING = dt.datetime(2023, 11, 10, 12, tzinfo=UTC)
REGISTER_PAGE = "/p/award-2023/register"
VOTE_PAGE = "/p/award-2023/vote/city-of-your-choice-2023"
WARM_UP = 20
LIMITS = dict(REGISTRATION_RATE_LIMIT="1000000 per minute", REGISTRATION_ADDRESS_LIMIT="1000000 per hour",
              VOTE_RATE_LIMIT="1000000 per minute", VOTE_ADDRESS_LIMIT="1000000 per hour")


def welch_t(a: list[float], b: list[float]) -> float:
    return (statistics.mean(a) - statistics.mean(b)) / math.sqrt(
        statistics.variance(a) / len(a) + statistics.variance(b) / len(b))


def _csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


def _pairs(client, post, known: list[str], unknown: list[str], rng: random.Random) -> tuple[list, list]:
    """Time ``post(client, address)`` for each pair, known and unknown in a random order."""
    times = {True: [], False: []}
    for k, u in zip(known, unknown, strict=False):
        order = [(True, k), (False, u)]
        rng.shuffle(order)
        for is_known, address in order:
            began = time.perf_counter()
            response = post(client, address)
            times[is_known].append(time.perf_counter() - began)
            assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return times[True], times[False]


def measure(url: str, requests: int, seed: int) -> dict[str, tuple[list[float], list[float]]]:
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db, limiter
    from app.models import Ballot, Registrant
    from app.programme_file.apply import apply_programme
    from app.programme_file.parsing import parse
    from app.registration import service as registration
    from app.vote import service as vote
    from config import TestConfig
    from tests.conftest import DEMO_FILE, Clock, _migrate

    _migrate(url)
    clock = Clock(REGISTERING)
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url, CLOCK=clock, **LIMITS))
    rng = random.Random(seed)  # noqa: S311  a repeatable order for the measurement; nothing secret
    count = requests + WARM_UP
    figures = {}
    with app.app_context():
        limiter.reset()
        apply_programme(parse(DEMO_FILE.read_text(encoding="utf-8")), now=clock())
        db.session.commit()

        # /register: known addresses registered and confirmed an hour before (outside the resend window).
        clock.now = REGISTERING - dt.timedelta(hours=1)
        for n in range(count):
            registration.register(registration.Request(
                name=f"Known {n}", email=f"known{n}@example.org", organisation="", place="", timezone="UTC",
                seminar_slugs=["seminar-1"], reminders=[60]), clock())
        for person in db.session.scalars(sa.select(Registrant)):
            registration.confirm(registration.confirmation_token(person, person.registrations, clock()), clock())
        clock.now = REGISTERING
        client = app.test_client()
        token = _csrf(client, REGISTER_PAGE)

        def register(client, address):
            return client.post(REGISTER_PAGE, data={
                "csrf_token": token, "name": "Bench", "email": address, "timezone": "America/Bogota",
                "seminars": "seminar-1", "reminders": "60", "consent": "y"})

        known, unknown = _pairs(client, register, [f"known{n}@example.org" for n in range(count)],
                                [f"new{n}@example.org" for n in range(count)], rng)
        figures[f"POST {REGISTER_PAGE}"] = (known[WARM_UP:], unknown[WARM_UP:])

        # /vote: known addresses whose vote for Kazan counts, voting for Kazan again.
        clock.now = VOTING - dt.timedelta(hours=1)
        event = vote.get_vote("city-of-your-choice-2023")
        for n in range(count):
            vote.cast(event, f"voter{n}@example.org", "kazan", "UTC", clock())
        for ballot in list(db.session.scalars(sa.select(Ballot))):
            vote.confirm(vote.confirmation_token(ballot, ballot.cast_at), clock())
        clock.now = VOTING
        token = _csrf(client, VOTE_PAGE)

        def cast(client, address):
            return client.post(VOTE_PAGE, data={"csrf_token": token, "email": address, "city": "kazan"})

        known, unknown = _pairs(client, cast, [f"voter{n}@example.org" for n in range(count)],
                                [f"stranger{n}@example.org" for n in range(count)], rng)
        figures[f"POST {VOTE_PAGE}"] = (known[WARM_UP:], unknown[WARM_UP:])
        db.session.remove()
        db.engine.dispose()
    return figures


def report(name: str, figures: dict) -> None:
    print(name)
    for path, (known, unknown) in figures.items():
        print(f"  {path}  ({len(known)} known, {len(unknown)} unknown)")
        for label, average in (("median", statistics.median), ("mean  ", statistics.mean)):
            k, u = 1000 * average(known), 1000 * average(unknown)
            line = f"    {label} known {k:6.2f} ms, unknown {u:6.2f} ms, difference {k - u:+6.2f} ms"
            print(line + (f", Welch t {welch_t(known, unknown):+5.1f}" if label == "mean  " else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="pairs of requests per page (default 300)")
    parser.add_argument("--database-url", action="append", default=[],
                        help="a PostgreSQL database to empty and use as well (repeatable)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for url in [f"sqlite:///{scratch}/bench.sqlite3", *args.database_url]:
            report(f"{url.split(':')[0]}:", measure(url, args.requests, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
