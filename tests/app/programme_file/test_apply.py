"""The demo data file: its content, idempotent loading, the --upcoming shift and clear refusals."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import City, Event, Initiative, Seminar
from app.programme_file.apply import apply_programme, weeks_until_upcoming
from app.programme_file.parsing import ProgrammeFileError, parse, parse_bytes
from tests.conftest import DEMO_FILE

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
    vote, ceremony, forum, board = (events["city-of-your-choice-2023"], events["award-ceremony-2023"],
                                    events["global-mayors-forum-2023"], events["metropolis-board-2012"])
    assert (vote.first_day, vote.last_day, vote.starts_at) == (dt.date(2023, 11, 1), dt.date(2023, 11, 30), None)
    assert (ceremony.starts_at, ceremony.location) == (dt.datetime(2023, 12, 7, 2, 0, tzinfo=UTC), "Guangzhou, China")
    assert (forum.first_day, forum.last_day) == (dt.date(2023, 12, 7), dt.date(2023, 12, 9))
    assert (board.first_day, board.last_day) == (dt.date(2012, 11, 14), dt.date(2012, 11, 17))
    assert len(events) == 5


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


def test_upcoming_load_shifts_all_but_the_historical_event(app, clock):
    clock.now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    data = parse(DEMO_TEXT)
    apply_programme(data, now=clock(), shift_weeks=weeks_until_upcoming(data, clock(), dt.timedelta(days=1)))
    db.session.commit()
    events = {e.slug: e for e in db.session.scalars(sa.select(Event))}
    assert (events["city-of-your-choice-2023"].first_day, events["city-of-your-choice-2023"].last_day) == (
        dt.date(2026, 11, 18), dt.date(2026, 12, 17))
    assert events["award-ceremony-2023"].starts_at == dt.datetime(2026, 12, 24, 2, 0, tzinfo=UTC)
    assert events["metropolis-board-2012"].first_day == dt.date(2012, 11, 14)
    assert db.session.scalar(sa.select(sa.func.min(Seminar.starts_at))) == dt.datetime(2026, 11, 23, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (("timezone: Asia/Tehran", "timezone: Asia/Teheran"),
         "cities[2] (Tehran) › timezone: “Asia/Teheran” is not a time zone we know. "
         "Use an IANA name such as Europe/Berlin, America/Bogota or Asia/Shanghai."),
        (("        title: Beyond smart city\n", ""),
         "events[0] (international-seminar-2023) › seminars[2] (seminar-3) › title: Field required"),
        (('end: "22:30"', "end: 22:30"),
         'events[0] (international-seminar-2023) › seminars[3] (seminar-4) › end: '
         'must be a quoted 24-hour time such as "20:30"'),
        (('start: "19:30"', 'start: "21:30"'),
         "events[0] (international-seminar-2023) › seminars[1] (seminar-2) › "
         "end: must be after start (give end_date for a session past midnight)"),
        (("{city: kazan,", "{city: kazan-city,"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › initiatives[1] (kazan-city) › "
         "city: no city with slug “kazan-city” in cities"),
        (('start: "19:30"', 'start: "19:30"\n        start: "03:00"'),
         'not valid YAML: the key “start” appears twice in one entry\n  in "<unicode string>", line 59, column 9:\n'
         '            start: "03:00"\n            ^'),
        (("date: 2023-11-06", "date: 86400"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › date: must be a date written YYYY-MM-DD"),
        (("date: 2023-11-06", "date: 0001-01-01"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › date: must be between 1970 and 2200"),
        (("number: 1\n", "number: true\n"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › number: Input should be a valid integer"),
        (("number: 2\n", "number: 1\n"),
         "events[0] (international-seminar-2023) › seminars[1] (seminar-2) › number: “1” is also used by seminars[0]"),
        (("{name: Kazan,", '{name: "!!!",'),
         "cities[1] (!!!) › slug: the name gives no usable slug (“”); add a slug"),
        (("  - {name: Kazan,", "  - {name: Xianning, country: China, timezone: Asia/Shanghai}\n  - {name: Kazan,"),
         "cities[1] (Xianning) › slug: “xianning” is also used by cities[0]"),
        (("dates: {first: 2023-11-01, last: 2023-11-30}", "dates: {first: 2023-11-01, last: 2023-11-30}\n    end_date: 2023-12-01"),
         "events[1] (city-of-your-choice-2023) › dates: give either dates: {first, last} or date, start and end, not both"),
        (("    date: 2023-12-07\n", ""),
         "events[2] (award-ceremony-2023) › date: required (or give dates: {first, last} for an all-day range)"),
        (("theme: Making our cities and regions safe and resilient for all — responding to emerging and new challenges",
          "theme: \"Making\\x00 our cities\""),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › theme: has an invisible or control character at position 7 (U+0000)"),
        (("provider: Zoom, join_url: \"https://zoom.us/j/82318937943\"", "provider: " + "Z" * 41 + ", join_url: \"https://zoom.us/j/82318937943\""),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › meeting › provider: "
         "String should have at most 40 characters"),
        (("join_url: \"https://zoom.us/j/84265828099\"", "join_url: \"javascript:alert(1)\""),
         "events[0] (international-seminar-2023) › seminars[1] (seminar-2) › meeting › join_url: "
         "must be an http:// or https:// address"),
    ],
)
def test_parse_refuses_bad_entries_naming_entry_and_field(edit, problem):
    old, new = edit
    assert old in DEMO_TEXT
    with pytest.raises(ProgrammeFileError) as error:
        parse(DEMO_TEXT.replace(old, new, 1))
    assert error.value.problems == [problem]


def test_parse_refuses_a_nonexistent_wall_time():
    text = DEMO_TEXT.replace("timezone: Asia/Shanghai\n        meeting: {provider: Zoom, join_url: \"https://zoom.us/j/82318937943\"",
                             "timezone: Europe/Berlin\n        meeting: {provider: Zoom, join_url: \"https://zoom.us/j/82318937943\"")
    text = text.replace("date: 2023-11-06\n        start: \"20:30\"", "date: 2024-03-31\n        start: \"02:30\"")
    with pytest.raises(ProgrammeFileError) as error:
        parse(text)
    assert error.value.problems == [
        "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › start: Sun 31 Mar 2024 02:30 in "
        "Europe/Berlin does not exist: the clocks skip that hour for a daylight-saving change."]


def test_parse_refuses_text_that_is_not_utf8():
    with pytest.raises(ProgrammeFileError) as error:
        parse_bytes(DEMO_TEXT.encode("utf-16"))
    assert error.value.problems == ["the file is not UTF-8 text (byte 0)"]


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


def test_cli_load_with_a_bad_file_writes_nothing(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO_TEXT.replace("timezone: Asia/Kolkata", "timezone: India/Pune"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["demo", "load", "--file", str(bad)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: bad.yaml was not loaded; nothing was written:\n"
        "  - cities[7] (Pimpri Chinchwad) › timezone: “India/Pune” is not a time zone we know. "
        "Use an IANA name such as Europe/Berlin, America/Bogota or Asia/Shanghai.\n")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(City)) == 0


def test_cli_load_upcoming_reports_the_shift(app, clock):
    clock.now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    result = app.test_cli_runner().invoke(args=["demo", "load", "--upcoming"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Loaded guangzhou-2023.yaml: 15 cities, 5 events, 4 seminars, 15 initiatives: "
        "39 added, 0 changed, 0 unchanged.\n"
        "Shifted forward 159 weeks so the programme is upcoming: Seminar 1 starts Mon 23 Nov 2026.\n")
