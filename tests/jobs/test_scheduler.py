"""The scheduler is built for its own process and reachable as `flask --app wsgi jobs run`."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler

from jobs import build_scheduler

ROOT = Path(__file__).resolve().parents[2]


def tick(app):
    """A job as the scheduler calls it: with the app as its only argument."""


def test_build_scheduler_adds_each_job_on_an_interval_unstarted(app):
    scheduler = build_scheduler(app, jobs=[("tick", tick, {"seconds": 30})])
    assert isinstance(scheduler, BlockingScheduler) and not scheduler.running
    [job] = scheduler.get_jobs()
    assert (job.id, job.func, job.args, str(job.trigger)) == ("tick", tick, (app,), "interval[0:00:30]")
    assert str(scheduler.timezone) == "UTC"


def test_each_job_first_runs_as_the_scheduler_starts(app):
    before = dt.datetime.now(dt.timezone.utc)
    scheduler = build_scheduler(app, jobs=[("tick", tick, {"seconds": 30})])
    [job] = scheduler.get_jobs()
    assert before <= job.next_run_time <= dt.datetime.now(dt.timezone.utc)


def test_jobs_command_is_registered_with_flask(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    flask = Path(sys.executable).with_name("flask")
    out = subprocess.run([str(flask), "--app", "wsgi", "jobs", "--help"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "run  Run the scheduler in the foreground until interrupted." in out.stdout
