"""The fan-out job: one log line per fan-out finished, and two scheduler processes on one
PostgreSQL database queue each email of a fan-out exactly once."""
from __future__ import annotations

import datetime as dt
import logging
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Fanout, OutboxMessage
from app.seminars.edit import save_seminar
from app.seminars.fields import SeminarData, snapshot
from jobs.fanout import expand_fanouts
from tests.app.helpers.processes import scheduler
from tests.app.helpers.reminders import seat, seminar
from tests.app.helpers.seminars import LONG_AGO, NEW_START
from tests.jobs.test_two_schedulers import ZONES, _seminar

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc
PEOPLE = 60


def _scheduler(database_url: str, smtp_port: int) -> subprocess.Popen:
    # Small chunks: the two processes claim fan-outs side by side all the time.
    return scheduler(database_url, smtp_port, FANOUT_CHUNK="5")


def _move(one, now, start):
    save_seminar(one, SeminarData(**{**snapshot(one), "starts_at": start, "ends_at": start + dt.timedelta(hours=1)}),
                 now=now, notify=True)


def test_the_fanout_job_logs_one_line_per_fanout_finished(app, seminar_one, clock, caplog, job_log):
    for name in ["ana", "ben", "chen"]:
        seat(seminar_one, f"{name}@example.org", confirmed_at=LONG_AGO)
    clock.advance(seconds=30)
    _move(seminar(), clock(), NEW_START)
    clock.advance(seconds=4)
    expand_fanouts(app)
    assert job_log() == [("jobs.fanout", logging.INFO, "fanout: moved seminar-1 done, queued 3 in 4.0 s")]
    caplog.clear()
    expand_fanouts(app)  # nothing running: silence
    assert job_log() == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_scheduler_processes_queue_each_email_of_a_fanout_once(app, database_url, smtp, make_event):
    now = dt.datetime.now(UTC)
    event = make_event()
    seminars = [_seminar(event, number, now + dt.timedelta(days=number)) for number in (1, 2)]
    db.session.commit()
    for n in range(PEOPLE):
        for one in seminars:
            seat(one, f"person{n}@example.org", ZONES[n % len(ZONES)], offsets=(), confirmed_at=now)
    for one in seminars:
        _move(one, now, one.starts_at + dt.timedelta(hours=2))
    db.session.remove()

    processes = [_scheduler(database_url, smtp.port) for _ in range(2)]
    try:
        deadline = time.monotonic() + 120
        while len(smtp.messages) < 2 * PEOPLE and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(5)  # more runs of each job in each process: room for a duplicate
    finally:
        for process in processes:
            process.terminate()
        logs = [process.communicate(timeout=30)[0] for process in processes]

    assert all("Traceback" not in log for log in logs), logs
    counted = Counter((m["To"], m["Subject"].strip().split(" is now")[0]) for m in smtp.messages)
    assert len(smtp.messages) == 2 * PEOPLE, logs
    assert set(counted.values()) == {1}
    assert {subject for _, subject in counted} == {"New time: Seminar 1", "New time: Seminar 2"}
    keys = db.session.scalars(sa.select(OutboxMessage.key)).all()
    assert len(keys) == len(set(keys)) == 2 * PEOPLE
    fanouts = db.session.execute(sa.select(Fanout.status, Fanout.total, Fanout.queued).order_by(Fanout.id)).all()
    assert [tuple(f) for f in fanouts] == [("done", PEOPLE, PEOPLE), ("done", PEOPLE, PEOPLE)]
    assert sum(log.count("fanout: moved") for log in logs) == 2
