"""``flask --app wsgi jobs run``: the scheduler's own process (registered as a flask.commands entry point)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from jobs import build_scheduler, log_to_stderr

jobs_cli = AppGroup("jobs", help="The background scheduler (reminders and mail delivery).")


@jobs_cli.command("run")
def run() -> None:
    """Run the scheduler in the foreground until interrupted."""
    app = current_app._get_current_object()
    log_to_stderr()
    scheduler = build_scheduler(app)
    click.echo(f"Scheduler running {len(scheduler.get_jobs())} job(s); press Ctrl+C to stop.")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
