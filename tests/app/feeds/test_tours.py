"""A study tour's feed: each leg in its city's zone with that zone's VTIMEZONE, at its venue, read
alike by icalendar, ical.js and libical, and equal to the database's instants."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import City, Tour, TourLeg
from tests.app.feeds.test_routes import HOST, check_structure, get_feed
from tests.app.helpers.tours import EUROPE, PROGRAMME, load_study_tours
from tests.icaljs import instants, read_with_icaljs, read_with_icalendar
from tests.strict_ical import libical_errors, timezone_properties

FEEDS = f"/calendars/p/{PROGRAMME}/tours"
EUROPE_FEED = f"{FEEDS}/study-tour-europe-2015.ics"
AMERICAS_FEED = f"{FEEDS}/study-tour-americas-2015.ics"
#: A VTIMEZONE's STANDARD/DAYLIGHT blocks, as RFC 5545 3.6.5 allows them (see test_routes).
OPENING = frozenset({"DTSTART", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO"})
CHANGES = OPENING | {"RDATE"}


@pytest.fixture()
def study_tours(app, clock):
    return load_study_tours(clock())


def database_instants() -> dict[str, tuple[str, str]]:
    """Each leg as the database holds it: UTC instants, or dates with the exclusive end."""
    found = {}
    for leg in db.session.scalars(sa.select(TourLeg)):
        uid = f"leg-{leg.tour.slug}-{leg.city.slug}@{HOST}"
        found[uid] = ((leg.first_day.isoformat(), (leg.last_day + dt.timedelta(days=1)).isoformat()) if leg.all_day
                      else (f"{leg.starts_at:%Y-%m-%dT%H:%M:%S}.000Z", f"{leg.ends_at:%Y-%m-%dT%H:%M:%S}.000Z"))
    return found


@pytest.mark.parametrize("url", [EUROPE_FEED, AMERICAS_FEED, f"{EUROPE_FEED}?tz=America/Bogota",
                                 f"{AMERICAS_FEED}?tz=Pacific/Auckland", f"{EUROPE_FEED}?tz=UTC"])
def test_tour_feed_is_read_identically_by_icalendar_and_icaljs_and_matches_the_database(client, study_tours, url):
    body = get_feed(client, url)
    check_structure(body)
    by_python, by_js = read_with_icalendar(body), read_with_icaljs(body)
    assert instants(by_python) == instants(by_js)
    expected = database_instants()
    assert len(by_js["events"]) == 3 and {uid: expected[uid] for uid in instants(by_js)} == instants(by_js)
    assert sorted(by_js["timezones"]) == sorted(by_python["timezones"])


def test_each_leg_keeps_its_citys_zone_whatever_the_feed_zone(client, study_tours):
    for url in (EUROPE_FEED, f"{EUROPE_FEED}?tz=America/Bogota"):
        body = get_feed(client, url).decode()
        assert "DTSTART;TZID=Europe/Moscow:20150420T090000\r\nDTEND;TZID=Europe/Moscow:20150422T170000\r\n" in body
        assert "DTSTART;TZID=Europe/Istanbul:20150424T090000\r\nDTEND;TZID=Europe/Istanbul:20150426T170000\r\n" in body
        # Mannheim is whole days: dates, the end exclusive, in no zone.
        assert "DTSTART;VALUE=DATE:20150428\r\nDTEND;VALUE=DATE:20150501\r\n" in body
    assert [e["tzid"] for e in read_with_icalendar(get_feed(client, EUROPE_FEED))["events"]] == [
        "Europe/Moscow", "Europe/Istanbul", None]


def test_the_feed_zone_names_the_calendar_and_each_legs_zone_has_its_vtimezone(client, study_tours):
    body = get_feed(client, EUROPE_FEED)
    assert b"X-WR-TIMEZONE:Asia/Shanghai\r\n" in body
    assert timezone_properties(body) == {
        "Asia/Shanghai": (frozenset({"TZID"}), frozenset({OPENING})),
        "Europe/Istanbul": (frozenset({"TZID"}), frozenset({OPENING, CHANGES})),
        "Europe/Moscow": (frozenset({"TZID"}), frozenset({OPENING})),
    }
    bogota = get_feed(client, f"{EUROPE_FEED}?tz=America/Bogota")
    assert b"X-WR-TIMEZONE:America/Bogota\r\n" in bogota
    assert sorted(timezone_properties(bogota)) == ["America/Bogota", "Europe/Istanbul", "Europe/Moscow"]


@pytest.mark.parametrize("url", [EUROPE_FEED, AMERICAS_FEED, f"{AMERICAS_FEED}?tz=Pacific/Auckland"])
def test_libical_accepts_the_tour_feed(client, study_tours, url):
    assert libical_errors(get_feed(client, url)) == []


def test_each_leg_has_its_uid_summary_place_and_sequence(client, study_tours):
    reading = read_with_icaljs(get_feed(client, EUROPE_FEED))
    assert [(e["uid"], e["summary"], e["sequence"], e["location"], e["geo"], e["url"]) for e in reading["events"]] == [
        (f"leg-study-tour-europe-2015-kazan@{HOST}", "Study tour: Kazan, Antalya and Mannheim: Kazan", 0,
         "Kazan city centre, Kazan, Republic of Tatarstan, Russia", [55.796289, 49.108795],
         f"http://{HOST}:5000{EUROPE}#leg-kazan"),
        (f"leg-study-tour-europe-2015-antalya@{HOST}", "Study tour: Kazan, Antalya and Mannheim: Antalya", 0,
         "Antalya city centre, Antalya, Türkiye", [36.896891, 30.713323], f"http://{HOST}:5000{EUROPE}#leg-antalya"),
        (f"leg-study-tour-europe-2015-mannheim@{HOST}", "Study tour: Kazan, Antalya and Mannheim: Mannheim", 0,
         "Mannheim city centre, Mannheim, Baden-Württemberg, Germany", [49.487459, 8.466039],
         f"http://{HOST}:5000{EUROPE}#leg-mannheim")]
    assert b"\r\nGEO:55.796289;49.108795\r\n" in get_feed(client, EUROPE_FEED)


def test_the_description_names_the_host_the_times_the_map_and_the_page_after_the_notice(client, study_tours):
    reading = read_with_icaljs(get_feed(client, f"{EUROPE_FEED}?tz=America/Bogota"))
    kazan, _, mannheim = (e["description"] for e in reading["events"])
    assert kazan == (
        "An illustrative itinerary: the sources do not give the organisers' plan; cities and dates are examples.\n"
        "\n"
        "Visit 1 of 3 of “Study tour: Kazan, Antalya and Mannheim”: Kazan, Russia.\n"
        "Host: City of Kazan\n"
        "Venue: Kazan city centre, Kazan, Republic of Tatarstan, Russia\n"
        "When: Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00, Moscow Time (Europe/Moscow, UTC+3)\n"
        "    = Mon, 20 Apr 2015 01:00 – Wed, 22 Apr 2015 09:00, Colombia Time (America/Bogota, UTC-5)\n"
        "Map: https://www.openstreetmap.org/?mlat=55.796289&mlon=49.108795#map=17/55.796289/49.108795\n"
        f"Tour page: http://{HOST}:5000{EUROPE}")
    assert ("When: 28–30 Apr 2015, Central European Time (Europe/Berlin, UTC+2)\n"
            "    = Mon, 27 Apr 2015 17:00 – Thu, 30 Apr 2015 17:00, Colombia Time (America/Bogota, UTC-5)\n"
            ) in mannheim


def test_a_planned_tour_has_no_notice_and_a_leg_in_the_feeds_zone_one_time(client, study_tours):
    db.session.scalar(sa.select(Tour).filter_by(slug="study-tour-europe-2015")).illustrative = False
    db.session.commit()
    reading = read_with_icaljs(get_feed(client, f"{EUROPE_FEED}?tz=Europe/Moscow"))
    kazan = reading["events"][0]["description"]
    assert kazan.startswith("Visit 1 of 3 of “Study tour: Kazan, Antalya and Mannheim”: Kazan, Russia.\n")
    assert "When: Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00, Moscow Time (Europe/Moscow, UTC+3)\nMap: " in kazan


def test_sequence_comes_from_the_leg(client, study_tours):
    leg = db.session.scalar(sa.select(TourLeg).join(City).where(City.slug == "antalya"))
    leg.sequence = 2
    db.session.commit()
    events = read_with_icalendar(get_feed(client, EUROPE_FEED))["events"]
    assert [e["sequence"] for e in events] == [0, 2, 0]


def test_the_feed_is_cached_by_the_programme_version(client, study_tours, app):
    first = client.get(EUROPE_FEED)
    cache = app.extensions["feed_cache"]
    built = cache.feeds[("tour", "study-tour-europe-2015", "Asia/Shanghai", "en")]
    assert client.get(EUROPE_FEED).get_data() == first.get_data()
    assert cache.feeds[("tour", "study-tour-europe-2015", "Asia/Shanghai", "en")] is built
    db.session.scalar(sa.select(City).filter_by(slug="kazan")).name = "Kazan'"
    db.session.commit()
    after = client.get(EUROPE_FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and b"\r\nSUMMARY:Study tour: Kazan\\, Antalya and Mannheim: Kazan'\r\n" in \
        after.get_data()


def test_http_headers_of_the_tour_feed(client, study_tours):
    response = client.get(EUROPE_FEED)
    assert response.headers["Content-Disposition"] == 'attachment; filename="study-tour-europe-2015.ics"'
    assert response.headers["Cache-Control"] == "max-age=300, public"
    assert client.get(EUROPE_FEED, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    reading = read_with_icalendar(response.get_data())
    assert reading["prodid"] == "-//Guangzhou Award seminars//tour-study-tour-europe-2015//EN"
    assert b"\r\nUID:feed-tour-study-tour-europe-2015@127.0.0.1\r\n" in response.get_data()


@pytest.mark.parametrize(("url", "message"), [
    (f"{FEEDS}/study-tour-asia-2015.ics", "There is no calendar feed for that tour.\n"),
    ("/calendars/p/award-2023/tours/study-tour-europe-2015.ics", "There is no calendar feed for that tour.\n"),
    ("/calendars/p/nowhere/tours/study-tour-europe-2015.ics", "There is no such programme.\n"),
])
def test_an_unknown_tour_or_one_of_another_programme_is_a_plain_404(client, study_tours, make_programme, url, message):
    make_programme()
    response = client.get(url)
    assert (response.status_code, response.headers["Content-Type"], response.get_data(as_text=True)) == (
        404, "text/plain; charset=utf-8", message)


def test_a_bad_zone_is_a_plain_400(client, study_tours):
    response = client.get(f"{EUROPE_FEED}?tz=Mars/Olympus")
    assert (response.status_code, response.headers["Content-Type"]) == (400, "text/plain; charset=utf-8")
