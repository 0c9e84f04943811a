"""How long the organiser console takes to move a seminar with many registrants: one POST of the
seminar form that raises SEQUENCE, withdraws reminders and records a fan-out, then the fan-out job
(jobs/fanout.py) that renders and queues one update email (with its calendar invitation, in each
registrant's zone) per registrant, chunk by chunk.

    .venv/bin/python bench/console.py [--registrants 1000 5000] [--database-url URL]

The request is the real one (Flask test client, CSRF and sign-in included) against a migrated
database. Two figures: the request's time (target under 200 ms whatever the number of registrants:
gunicorn ends a worker after 30 s) and the time until the job has queued every update email
(target under 120 s for 100,000), the job run in this process as the scheduler would run it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.reminders import prepare  # noqa: E402  (after the path is set)

UTC = dt.timezone.utc
START = dt.datetime(2030, 3, 4, 12, 30, tzinfo=UTC)


def measure(url: str, registrants: int) -> tuple[float, float, int]:
    import sqlalchemy as sa

    from app import create_app
    from app.auth.service import create_organiser
    from app.extensions import db
    from app.models import OutboxMessage, Seminar
    from app.seminars.expand import expand_due
    from config import TestConfig

    prepare(url, registrants, START)
    clock = lambda: START - dt.timedelta(days=2)  # noqa: E731
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url, CLOCK=clock, SIGN_IN_RATE_LIMIT="1000 per minute"))
    with app.app_context():
        create_organiser("bench@example.org", "a long bench password", "admin")
        db.session.commit()
        client = app.test_client()

        def token(path):
            return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"',
                             client.get(path).get_data(as_text=True)).group(1)

        client.post("/organise/sign-in", data={"email": "bench@example.org", "password": "a long bench password",
                                                "csrf_token": token("/organise/sign-in")})
        seminar = db.session.scalar(sa.select(Seminar))
        form = {"event": str(seminar.event_id), "number": "1", "slug": seminar.slug, "title": seminar.title,
                "timezone": "Asia/Shanghai", "date": "2030-03-04", "start": "21:30", "end": "23:00",
                "meeting_provider": "Zoom", "join_url": seminar.join_url, "meeting_id": seminar.meeting_id,
                "passcode": seminar.passcode, "reminders": ["60"], "status": "scheduled", "notify": "y"}
        form["csrf_token"] = token("/organise/p/award-2023/seminars/seminar-1")
        started = time.perf_counter()
        response = client.post("/organise/p/award-2023/seminars/seminar-1", data=form)
        elapsed = time.perf_counter() - started
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        started = time.perf_counter()
        [finished] = expand_due(clock, 3600)
        expanded = time.perf_counter() - started
        queued = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                                   .where(OutboxMessage.key.like("moved:%")))
        assert queued == finished.queued, (queued, finished)
        db.engine.dispose()
    return elapsed, expanded, queued


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrants", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench")
    args = parser.parse_args()
    print(f"moving a seminar through the console form ({args.database_url.split(':')[0]})")
    for n in args.registrants:
        elapsed, expanded, queued = measure(args.database_url, n)
        print(f"  {n:>6} registrants: request {1000 * elapsed:7.1f} ms; the job queued {queued} update emails "
              f"in {expanded:6.1f} s ({1000 * expanded / max(queued, 1):.2f} ms each)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
