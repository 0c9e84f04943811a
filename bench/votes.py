"""How fast votes are cast and confirmed, and how long the tally and the results page take with
many votes.

    .venv/bin/python bench/votes.py [--voters 1000] [--votes 50000] [--database-url URL]

Casting and confirming go through the real pages (Flask test client, CSRF included; the rate
limits are lifted for the run), one voter after another, against a migrated database holding the
demo programme. The tally and the results page are then timed with ``--votes`` confirmed votes and
a tenth as many pending requests, inserted directly (median of 5). Without ``--database-url`` a
temporary SQLite file is used.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UTC = dt.timezone.utc
DURING = dt.datetime(2023, 11, 10, 12, tzinfo=UTC)
AFTER = dt.datetime(2023, 12, 8, tzinfo=UTC)
PAGE = "/p/award-2023/vote/city-of-your-choice-2023"


def _median(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(url: str, voters: int, votes: int) -> dict[str, float]:
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import Ballot, City, OutboxMessage, Vote
    from app.programme_file.apply import apply_programme
    from app.programme_file.parsing import parse
    from app.vote import results, service
    from config import TestConfig
    from tests.conftest import DEMO_FILE, Clock, _migrate

    _migrate(url)
    clock = Clock(DURING)
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url, CLOCK=clock, RATELIMIT_ENABLED=False))
    figures = {}
    with app.app_context():
        apply_programme(parse(DEMO_FILE.read_text(encoding="utf-8")), now=clock())
        db.session.commit()
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get(PAGE).get_data(as_text=True)).group(1)
        slugs = [c.city.slug for c in service.candidates(service.get_vote("city-of-your-choice-2023"))]
        started = time.perf_counter()
        for n in range(voters):
            client.post(PAGE, data={"email": f"voter{n}@example.org", "city": slugs[n % len(slugs)],
                                    "csrf_token": token})
        figures["cast"] = voters / (time.perf_counter() - started)
        links = [re.search(r"(/vote/confirm/\S+)", body).group(1) for body in db.session.scalars(
            sa.select(OutboxMessage.text_body).where(OutboxMessage.key.like("vote:%")))]
        started = time.perf_counter()
        for link in links:
            client.post(link, data={"csrf_token": token})
        figures["confirm"] = len(links) / (time.perf_counter() - started)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == voters

        event = service.get_vote("city-of-your-choice-2023")
        cities = list(db.session.scalars(sa.select(City.id)))
        db.session.execute(sa.insert(Vote), [dict(event_id=event.id, city_id=cities[n % len(cities)],
                                                  email=f"bulk{n}@example.org", confirmed_at=DURING)
                                             for n in range(votes)])
        db.session.execute(sa.insert(Ballot), [dict(event_id=event.id, city_id=cities[n % len(cities)],
                                                    email=f"wait{n}@example.org", cast_at=DURING)
                                               for n in range(votes // 10)])
        db.session.commit()
        figures["tally"] = _median(lambda: results.tally(event, clock()))
        clock.now = AFTER
        page = client.get(f"{PAGE}/results")
        assert f"{voters + votes} confirmed votes" in page.get_data(as_text=True)
        figures["results"] = _median(lambda: client.get(f"{PAGE}/results"))
        db.engine.dispose()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--votes", type=int, default=50000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
        figures = measure(url, args.voters, args.votes)
    print(f"vote ({url.split(':')[0]}): {args.voters} voters through the pages, then {args.votes} more votes")
    print(f"  cast (POST the ballot, queue the email):  {figures['cast']:7.0f} per second")
    print(f"  confirm (POST the emailed link):           {figures['confirm']:7.0f} per second")
    print(f"  tally of {args.voters + args.votes} votes (+{args.votes // 10} pending):  "
          f"{1000 * figures['tally']:7.1f} ms")
    print(f"  results page (chart and table):            {1000 * figures['results']:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
