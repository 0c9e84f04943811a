"""Applying a programme file: the demo's content, idempotent loading, the --upcoming shift, renumbering."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import City, Event, Initiative, Programme, Seminar
from app.programme_file.apply import apply_programme, weeks_until_upcoming
from app.programme_file.parsing import ProgrammeFileError, parse
from tests.conftest import DEMO_FILE, FILES

UTC = dt.timezone.utc
DEMO_TEXT = DEMO_FILE.read_text(encoding="utf-8")

EXPECTED_CITIES = {
    "xianning": ("Xianning", "China", "Asia/Shanghai", 1),
    "kazan": ("Kazan", "Russia", "Europe/Moscow", 1),
    "tehran": ("Tehran", "Iran", "Asia/Tehran", 1),
    "cape-town": ("Cape Town", "South Africa", "Africa/Johannesburg", 1),
    "ramallah": ("Ramallah", "Palestine", "Asia/Hebron", 2),
    "jakarta": ("Jakarta", "Indonesia", "Asia/Jakarta", 2),
    "gwangju": ("Gwangju", "Republic of Korea", "Asia/Seoul", 2),
    "pimpri-chinchwad": ("Pimpri Chinchwad", "India", "Asia/Kolkata", 2),
    "sao-paulo": ("São Paulo", "Brazil", "America/Sao_Paulo", 3),
    "kampala": ("Kampala", "Uganda", "Africa/Kampala", 3),
    "antalya": ("Antalya", "Türkiye", "Europe/Istanbul", 3),
    "mannheim": ("Mannheim", "Germany", "Europe/Berlin", 4),
    "bogota": ("Bogotá", "Colombia", "America/Bogota", 4),
    "halandri": ("Halandri", "Greece", "Europe/Athens", 4),
    "alcaldia-iztapalapa": ("Alcaldía Iztapalapa", "Mexico", "America/Mexico_City", 4),
}


def test_demo_load_creates_the_seed_programme(demo):
    seminars = db.session.scalars(sa.select(Seminar).order_by(Seminar.number)).all()
    assert [(s.slug, s.starts_at, s.ends_at, s.timezone, s.meeting_id, s.passcode) for s in seminars] == [
        ("seminar-1", dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC), dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC),
         "Asia/Shanghai", "823 1893 7943", "807001"),
        ("seminar-2", dt.datetime(2023, 11, 7, 11, 30, tzinfo=UTC), dt.datetime(2023, 11, 7, 13, 0, tzinfo=UTC),
         "Asia/Shanghai", "842 6582 8099", "214172"),
        ("seminar-3", dt.datetime(2023, 11, 8, 12, 30, tzinfo=UTC), dt.datetime(2023, 11, 8, 14, 0, tzinfo=UTC),
         "Asia/Shanghai", "829 1663 6009", "685581"),
        ("seminar-4", dt.datetime(2023, 11, 9, 13, 0, tzinfo=UTC), dt.datetime(2023, 11, 9, 14, 30, tzinfo=UTC),
         "Asia/Shanghai", "895 9405 1352", "011826"),
    ]
    assert seminars[1].title == "Leaving no one and no place behind"
    rows = db.session.execute(
        sa.select(City.slug, City.name, City.country, City.timezone, Seminar.number)
        .join(Initiative, Initiative.city_id == City.id).join(Seminar, Seminar.id == Initiative.seminar_id)
    ).all()
    assert {slug: (name, country, zone, number) for slug, name, country, zone, number in rows} == EXPECTED_CITIES


def test_demo_load_creates_the_events(demo):
    events = {e.slug: e for e in db.session.scalars(sa.select(Event))}
    vote, ceremony, forum = (events["city-of-your-choice-2023"], events["award-ceremony-2023"],
                             events["global-mayors-forum-2023"])
    assert (vote.first_day, vote.last_day, vote.starts_at) == (dt.date(2023, 11, 1), dt.date(2023, 11, 30), None)
    assert (ceremony.starts_at, ceremony.location) == (dt.datetime(2023, 12, 7, 2, 0, tzinfo=UTC), "Guangzhou, China")
    assert (forum.first_day, forum.last_day) == (dt.date(2023, 12, 7), dt.date(2023, 12, 9))
    assert len(events) == 4
    assert {e.programme.slug for e in events.values()} == {"award-2023"}


def test_demo_load_creates_the_programme_from_its_events(demo):
    programme = db.session.scalar(sa.select(Programme))
    assert (programme.slug, programme.title, programme.timezone, programme.first_day, programme.last_day,
            programme.status, programme.serves_old_urls) == (
        "award-2023", "6th Guangzhou International Award for Urban Innovation", "Asia/Shanghai",
        dt.date(2023, 11, 1), dt.date(2023, 12, 9), "published", True)
    assert len(programme.cities) == 15
    assert demo.programme is programme


def test_demo_load_twice_changes_nothing(demo, clock):
    clock.advance(days=3)
    report = apply_programme(parse(DEMO_TEXT), now=clock())
    db.session.commit()
    assert (report.count("added"), report.count("changed"), report.count("unchanged")) == (0, 0, 39)
    assert db.session.scalars(sa.select(Seminar.sequence)).all() == [0, 0, 0, 0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 15


def test_reload_with_moved_seminar_bumps_sequence_only_there(demo, clock):
    moved = DEMO_TEXT.replace('start: "19:30"', 'start: "18:30"', 1)
    clock.advance(days=1)
    report = apply_programme(parse(moved), now=clock())
    db.session.commit()
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-2"))
    assert [(c.key, c.fields) for c in report.changes if c.action == "changed"] == [("seminar-2", ["starts_at"])]
    assert (seminar.starts_at, seminar.sequence, seminar.updated_at) == (
        dt.datetime(2023, 11, 7, 10, 30, tzinfo=UTC), 1, clock())
    assert db.session.scalars(sa.select(Seminar.sequence).order_by(Seminar.number)).all() == [0, 1, 0, 0]


def test_reload_with_a_new_title_does_not_bump_sequence(demo):
    renamed = DEMO_TEXT.replace("title: Beyond smart city", "title: Beyond the smart city")
    apply_programme(parse(renamed), now=dt.datetime(2023, 11, 1, tzinfo=UTC))
    db.session.commit()
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-3"))
    assert (seminar.title, seminar.sequence) == ("Beyond the smart city", 0)


def test_weeks_until_upcoming_keeps_weekdays_and_lands_within_a_week():
    data = parse(DEMO_TEXT)
    now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    weeks = weeks_until_upcoming(data, now, dt.timedelta(days=1))
    first = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC) + dt.timedelta(weeks=weeks)
    assert weeks == 159
    assert first == dt.datetime(2026, 11, 23, 12, 30, tzinfo=UTC)
    assert first.weekday() == 0  # still a Monday


def test_upcoming_load_leaves_a_historical_programme_alone(app, clock):
    clock.now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    data = parse((FILES / "board-meeting-2012.yaml").read_text(encoding="utf-8"))
    report = apply_programme(data, now=clock(), shift_weeks=weeks_until_upcoming(data, clock(), dt.timedelta(days=1)))
    db.session.commit()
    board = db.session.scalar(sa.select(Event).filter_by(slug="metropolis-board-2012"))
    assert (report.shift_weeks, board.first_day, board.last_day) == (0, dt.date(2012, 11, 14), dt.date(2012, 11, 17))
    assert (report.programme.slug, report.programme.first_day, report.programme.last_day) == (
        "board-meeting-2012", dt.date(2012, 11, 14), dt.date(2012, 11, 17))
    assert [c.slug for c in report.programme.cities] == ["guangzhou"]


def test_upcoming_load_shifts_the_programme_and_all_but_a_historical_event(app, clock):
    clock.now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    data = parse(DEMO_TEXT + """
  - slug: metropolis-board-2012
    kind: meeting
    title: Metropolis Board of Directors Meeting
    timezone: Asia/Shanghai
    location: Guangzhou, China
    historical: true
    dates: {first: 2012-11-14, last: 2012-11-17}
""")
    apply_programme(data, now=clock(), shift_weeks=weeks_until_upcoming(data, clock(), dt.timedelta(days=1)))
    db.session.commit()
    events = {e.slug: e for e in db.session.scalars(sa.select(Event))}
    programme = db.session.scalar(sa.select(Programme))
    # The programme's dates come from its entries, the historical one included.
    assert (programme.first_day, programme.last_day) == (dt.date(2012, 11, 14), dt.date(2026, 12, 26))
    assert (events["city-of-your-choice-2023"].first_day, events["city-of-your-choice-2023"].last_day) == (
        dt.date(2026, 11, 18), dt.date(2026, 12, 17))
    assert events["award-ceremony-2023"].starts_at == dt.datetime(2026, 12, 24, 2, 0, tzinfo=UTC)
    assert events["metropolis-board-2012"].first_day == dt.date(2012, 11, 14)
    assert db.session.scalar(sa.select(sa.func.min(Seminar.starts_at))) == dt.datetime(2026, 11, 23, 12, 30, tzinfo=UTC)


def test_reload_may_swap_seminar_numbers(demo, clock):
    swapped = DEMO_TEXT.replace("number: 1\n", "number: 9\n").replace("number: 2\n", "number: 1\n")
    swapped = swapped.replace("number: 9\n", "number: 2\n")
    apply_programme(parse(swapped), now=clock())
    db.session.commit()
    assert db.session.execute(sa.select(Seminar.slug, Seminar.number).order_by(Seminar.slug)).all() == [
        ("seminar-1", 2), ("seminar-2", 1), ("seminar-3", 3), ("seminar-4", 4)]


def test_reload_refuses_a_number_held_by_an_unlisted_seminar(demo, clock):
    renamed = DEMO_TEXT.replace("slug: seminar-1\n", "slug: seminar-one\n")
    with pytest.raises(ProgrammeFileError) as error:
        apply_programme(parse(renamed), now=clock())
    db.session.rollback()
    assert error.value.problems == [
        "events[0] (international-seminar-2023) › seminars[0] (seminar-one) › number: 1 is already used by "
        "seminar “seminar-1”, which the file does not list; give one of them another number"]
    assert db.session.scalars(sa.select(Seminar.slug).order_by(Seminar.number)).all() == [
        "seminar-1", "seminar-2", "seminar-3", "seminar-4"]
