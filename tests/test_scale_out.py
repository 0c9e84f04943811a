"""The service scaled out as the README's "Running on PostgreSQL" describes: two gunicorn web
servers (two workers each) and two scheduler processes on one PostgreSQL database, with Redis
holding the rate limits, all on loopback and on the real clock.

People register through either web server and confirm through the other; the SMTP server counts
every confirmation email and every reminder exactly once, and the registration limit is counted
once across the four web workers (Redis), not once per worker.
"""
from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Registration, Seminar
from tests.app.helpers.forms import token_in
from tests.app.helpers.processes import free_port, redis_or_skip, redis_url, serve
from tests.app.helpers.registration import text_of

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
UTC = dt.timezone.utc
PEOPLE = 16
ZONES = ["America/Bogota", "Europe/Berlin", "Asia/Tokyo", "Africa/Johannesburg", "Pacific/Auckland"]
#: A Redis database no other test uses.
REDIS_DB = 12
#: Seconds from the start of the test to the reminders' due instant: room to register and confirm.
LEAD = 75


def _browser():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def _post(opener, url: str, fields: dict) -> int:
    """POST ``fields`` with the CSRF token of the form on ``url``; the final status (redirects followed)."""
    token = token_in(opener.open(url).read().decode())
    data = urllib.parse.urlencode({**fields, "csrf_token": token}, doseq=True).encode()
    try:
        return opener.open(url, data=data).status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_web_servers_and_two_schedulers_send_each_email_once(app, database_url, smtp, make_programme,
                                                                  make_event):
    redis = redis_or_skip(REDIS_DB)
    now = dt.datetime.now(UTC)
    programme = make_programme(slug="scale", title="Scale-out test", first_day=now.date(),
                               last_day=now.date() + dt.timedelta(days=7), serves_old_urls=False)
    event = make_event(programme=programme, slug="scale-series", first_day=now.date(),
                       last_day=now.date() + dt.timedelta(days=7))
    starts_at = (now + dt.timedelta(hours=1, seconds=LEAD)).replace(microsecond=0)
    db.session.add(Seminar(event=event, number=1, slug="scale-1", title="Scaled seminar", starts_at=starts_at,
                           ends_at=starts_at + dt.timedelta(minutes=90), timezone="Asia/Shanghai",
                           join_url="https://zoom.us/j/1", meeting_id="1", passcode="1", reminder_offsets=[60]))
    db.session.commit()
    due_at = starts_at - dt.timedelta(hours=1)
    db.session.remove()

    ports = [free_port(), free_port()]
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "scale-out-test-secret",
           "RATELIMIT_STORAGE_URI": redis_url(REDIS_DB), "MAIL_PORT": str(smtp.port),
           "MAIL_DEFAULT_SENDER": "Seminars <seminars@example.org>", "BASE_URL": f"http://127.0.0.1:{ports[0]}",
           # Exactly PEOPLE registrations an hour from one address, counted across all web workers.
           "REGISTRATION_RATE_LIMIT": f"{PEOPLE} per hour", "OUTBOX_BATCH": "4", "PYTHONPATH": str(ROOT)}
    env.pop("CLOCK", None)
    processes = [serve([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
                       env, port) for port in ports]
    processes += [subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "jobs", "run"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    try:
        statuses = []
        for n in range(PEOPLE + 1):
            base = f"http://127.0.0.1:{ports[n % 2]}"
            statuses.append(_post(_browser(), f"{base}/p/scale/register", {
                "name": f"Person {n}", "email": f"person{n}@example.org", "timezone": ZONES[n % len(ZONES)],
                "seminars": "scale-1", "reminders": "60", "consent": "y"}))
        # the limit is one count across both servers: the seventeenth is refused, whichever serves it
        assert statuses == [200] * PEOPLE + [429]

        def confirmations():
            return [m for m in list(smtp.messages) if "/register/confirm/" in text_of(m)]

        assert _wait_for(lambda: len(confirmations()) >= PEOPLE, 60), len(confirmations())
        for n, message in enumerate(confirmations()):
            link = re.search(r"http://127\.0\.0\.1:\d+(/register/confirm/\S+)", text_of(message)).group(1)
            assert _post(_browser(), f"http://127.0.0.1:{ports[(n + 1) % 2]}{link}", {}) == 200

        def reminders():
            return [m for m in list(smtp.messages) if m["Subject"].startswith("Reminder:")]

        assert dt.datetime.now(UTC) < due_at, "registering took longer than LEAD: no reminder would be owed"
        assert _wait_for(lambda: len(reminders()) >= PEOPLE, LEAD + 90), len(reminders())
        last_arrival = dt.datetime.now(UTC)
        time.sleep(12)  # more delivery and reminder runs in every process: room for a duplicate
    finally:
        for process in processes:
            process.terminate()
        logs = [process.communicate(timeout=30)[0] for process in processes[2:]]
        for process in processes[:2]:
            process.wait(timeout=30)
        redis.flushdb()

    assert all("Traceback" not in log for log in logs), logs
    counted = Counter((m["To"], m["Subject"]) for m in smtp.messages)
    assert set(counted.values()) == {1}, [key for key, count in counted.items() if count > 1]
    assert len({m["Message-ID"] for m in smtp.messages}) == len(smtp.messages)
    assert sorted(m["To"] for m in reminders()) == sorted(f"person{n}@example.org" for n in range(PEOPLE))
    assert last_arrival - due_at < dt.timedelta(seconds=60)  # the promise: within a minute of its time
    confirmed = db.session.scalar(sa.select(sa.func.count()).select_from(Registration)
                                  .where(Registration.status == "confirmed"))
    unsent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.status != "sent"))
    assert (confirmed, unsent) == (PEOPLE, 0)
