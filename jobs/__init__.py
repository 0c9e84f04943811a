"""The scheduler process: APScheduler 3 jobs that act on the database, never inside web workers.

Build it with ``build_scheduler(app)``; run it with ``flask --app wsgi jobs run`` or ``python -m jobs``.
"""
from __future__ import annotations

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from jobs.delivery import deliver_outbox

#: Registered jobs: (job id, function, interval). Each job takes the app and runs in its context;
#: the database says what is due, so running a job late, twice or in two processes is harmless.
JOBS: list[tuple[str, object, dict]] = [
    ("deliver-outbox", deliver_outbox, {"seconds": 5}),
]


def build_scheduler(app: Flask, jobs=None) -> BlockingScheduler:
    """A scheduler holding ``jobs`` (default: every job of ``JOBS``); its memory store is never shared."""
    scheduler = BlockingScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    for job_id, func, trigger in JOBS if jobs is None else jobs:
        scheduler.add_job(func, "interval", args=[app], id=job_id, replace_existing=True, **trigger)
    return scheduler
