"""The programme file's rules across entries for venues, a meeting's sessions and tours: a bad
entry is refused with its entry and field named, and nothing is written."""
from __future__ import annotations

import pytest

from app.programme_file.parsing import ProgrammeFileError, parse
from tests.conftest import FILES

TOURS = (FILES / "study-tours-2015.yaml").read_text(encoding="utf-8")
MEETING = (FILES / "board-meeting-2012.yaml").read_text(encoding="utf-8")
KAZAN = ('{city: kazan, venue: kazan-city-centre, host: City of Kazan, date: 2015-04-20, start: "09:00", '
         'end_date: 2015-04-22, end: "17:00"}')
EUROPE = "tours[0] (study-tour-europe-2015) › legs"


def problems(text: str) -> list[str]:
    with pytest.raises(ProgrammeFileError) as error:
        parse(text)
    return error.value.problems


def test_the_demo_files_parse():
    tours, meeting = parse(TOURS), parse(MEETING)
    assert [(t.slug, [leg.city for leg in t.legs]) for t in tours.tours] == [
        ("study-tour-europe-2015", ["kazan", "antalya", "mannheim"]),
        ("study-tour-americas-2015", ["bogota", "sao-paulo", "alcaldia-iztapalapa"])]
    assert [(s.slug, s.timezone, s.provisional) for s in meeting.events[0].sessions][:2] == [
        ("metropolis-initiatives-2012", "Asia/Shanghai", True),
        ("mayors-forum-on-innovation-2012", "Asia/Shanghai", True)]


@pytest.mark.parametrize(("new", "problem"), [
    ('{city: kazan, venue: kazan-city-centre, host: City of Kazan, date: 2015-04-22, start: "09:00", '
     'end_date: 2015-04-20, end: "17:00"}',
     f"{EUROPE}[0] (kazan) › end: must be after the start"),
    ('{city: kazan, venue: kazan-city-centre, host: City of Kazan, date: 2015-04-24, start: "09:00", '
     'end_date: 2015-04-24, end: "12:00"}',
     f"{EUROPE}[1] (antalya) › start: overlaps the previous leg, which ends Fri, 24 Apr 2015, 12:00 Moscow Time"),
    ('{city: kazan, timezone: Europe/Kazan, host: City of Kazan, date: 2015-04-20, start: "09:00", '
     'end_date: 2015-04-22, end: "17:00"}',
     "tours[0] (study-tour-europe-2015) › legs[0] (kazan) › timezone: “Europe/Kazan” is not a time zone we know. "
     "Use an IANA name such as Europe/Berlin, America/Bogota or Asia/Shanghai."),
    ('{city: atlantis, host: Nobody, dates: {first: 2015-04-20, last: 2015-04-22}}',
     f"{EUROPE}[0] (atlantis) › city: no city with slug “atlantis” in cities"),
    ('{city: kazan, venue: kremlin, dates: {first: 2015-04-20, last: 2015-04-22}}',
     f"{EUROPE}[0] (kazan) › venue: no venue with slug “kremlin” in venues"),
    ('{city: antalya, dates: {first: 2015-04-10, last: 2015-04-12}}',
     f"{EUROPE}[1] (antalya) › city: “antalya” is also used by legs[0]"),
])
def test_a_bad_leg_is_refused_by_entry_and_field(new, problem):
    assert KAZAN in TOURS
    assert problem in problems(TOURS.replace(KAZAN, new, 1))


def test_a_leg_needs_days_or_times():
    assert problems(TOURS.replace(KAZAN, "{city: kazan, host: City of Kazan}", 1)) == [
        f"{EUROPE}[0] (kazan) › date: required (or give dates: {{first, last}} for whole days)"]


def test_a_venue_of_an_unknown_city_and_half_coordinates_are_refused():
    text = TOURS.replace("city: kazan, latitude: 55.796289, longitude: 49.108795}", "city: kazan, latitude: 55.796289}")
    assert problems(text) == ["venues[0] (kazan-city-centre) › latitude: give both latitude and longitude, or neither"]
    text = TOURS.replace("city: antalya, latitude", "city: ankara, latitude")
    assert "venues[1] (antalya-city-centre) › city: no city with slug “ankara” in cities" in problems(text)


def test_a_session_may_not_share_an_event_slug_or_end_before_it_starts():
    text = MEETING.replace("slug: fmdv-board-2012", "slug: metropolis-board-2012")
    assert ("events[0] (metropolis-board-2012) › sessions[4] (metropolis-board-2012) › slug: “metropolis-board-2012” "
            "is also used by an event of the file") in problems(text)
    text = MEETING.replace('start: "19:00"\n        end: "21:30"', 'start: "19:00"\n        end: "18:30"')
    assert problems(text) == [
        "events[0] (metropolis-board-2012) › sessions[2] (guangzhou-award-ceremony-2012) › end: must be after start "
        "(give end_date for a session past midnight)"]


def test_a_programme_slug_that_is_a_path_of_the_service_is_refused_by_name():
    assert problems(TOURS.replace("slug: study-tours-2015", "slug: calendars", 1)) == [
        "programme › slug: “calendars” is a reserved path of the service (api, calendars, cities, dev, join, manage, "
        "organise, p, programme, programmes, register, reminders, seminars, static, timezone, tours, vote); "
        "choose another slug"]
