"""The service as real processes for the tests that need them: gunicorn web servers and a Redis
server on loopback (skipped with the reason printed where none answers, failed under REQUIRE_REDIS=1)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS = ("127.0.0.1", 6379)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_or_skip(database: int):
    """A client of Redis database ``database`` (emptied first); skips, or fails under
    REQUIRE_REDIS=1, when no Redis server answers."""
    import redis

    client = redis.Redis(host=REDIS[0], port=REDIS[1], db=database, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"no Redis server answers at {REDIS[0]}:{REDIS[1]}: {error}"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis required (REQUIRE_REDIS=1) but {reason}")
        pytest.skip(f"Redis test skipped: {reason}")
    client.flushdb()
    return client


def redis_url(database: int) -> str:
    return f"redis://{REDIS[0]}:{REDIS[1]}/{database}"


def serve(command: list[str], env: dict, port: int, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    """Start ``command`` (a web server on ``port``) and wait until it answers a page."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60  # a loaded machine starts gunicorn and imports the app slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/timezone", timeout=10)
            return process
        except OSError:  # refused, reset, or a socket timeout while the first worker still imports
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the web server did not answer: {process.stderr.read().decode()[-2000:]}")


def scheduler(database_url: str, smtp_port: int, **settings: str) -> subprocess.Popen:
    """A `flask --app wsgi jobs run` process of this tree on ``database_url``, sending to the SMTP
    server on ``smtp_port``; ``settings`` are further environment values (OUTBOX_BATCH="5")."""
    env = {**os.environ, "DATABASE_URL": database_url, "MAIL_PORT": str(smtp_port), "SECRET_KEY": "scheduler-test",
           "MAIL_DEFAULT_SENDER": "Seminars <seminars@example.org>", "BASE_URL": "http://127.0.0.1:5000",
           # This tree's code, not whichever tree the editable install points at (a worktree's).
           "PYTHONPATH": str(ROOT), **settings}
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen([str(flask), "--app", "wsgi", "jobs", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
