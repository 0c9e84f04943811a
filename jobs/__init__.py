"""The scheduler process: APScheduler 3 jobs that act on the database, never inside web workers.

Build it with ``build_scheduler(app)``; run it with ``flask --app wsgi jobs run`` or ``python -m jobs``.
"""
from __future__ import annotations

import datetime as dt
import logging
import sys

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from jobs.delivery import INTERVAL as DELIVERY_INTERVAL
from jobs.delivery import deliver_outbox
from jobs.fanout import expand_fanouts
from jobs.reminders import queue_reminders
from jobs.tour_reminders import queue_tour_reminders
from jobs.votes import forget_vote_requests

#: Registered jobs: (job id, function, interval). Each job takes the app and runs in its context;
#: the database says what is due, so running a job late, twice or in two processes is harmless.
#: Every 15 s and 2 s: a reminder reaches the SMTP server well within a minute of its time, and
#: mail queued by a page (a confirmation link) leaves within about two seconds. Hourly, requests to
#: vote that can no longer count are forgotten. Every minute, a tour leg's reminder (a day ahead).
#: Every second, the emails of a seminar's change are queued (a request only records the change).
JOBS: list[tuple[str, object, dict]] = [
    ("queue-reminders", queue_reminders, {"seconds": 15}),
    ("deliver-outbox", deliver_outbox, {"seconds": DELIVERY_INTERVAL}),
    ("expand-fanouts", expand_fanouts, {"seconds": 1}),
    ("forget-vote-requests", forget_vote_requests, {"hours": 1}),
    ("queue-tour-reminders", queue_tour_reminders, {"minutes": 1}),
]


def build_scheduler(app: Flask, jobs=None) -> BlockingScheduler:
    """A scheduler holding ``jobs`` (default: every job of ``JOBS``); its memory store is never shared.

    Each job first runs as the scheduler starts, so a restart catches up at once on what fell due
    while it was down.
    """
    scheduler = BlockingScheduler(timezone="UTC",
                                  job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30})
    started = dt.datetime.now(dt.timezone.utc)
    for job_id, func, trigger in JOBS if jobs is None else jobs:
        scheduler.add_job(func, "interval", args=[app], id=job_id, replace_existing=True,
                          next_run_time=started, **trigger)
    return scheduler


def log_to_stderr() -> None:
    """Show the jobs' lines (``jobs.*`` at INFO) on stderr, where `make run` and a service manager read them.

    Only the ``jobs`` loggers: APScheduler's own INFO line for every run would drown the silence
    that means nothing was due (its warnings still reach stderr through Python's last resort).
    """
    logger = logging.getLogger("jobs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))  # the line names its job
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
