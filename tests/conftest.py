"""Fixtures: the app on SQLite and on PostgreSQL, a controllable clock, and row factories.

PostgreSQL comes from TEST_DATABASE_URL. Where it is unset or no server answers, those runs
are skipped with the reason printed, unless REQUIRE_POSTGRES=1 (CI), which fails them instead.
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import socket
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import Ballot, City, Event, Initiative, Programme, Registrant, Registration, Seminar, Vote
from config import TestConfig
from tests.app.helpers import organise as organise_helpers
from tests.app.helpers.organise import PASSWORD, signed_in

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parents[1]
#: English-only copies of the demo files (tests/files/README.md): tests edit and compare their text.
FILES = ROOT / "tests" / "files"
DEMO_FILE = FILES / "guangzhou-2023.yaml"
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


class SMTPRecorder:
    """An aiosmtpd handler that keeps what it accepts and can refuse recipients or be stopped."""

    def __init__(self):
        self.messages: list = []
        self.refuse: dict[str, str] = {}  # address -> SMTP reply, e.g. "550 no such user"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class SMTPServer:
    """A real SMTP server on 127.0.0.1 for the tests; ``stop()``/``start()`` simulate an outage."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.handler = SMTPRecorder()
        self._controller_class = Controller
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        if self.controller is None:  # a stopped controller cannot restart: make a new one
            self.controller = self._controller_class(self.handler, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture(scope="session")
def smtp_session():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def smtp(smtp_session):
    smtp_session.start()
    smtp_session.handler.messages.clear()
    smtp_session.handler.refuse.clear()
    yield smtp_session
    smtp_session.start()


@pytest.fixture()
def app(database_url, clock, smtp_session):
    from flask import g

    from app.extensions import limiter

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLOCK=clock,
                                MAIL_PORT=smtp_session.port, MAIL_DEFAULT_SENDER="Seminars <seminars@example.org>"))
    limiter.reset()
    # The app context below stays open for the whole test and requests reuse it; give each request
    # a fresh g, as in production (Flask-Login and Flask-WTF cache the account and token there).
    app.teardown_request(lambda error: vars(g).clear())
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
    from app.programme_file.parsing import parse

    report = apply_programme(parse(DEMO_FILE.read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    return report


# Row factories, in the style of indico's testing/fixtures: ``make_x(**overrides)`` returns a row
# with sensible defaults, committed (a job or a page reads it through its own session). The
# defaults build what the demo's seminar 1 is (Monday 6 Nov 2023, 20:30-22:00 in Asia/Shanghai),
# so a test that needs a seminar need not load the demo data file.

@pytest.fixture()
def make_programme(app):
    """A programme; the default is the demo's 2023 cycle, which serves the old URLs."""
    def make(**overrides) -> Programme:
        values = dict(slug="award-2023", title="6th Guangzhou International Award for Urban Innovation",
                      timezone="Asia/Shanghai", first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 12, 9),
                      status="published", serves_old_urls=True)
        values.update(overrides)
        return _add(Programme(**values))

    return make


@pytest.fixture()
def default_programme(make_programme):
    """The 2023 cycle, made the first time a factory needs a programme."""
    def get() -> Programme:
        return db.session.scalar(sa.select(Programme).filter_by(slug="award-2023")) or make_programme()

    return get


@pytest.fixture()
def make_event(app, default_programme):
    """An event of ``programme`` (default: the 2023 cycle)."""
    def make(**overrides) -> Event:
        values = dict(slug="series", kind="seminar-series", title="Series", timezone="Asia/Shanghai",
                      location="Online", first_day=dt.date(2023, 11, 6), last_day=dt.date(2023, 11, 9))
        values.update(overrides)
        values.setdefault("programme", None)
        values["programme"] = values["programme"] or default_programme()
        return _add(Event(**values))

    return make


@pytest.fixture()
def make_seminar(app, make_event):
    def make(**overrides) -> Seminar:
        event = overrides.pop("event", None) or make_event()
        values = dict(event=event, number=1, slug="seminar-x", title="A seminar",
                      starts_at=dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC),
                      ends_at=dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC), timezone="Asia/Shanghai")
        values.update(overrides)
        return _add(Seminar(**values))

    return make


#: Seminar 2's theme and Zoom meeting in the demo, for tests whose expected text shows them.
SEMINAR_TWO_DETAILS = dict(
    theme="Leaving no one and no place behind: efficient and effective delivery of core municipal functions",
    meeting_provider="Zoom", join_url="https://zoom.us/j/84265828099", meeting_id="842 6582 8099", passcode="214172")


@pytest.fixture()
def make_seminar_two(make_seminar):
    """The demo's seminar 2 (Tue 7 Nov 2023, 19:30-21:00 in Asia/Shanghai); ``**SEMINAR_TWO_DETAILS``
    adds its theme and meeting."""
    def make(**overrides) -> Seminar:
        values = dict(number=2, slug="seminar-2", title="Leaving no one and no place behind",
                      starts_at=dt.datetime(2023, 11, 7, 11, 30, tzinfo=UTC),
                      ends_at=dt.datetime(2023, 11, 7, 13, 0, tzinfo=UTC))
        return make_seminar(**{**values, **overrides})

    return make


@pytest.fixture()
def make_city(app, default_programme):
    """A city taking part in ``programme`` (default: the 2023 cycle; ``programme=None``: none)."""
    def make(**overrides) -> City:
        programme = overrides.pop("programme") if "programme" in overrides else default_programme()
        values = dict(slug="kazan", name="Kazan", country="Russia", timezone="Europe/Moscow")
        values.update(overrides)
        city = City(**values)
        if programme is not None:
            programme.cities.append(city)
        return _add(city)

    return make


@pytest.fixture()
def make_initiative(app, make_city):
    """An initiative presented at ``seminar`` (required) by ``city`` (default: a new city)."""
    def make(seminar, **overrides) -> Initiative:
        city = overrides.pop("city", None) or make_city()
        values = dict(seminar=seminar, city=city, title="Park to rest and recuperate", position=0)
        values.update(overrides)
        return _add(Initiative(**values))

    return make


@pytest.fixture()
def make_registrant(app):
    def make(**overrides) -> Registrant:
        values = dict(email="ana@example.org", name="Ana María", timezone="America/Bogota",
                      reminder_offsets=[1440, 60], consent_at=ANNOUNCED)
        values.update(overrides)
        return _add(Registrant(**values))

    return make


@pytest.fixture()
def make_registration(app, make_seminar, make_registrant):
    """A confirmed seat (``status`` sets the matching instant); a new seminar and registrant unless given."""
    def make(seminar=None, registrant=None, **overrides) -> Registration:
        status = overrides.get("status", "confirmed")
        at = overrides.pop("at", ANNOUNCED)
        values = dict(seminar=seminar or make_seminar(), registrant=registrant or make_registrant(), status=status,
                      confirmed_at=at if status == "confirmed" else None,
                      waitlisted_at=at if status == "waitlisted" else None,
                      cancelled_at=at if status == "cancelled" else None)
        values.update(overrides)
        return _add(Registration(**values))

    return make


#: Seminar 1 of the demo programme: (city slug, name, country, zone, initiative), in order.
SEMINAR_ONE_INITIATIVES = [
    ("xianning", "Xianning", "China", "Asia/Shanghai", "Enhancing traffic safety near schools through a "
     "child-friendly collaborative construction and sharing approach"),
    ("kazan", "Kazan", "Russia", "Europe/Moscow", "Park to rest and recuperate"),
    ("tehran", "Tehran", "Iran", "Asia/Tehran",
     "Substituting chemical poisons with pruning waste in the production of herbal formulations"),
    ("cape-town", "Cape Town", "South Africa", "Africa/Johannesburg", "Building resilient food systems"),
]


@pytest.fixture()
def seminar_one(make_event, make_seminar, make_city, make_initiative):
    """The demo's seminar 1 (Mon 6 Nov 2023, 20:30-22:00 in Asia/Shanghai, its meeting and its four
    presenters) built with the factories: for tests whose expected text names it, not the file."""
    event = make_event(slug="international-seminar-2023",
                       title="International Seminar on Learning from Urban Innovation")
    seminar = make_seminar(
        event=event, number=1, slug="seminar-1", title="Making our cities and regions safe and resilient for all",
        theme="Making our cities and regions safe and resilient for all — responding to emerging and new challenges",
        starts_at=dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC), ends_at=dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC),
        meeting_provider="Zoom", join_url="https://zoom.us/j/82318937943", meeting_id="823 1893 7943",
        passcode="807001")
    for position, (slug, name, country, zone, title) in enumerate(SEMINAR_ONE_INITIATIVES):
        make_initiative(seminar, city=make_city(slug=slug, name=name, country=country, timezone=zone),
                        title=title, position=position)
    return seminar


#: The demo's seminars 2-4: (number, slug, title, local date and start, [(city slug, name, country, zone,
#: initiative)]); with seminar 1 they put the 15 shortlisted cities on the vote's ballot, in this order.
SHORTLIST_SEMINARS = [
    (2, "seminar-2", "Leaving no one and no place behind", (7, 19, 30), [
        ("ramallah", "Ramallah", "Palestine", "Asia/Hebron", "Forum of Expertise, a community-led active aging "
         "initiative that empowers seniors to thrive through voluntarism and life-long learning"),
        ("jakarta", "Jakarta", "Indonesia", "Asia/Jakarta", "Reclaiming spaces for children using public "
         "transportation through the Navi Station initiative"),
        ("gwangju", "Gwangju", "Republic of Korea", "Asia/Seoul", "GwangJuness Community Care"),
        ("pimpri-chinchwad", "Pimpri Chinchwad", "India", "Asia/Kolkata", "Navi Disha: community toilet model")]),
    (3, "seminar-3", "Beyond smart city", (8, 20, 30), [
        ("sao-paulo", "São Paulo", "Brazil", "America/Sao_Paulo", "Programa Tô Legal"),
        ("kampala", "Kampala", "Uganda", "Africa/Kampala",
         "An innovation for pit-emptying services using a GIS-enabled application"),
        ("antalya", "Antalya", "Türkiye", "Europe/Istanbul",
         "Eco-friendly Farmer Card – Protect your environment, collect points, win prizes")]),
    (4, "seminar-4", "Towards a systems approach to urban governance", (9, 21, 0), [
        ("mannheim", "Mannheim", "Germany", "Europe/Berlin", "Annual report on the achievement of the SDGs"),
        ("bogota", "Bogotá", "Colombia", "America/Bogota", "Bogotá Care Blocks"),
        ("halandri", "Halandri", "Greece", "Europe/Athens", "Cultural H.ID.RA.N.T."),
        ("alcaldia-iztapalapa", "Alcaldía Iztapalapa", "Mexico", "America/Mexico_City", "UTOPIAS")]),
]


@pytest.fixture()
def shortlist(seminar_one, make_seminar, make_city, make_initiative, make_event, make_vote_event):
    """The demo's vote (1-30 Nov 2023) with its 15 candidates presenting at seminars 1-4, and the
    award ceremony that announces the result (Thu 7 Dec 2023, 10:00-12:00 in Asia/Shanghai)."""
    for number, slug, title, (day, hour, minute), initiatives in SHORTLIST_SEMINARS:
        starts_at = dt.datetime(2023, 11, day, hour - 8, minute, tzinfo=UTC)
        seminar = make_seminar(event=seminar_one.event, number=number, slug=slug, title=title, starts_at=starts_at,
                               ends_at=starts_at + dt.timedelta(minutes=90))
        for position, (city, name, country, zone, initiative) in enumerate(initiatives):
            make_initiative(seminar, city=make_city(slug=city, name=name, country=country, timezone=zone),
                            title=initiative, position=position)
    make_event(slug="award-ceremony-2023", kind="ceremony", title="Award Ceremony of the 6th Guangzhou Award",
               location="Guangzhou, China", first_day=None, last_day=None,
               starts_at=dt.datetime(2023, 12, 7, 2, 0, tzinfo=UTC), ends_at=dt.datetime(2023, 12, 7, 4, 0, tzinfo=UTC))
    return make_vote_event(description="Attend the seminars, then vote for the initiative you believe is the most "
                                       "innovative. The result is announced at the award ceremony.")


@pytest.fixture()
def make_vote_event(make_event):
    """The vote event: open from 1 Nov 2023 to the end of 30 Nov 2023 in Asia/Shanghai, as the demo's."""
    def make(**overrides):
        values = dict(slug="city-of-your-choice-2023", kind="vote", title="“City of Your Choice” vote",
                      first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 11, 30))
        values.update(overrides)
        return make_event(**values)

    return make


def _vote_factory(model, instant: str):
    """``make(event, city, **overrides)`` for a ballot or a vote: by ana@example.org at ANNOUNCED."""
    def make(event, city, **overrides):
        values = dict(event_id=event.id, city=city, email="ana@example.org", **{instant: ANNOUNCED})
        values.update(overrides)
        return _add(model(**values))

    return make


@pytest.fixture()
def make_ballot(app):
    """A request to vote for ``event`` and ``city``, unconfirmed unless ``confirmed_at`` is given."""
    return _vote_factory(Ballot, "cast_at")


@pytest.fixture()
def make_vote(app):
    """A vote that counts, for ``event`` and ``city``."""
    return _vote_factory(Vote, "confirmed_at")


@pytest.fixture()
def make_organiser(app, default_programme):
    """An organiser account: an editor, ``editor@example.org``, with the tests' password unless given;
    an editor is granted the 2023 cycle (made if need be) unless ``programmes`` (slugs) says otherwise."""
    def make(**overrides):
        values = dict(email="editor@example.org", role="editor", password=PASSWORD)
        values.update(overrides)
        if values["role"] == "editor" and "programmes" not in overrides:
            default_programme()
        return organise_helpers.make_organiser(**values)

    return make


@pytest.fixture()
def editor_client(app, client, default_programme):
    """A client signed in to the console as an editor (``editor@example.org``) of the 2023 cycle."""
    default_programme()
    signed_in(client, "editor")
    return client


@pytest.fixture()
def admin_client(app, client):
    """A client signed in to the console as an admin (``admin@example.org``)."""
    signed_in(client, "admin")
    return client


def _add(row):
    db.session.add(row)
    db.session.commit()
    return row
