"""The scheduler is built for its own process and reachable as `flask --app wsgi jobs run`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler

from jobs import JOBS, build_scheduler

ROOT = Path(__file__).resolve().parents[2]


def test_build_scheduler_holds_every_registered_job_unstarted(app):
    scheduler = build_scheduler(app)
    assert isinstance(scheduler, BlockingScheduler)
    assert not scheduler.running
    assert sorted(job.id for job in scheduler.get_jobs()) == sorted(job_id for job_id, _, _ in JOBS)
    assert str(scheduler.timezone) == "UTC"


def test_jobs_command_is_registered_with_flask(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PATH": "/usr/bin:/bin"}
    flask = Path(sys.executable).with_name("flask")
    out = subprocess.run([str(flask), "--app", "wsgi", "jobs", "--help"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "run  Run the scheduler in the foreground until interrupted." in out.stdout
