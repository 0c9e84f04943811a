"""``flask --app wsgi demo load [--upcoming] [--file PATH]``: load a programme file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.models import Seminar
from app.programme_file.apply import apply_programme, weeks_until_upcoming
from app.programme_file.schema import ProgrammeFileError, parse_bytes
from calendars.zones import format_day

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "guangzhou-2023.yaml"
#: With --upcoming, the first seminar starts at least this long after now.
UPCOMING_LEAD = dt.timedelta(days=1)

demo_cli = AppGroup("demo", help="Demo data: the 2023 Guangzhou Award programme.")


@demo_cli.command("load")
@click.option("--upcoming", is_flag=True,
              help="Shift the programme forward by whole weeks so its first seminar is upcoming.")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=DEMO_FILE, show_default="data/guangzhou-2023.yaml")
def load(upcoming: bool, path: Path) -> None:
    """Load (or reload: it is idempotent) a programme file into the database."""
    try:
        data = parse_bytes(path.read_bytes())
        now = current_app.config["CLOCK"]()
        weeks = weeks_until_upcoming(data, now, UPCOMING_LEAD) if upcoming else 0
        report = apply_programme(data, now=now, shift_weeks=weeks)
        db.session.commit()
    except sa.exc.IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(
            f"{path.name} was not loaded; nothing was written: the database refused it "
            f"({error.orig.__class__.__name__}: {str(error.orig).splitlines()[0]})"
        ) from None
    except ProgrammeFileError as error:
        db.session.rollback()
        raise click.ClickException(
            f"{path.name} was not loaded; nothing was written:\n  - " + "\n  - ".join(error.problems)
        ) from None
    click.echo(f"Loaded {path.name}: {report.summary()}.")
    if weeks:
        first = db.session.scalar(sa.select(Seminar).order_by(Seminar.starts_at).limit(1))
        click.echo(f"Shifted forward {weeks} weeks so the programme is upcoming: "
                   f"Seminar {first.number} starts {format_day(first.local_start.date())}.")
