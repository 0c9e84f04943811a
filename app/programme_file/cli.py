"""``flask --app wsgi demo load [--upcoming] [--file PATH] [--replace]``: load a programme file.

A database that already holds a programme is never overwritten by a plain load (``make run``
calls it at every start): the organisers' edits since are theirs. ``--replace`` applies the file
as the console's import does, audited and with registrants told.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app import clock
from app.extensions import db
from app.models import City, Event, Programme, Seminar, Tour, TourLeg
from app.programme_file.apply import apply_programme, weeks_until_upcoming
from app.programme_file.importer import run_import
from app.programme_file.parsing import ProgrammeFileError, parse_bytes
from calendars.zones import format_day

DATA = Path(__file__).resolve().parents[2] / "data"
#: The demo: three programmes of the award, oldest first.
DEMO_FILES = (DATA / "board-meeting-2012.yaml", DATA / "study-tours-2015.yaml", DATA / "guangzhou-2023.yaml")
#: With --upcoming, the first seminar starts at least this long after now.
UPCOMING_LEAD = dt.timedelta(days=1)

demo_cli = AppGroup("demo", help="Demo data: the Guangzhou Award's programmes (the 2012 meeting, the 2015 "
                                  "study tours, the 2023 cycle).")


@demo_cli.command("load")
@click.option("--upcoming", is_flag=True,
              help="Shift the programme forward by whole weeks so its first seminar is upcoming "
                   "(into an empty database only).")
@click.option("--file", "paths", type=click.Path(exists=True, dir_okay=False, path_type=Path), multiple=True,
              help="A programme file to load instead of the demo's (repeat for several).  [default: data/*.yaml]")
@click.option("--replace", is_flag=True,
              help="The database holds a programme already: apply the file over it as the console's "
                   "import does (audited; registrants of moved or cancelled seminars are emailed).")
def load(upcoming: bool, paths: tuple[Path, ...], replace: bool) -> None:
    """Load programme files into an empty database (a database that holds one is left alone)."""
    paths = paths or DEMO_FILES
    names = ", ".join(p.name for p in paths)
    held = _programme_size()
    if held and not replace:
        click.echo(f"Not loading {names}: the database already holds a programme ({held}); it is kept "
                   "as it is. To apply a programme file over it as the console's import does, use --replace; "
                   "to start again from the demo, empty the database (make run's is instance/seminars.sqlite3).")
        return
    if held:
        if upcoming:
            raise click.ClickException("--upcoming shifts a programme into an empty database only; "
                                       "leave it out with --replace.")
        for path in paths:
            _replace(path)
        return
    for path in paths:
        _load_into_empty(path, upcoming)


def _programme_size() -> str:
    """'2 programmes, 16 cities, 5 events, 4 seminars' for a database that holds any of one, else ''."""
    counts = [(db.session.scalar(sa.select(sa.func.count()).select_from(model)), one, many)
              for model, one, many in ((Programme, "programme", "programmes"), (City, "city", "cities"),
                                       (Event, "event", "events"),
                                       (Seminar, "seminar", "seminars"))]
    if not any(count for count, _, _ in counts):
        return ""
    return ", ".join(f"{count} {one if count == 1 else many}" for count, one, many in counts)


def _replace(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path.name} was not applied: it is not UTF-8 text (byte {error.start}).") from None
    result = run_import(text, now=clock.now(), notify=True, apply=True)
    if result.problems:
        raise click.ClickException(f"{path.name} was not applied; nothing was written:\n  - "
                                   + "\n  - ".join(result.problems))
    click.echo(f"Applied {path.name} as an import: {result.summary}.")


def _load_into_empty(path: Path, upcoming: bool) -> None:
    try:
        data = parse_bytes(path.read_bytes())
        now = clock.now()
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
    click.echo(f"Loaded {path.name} as the programme “{report.programme.slug}”: {report.summary()}.")
    if weeks:
        click.echo(f"Shifted forward {weeks} weeks so the programme is upcoming: {_first_thing(report.programme)}.")


def _first_thing(programme: Programme) -> str:
    """'Seminar 1 starts Mon 23 Nov 2026', or the first leg of a tour programme."""
    seminar = db.session.scalar(sa.select(Seminar).join(Seminar.event).where(
        Event.programme_id == programme.id).order_by(Seminar.starts_at).limit(1))
    if seminar is not None:
        return f"Seminar {seminar.number} starts {format_day(seminar.local_start.date())}"
    legs = db.session.scalars(sa.select(TourLeg).join(TourLeg.tour).where(Tour.programme_id == programme.id)).all()
    if legs:
        leg = min(legs, key=lambda leg: leg.first_day or leg.local_start.date())
        return f"the first leg ({leg.city.name}) starts {format_day(leg.first_day or leg.local_start.date())}"
    return f"it starts {format_day(programme.first_day)}"
