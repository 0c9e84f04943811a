"""Fixtures: the app on SQLite and on PostgreSQL, a controllable clock, and row factories.

PostgreSQL comes from TEST_DATABASE_URL. Where it is unset or no server answers, those runs
are skipped with the reason printed, unless REQUIRE_POSTGRES=1 (CI), which fails them instead.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from config import TestConfig

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parents[1]
DEMO_FILE = ROOT / "data" / "guangzhou-2023.yaml"
#: The day the seminars were announced (2023-10-30 14:16:30 UTC+8): the programme is upcoming.
ANNOUNCED = dt.datetime(2023, 10, 30, 6, 16, 30, tzinfo=UTC)


class Clock:
    """A clock tests set by hand; the app reads it through config CLOCK."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def _postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    problem = None
    if not url:
        problem = "TEST_DATABASE_URL is not set"
    else:
        try:
            engine = sa.create_engine(url)
            with engine.connect():
                pass
            engine.dispose()
        except sa.exc.OperationalError as error:
            problem = f"no PostgreSQL server answers at {url}: {error.orig}"
    if problem:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required (REQUIRE_POSTGRES=1) but {problem}")
        pytest.skip(f"PostgreSQL runs skipped: {problem}")
    return url


def _migrate(url: str) -> None:
    """Build the schema with the project's migrations (not create_all), as production does."""
    from flask_migrate import upgrade

    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = _postgres_url()
    _migrate(url)
    return url


@pytest.fixture()
def clock():
    return Clock(ANNOUNCED)


@pytest.fixture()
def app(database_url, clock):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLOCK=clock))
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def demo(app, clock):
    """The 2023 demo programme, loaded as `flask demo load` does (no shift)."""
    from app.programme_file.apply import apply_programme
    from app.programme_file.schema import parse

    report = apply_programme(parse(DEMO_FILE.read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    return report


@pytest.fixture()
def make_event(app):
    from app.models import Event

    def make(**overrides) -> Event:
        values = dict(slug="series", kind="seminar-series", title="Series", timezone="Asia/Shanghai",
                      location="Online", first_day=dt.date(2023, 11, 6), last_day=dt.date(2023, 11, 9))
        values.update(overrides)
        event = Event(**values)
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture()
def make_seminar(app, make_event):
    from app.models import Seminar

    def make(**overrides) -> Seminar:
        event = overrides.pop("event", None) or make_event()
        values = dict(event=event, number=1, slug="seminar-x", title="A seminar",
                      starts_at=dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC),
                      ends_at=dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC), timezone="Asia/Shanghai")
        values.update(overrides)
        seminar = Seminar(**values)
        db.session.add(seminar)
        db.session.commit()
        return seminar

    return make
