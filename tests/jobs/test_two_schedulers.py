"""Two scheduler processes (`flask --app wsgi jobs run`) against one PostgreSQL database, on the
real clock: the SMTP server on loopback counts every reminder exactly once."""
from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, OutboxMessage, Seminar
from tests.app.helpers.processes import scheduler
from tests.app.helpers.reminders import seat

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc
PEOPLE = 150
ZONES = ["America/Bogota", "Europe/Berlin", "Asia/Tokyo", "Africa/Johannesburg", "Pacific/Auckland"]


def _seminar(event: Event, number: int, starts_at: dt.datetime) -> Seminar:
    seminar = Seminar(event=event, number=number, slug=f"seminar-{number}", title=f"Live seminar {number}",
                      starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=90), timezone="Asia/Shanghai",
                      join_url=f"https://zoom.us/j/{number}", meeting_id=f"{number}", passcode="1",
                      reminder_offsets=[60])
    db.session.add(seminar)
    return seminar


def _scheduler(database_url: str, smtp_port: int) -> subprocess.Popen:
    # Small batches: the two processes claim and send side by side all the time.
    return scheduler(database_url, smtp_port, OUTBOX_BATCH="5")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_scheduler_processes_send_every_reminder_exactly_once(app, database_url, smtp, make_event):
    now = dt.datetime.now(UTC)
    event = make_event()
    # One seminar whose 1-hour reminders fell due 30 minutes ago (both schedulers catch up at start),
    # one whose reminders fall due 10 s from now (both schedulers see them due on a later run).
    caught_up = _seminar(event, 1, now + dt.timedelta(minutes=30))
    due_soon = _seminar(event, 2, now + dt.timedelta(hours=1, seconds=10))
    db.session.commit()
    for n in range(PEOPLE):
        for seminar in (caught_up, due_soon):
            seat(seminar, f"person{n}@example.org", ZONES[n % len(ZONES)], confirmed_at=now - dt.timedelta(days=2))
    due_at = due_soon.starts_at - dt.timedelta(hours=1)
    db.session.remove()

    processes = [_scheduler(database_url, smtp.port) for _ in range(2)]
    try:
        deadline = time.monotonic() + 120
        while len(smtp.messages) < 2 * PEOPLE and time.monotonic() < deadline:
            time.sleep(0.5)
        last_arrival = dt.datetime.now(UTC)
        time.sleep(12)  # two more delivery runs and a reminder run in each process: room for a duplicate
    finally:
        for process in processes:
            process.terminate()
        logs = [process.communicate(timeout=30)[0] for process in processes]

    assert all("Traceback" not in log for log in logs), logs
    counted = Counter((m["To"], m["Subject"].split(",")[0]) for m in smtp.messages)
    assert len(smtp.messages) == 2 * PEOPLE, logs
    assert set(counted.values()) == {1}
    assert {subject for _, subject in counted} == {"Reminder: Live seminar 1", "Reminder: Live seminar 2"}
    assert len({m["Message-ID"] for m in smtp.messages}) == 2 * PEOPLE
    assert (last_arrival - due_at) < dt.timedelta(seconds=60)  # the promise: within a minute of its time
    sent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.status == "sent"))
    assert sent == 2 * PEOPLE
