"""Rate limits count once per site, not once per worker: real gunicorn processes, real Redis.

Redis comes from 127.0.0.1:6379. Where none answers, the Redis test is skipped with the reason
printed, unless REQUIRE_REDIS=1 (CI), which fails it instead.
"""
from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import devserver
from tests.app.helpers.forms import token_in
from tests.app.helpers.processes import free_port, redis_or_skip, redis_url, serve

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: A database of the Redis server that no other test uses (flushed before the test).
REDIS_DB = 11


@pytest.fixture()
def site_env(tmp_path):
    """Environment of a service on a fresh, migrated SQLite database."""
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
           "SECRET_KEY": "x" * 8, "SIGN_IN_RATE_LIMIT": "10 per minute", "SIGN_IN_ADDRESS_LIMIT": "1000 per hour"}
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


def _sign_in_statuses(port: int, attempts: int) -> list[int]:
    """Wrong passwords posted with a fresh browser each time (a new connection, so any worker)."""
    statuses = []
    for _ in range(attempts):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"http://127.0.0.1:{port}/organise/sign-in").read().decode()
        token = token_in(page)
        data = urllib.parse.urlencode({"email": "nobody@example.org", "password": "wrong password 123",
                                       "csrf_token": token}).encode()
        try:
            statuses.append(opener.open(f"http://127.0.0.1:{port}/organise/sign-in", data=data).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    return statuses


def _workers(process) -> int:
    out = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout
    return len(out.split())


def test_two_gunicorn_workers_on_redis_refuse_the_eleventh_request_in_a_minute(site_env):
    redis_client = redis_or_skip(REDIS_DB)
    port = free_port()
    env = {**site_env, "RATELIMIT_STORAGE_URI": redis_url(REDIS_DB)}
    process = serve([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"], env, port)
    try:
        assert _workers(process) == 2
        assert _sign_in_statuses(port, 12) == [200] * 10 + [429, 429]
        assert redis_client.keys("LIMITS:*") != []
    finally:
        process.terminate()
        process.wait(timeout=10)
        redis_client.flushdb()


def test_make_run_counts_each_limit_once_without_redis(site_env):
    port = free_port()
    process = serve(devserver.web_command(str(port)), {**site_env, "RATELIMIT_STORAGE_URI": "memory://"}, port)
    try:
        assert _workers(process) == 1
        assert _sign_in_statuses(port, 12) == [200] * 10 + [429, 429]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_while_redis_is_down_sign_in_answers_503_and_records_nothing(database_url, clock):
    """Limits fail closed: without Redis no form goes unlimited, and nobody gets a 500."""
    import config
    from app import create_app
    from app.extensions import db
    from app.models import Organiser
    from tests.app.helpers.forms import form_token
    from tests.app.helpers.organise import PASSWORD, make_organiser

    app = create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLOCK=clock,
                                       RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0"))
    client = app.test_client()
    with app.app_context():
        make_organiser()
        data = {"email": "editor@example.org", "password": PASSWORD,
                "csrf_token": form_token(client, "/organise/sign-in")}
        response = client.post("/organise/sign-in", data=data)
        assert response.status_code == 503
        assert ("The service is briefly unavailable. Nothing was recorded; please try again in a minute."
                in response.get_data(as_text=True))
        assert db.session.scalar(db.select(Organiser.last_sign_in_at)) is None
        db.session.execute(db.delete(Organiser))
        db.session.commit()
        db.engine.dispose()
