"""Entries that happen somewhere: each written in its own zone with its VTIMEZONE, and its GEO."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from calendars import ical, zones
from tests.icaljs import instants, read_with_icaljs, read_with_icalendar
from tests.strict_ical import libical_errors

UTC = dt.timezone.utc
GOLDEN = Path(__file__).parent / "golden"
STAMP = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
#: A study tour published in Berlin's zone; each leg's visit is written in its own city's zone.
TOUR_INFO = ical.FeedInfo(prodid="-//Test//tour-2024//EN", uid="feed-tour-2024@example.org",
                          name="Study tour 2024", zone="Europe/Berlin")
KAZAN = ical.Entry(uid="leg-kazan@example.org", summary="Kazan: Kremlin embankment walk",
                   start=dt.datetime(2024, 4, 20, 7, 0, tzinfo=UTC), end=dt.datetime(2024, 4, 20, 9, 30, tzinfo=UTC),
                   sequence=0, last_modified=STAMP, location="Kremlyovskaya St, 2, Kazan", zone="Europe/Moscow")
BOGOTA = ical.Entry(uid="leg-bogota@example.org", summary="Bogotá: TransMilenio depot",
                    start=dt.datetime(2024, 4, 24, 14, 0, tzinfo=UTC), end=dt.datetime(2024, 4, 24, 16, 0, tzinfo=UTC),
                    sequence=1, last_modified=STAMP, zone="America/Bogota")
GUANGZHOU = ical.Entry(uid="leg-guangzhou@example.org", summary="Guangzhou: award ceremony",
                       start=dt.datetime(2024, 4, 28, 11, 0, tzinfo=UTC),
                       end=dt.datetime(2024, 4, 28, 13, 0, tzinfo=UTC), sequence=0, last_modified=STAMP,
                       location="Guangzhou, China", zone="Asia/Shanghai", geo=(23.12911, 113.264385))
TOUR = [KAZAN, BOGOTA, GUANGZHOU]
#: A seminar of the Kazan feed (Europe/Moscow), as in test_ical.
INFO = ical.FeedInfo(prodid="-//Test//city-kazan//EN", uid="feed-city-kazan@example.org",
                     name="Guangzhou Award: Kazan", zone="Europe/Moscow")
SEMINAR = ical.Entry(uid="seminar-seminar-1@example.org", summary="Seminar 1: Making our cities",
                     start=dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC),
                     end=dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC), sequence=2, last_modified=STAMP)


def tzids(body: bytes) -> list[str]:
    return [str(timezone["TZID"]) for timezone in Calendar.from_ical(body).walk("VTIMEZONE")]


def first_onset_years(body: bytes) -> dict[str, str]:
    """Each VTIMEZONE's earliest DTSTART year: where the span it was bounded to begins."""
    return {str(tz["TZID"]): min(f"{block.decoded('DTSTART'):%Y}" for block in tz.subcomponents)
            for tz in Calendar.from_ical(body).walk("VTIMEZONE")}


def test_tour_feed_matches_the_golden_file():
    assert ical.build(TOUR_INFO, TOUR) == (GOLDEN / "tour.ics").read_bytes()


def test_each_entry_is_written_in_its_own_zone():
    body = ical.build(TOUR_INFO, TOUR).decode()
    assert "DTSTART;TZID=Europe/Moscow:20240420T100000\r\nDTEND;TZID=Europe/Moscow:20240420T123000\r\n" in body
    assert "DTSTART;TZID=America/Bogota:20240424T090000\r\nDTEND;TZID=America/Bogota:20240424T110000\r\n" in body
    assert "DTSTART;TZID=Asia/Shanghai:20240428T190000\r\nDTEND;TZID=Asia/Shanghai:20240428T210000\r\n" in body
    assert "X-WR-TIMEZONE:Europe/Berlin\r\n" in body


def test_one_vtimezone_per_zone_the_feed_first_then_by_name():
    mixed = [*TOUR, dataclasses.replace(SEMINAR, zone="Asia/Shanghai"), dataclasses.replace(SEMINAR, uid="plain")]
    assert tzids(ical.build(TOUR_INFO, mixed)) == ["Europe/Berlin", "America/Bogota", "Asia/Shanghai", "Europe/Moscow"]


def test_each_vtimezone_is_bounded_to_the_entries_using_it():
    later = dataclasses.replace(BOGOTA, start=dt.datetime(2030, 6, 1, 14, 0, tzinfo=UTC),
                                end=dt.datetime(2030, 6, 1, 16, 0, tzinfo=UTC))
    body = ical.build(TOUR_INFO, [KAZAN, later])
    # The feed's own zone spans the whole feed (2024-2030); Moscow only 2024, Bogota only 2030.
    assert first_onset_years(body) == {"Europe/Berlin": "2023", "Europe/Moscow": "2023", "America/Bogota": "2029"}
    block = body[body.index(b"TZID:Europe/Moscow"):]
    assert block[:block.index(b"END:VTIMEZONE")] == (
        b"TZID:Europe/Moscow\r\nBEGIN:STANDARD\r\nDTSTART:20230101T000000\r\nTZNAME:MSK\r\n"
        b"TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\n")


def test_entry_zones_gives_each_zone_the_days_of_its_timed_entries():
    vote = ical.Entry(uid="vote", summary="Vote", start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), sequence=0,
                      last_modified=STAMP, zone="Asia/Tokyo")
    second_kazan = dataclasses.replace(KAZAN, start=dt.datetime(2024, 5, 1, 20, 30, tzinfo=UTC),
                                       end=dt.datetime(2024, 5, 1, 22, 0, tzinfo=UTC), zone="Europe/Kirov")
    assert ical.entry_zones([*TOUR, vote, second_kazan, SEMINAR]) == {
        "Europe/Moscow": (dt.date(2024, 4, 20), dt.date(2024, 4, 20)),
        "America/Bogota": (dt.date(2024, 4, 24), dt.date(2024, 4, 24)),
        "Asia/Shanghai": (dt.date(2024, 4, 28), dt.date(2024, 4, 28)),
        "Europe/Kirov": (dt.date(2024, 5, 1), dt.date(2024, 5, 1))}
    assert ical.entry_zones([KAZAN, dataclasses.replace(KAZAN, end=dt.datetime(2024, 4, 23, 9, 0, tzinfo=UTC))]) == {
        "Europe/Moscow": (dt.date(2024, 4, 20), dt.date(2024, 4, 23))}


def test_assemble_with_cached_events_and_their_zones_equals_build():
    cached = [ical.vevent(entry, TOUR_INFO.zone) for entry in TOUR]
    span = (dt.date(2024, 4, 20), dt.date(2024, 4, 28))
    assert ical.assemble(TOUR_INFO, cached, span, ical.entry_zones(TOUR)) == ical.build(TOUR_INFO, TOUR)
    assert tzids(ical.assemble(TOUR_INFO, cached, span, zone_spans={"Asia/Shanghai": span})) == [
        "Europe/Berlin", "Asia/Shanghai"]
    # The bytes are never read back: without the zones, only the feed's VTIMEZONE is written.
    assert tzids(ical.assemble(TOUR_INFO, cached, span)) == ["Europe/Berlin"]


def test_zone_spans_merge_with_the_feed_zone_and_skip_utc():
    span = (dt.date(2024, 4, 20), dt.date(2024, 4, 28))
    wider = ical.assemble(INFO, [], span, {"Europe/Moscow": (dt.date(2019, 6, 1), dt.date(2024, 1, 1)),
                                           "UTC": span, "Etc/UTC": span})
    assert first_onset_years(wider) == {"Europe/Moscow": "2018"}
    assert wider == ical.assemble(INFO, [], (dt.date(2019, 6, 1), dt.date(2024, 4, 28)))


def test_an_entry_in_the_feed_zone_changes_no_byte():
    assert ical.build(INFO, [dataclasses.replace(SEMINAR, zone="Europe/Moscow")]) == ical.build(INFO, [SEMINAR])


def test_an_entry_zone_is_written_by_its_canonical_name():
    body = ical.build(INFO, [dataclasses.replace(SEMINAR, zone="Asia/Calcutta")]).decode()
    assert "DTSTART;TZID=Asia/Kolkata:20231106T180000\r\n" in body and "Calcutta" not in body
    assert tzids(body.encode()) == ["Europe/Moscow", "Asia/Kolkata"]


def test_an_entry_in_utc_is_written_in_utc_with_no_vtimezone():
    body = ical.build(INFO, [dataclasses.replace(SEMINAR, zone="Etc/UTC")]).decode()
    assert "DTSTART:20231106T123000Z\r\nDTEND:20231106T140000Z\r\n" in body
    assert tzids(body.encode()) == ["Europe/Moscow"]


def test_a_wall_time_that_happens_twice_in_the_entry_zone_is_written_in_utc():
    # 06:00Z on 5 Nov 2023 is 01:00 in New York, a time the clocks show twice that night; Moscow has no such night.
    entry = dataclasses.replace(SEMINAR, start=dt.datetime(2023, 11, 5, 6, 0, tzinfo=UTC),
                                end=dt.datetime(2023, 11, 5, 7, 0, tzinfo=UTC), zone="America/New_York")
    body = ical.build(INFO, [entry])
    assert b"DTSTART:20231105T060000Z\r\nDTEND;TZID=America/New_York:20231105T020000\r\n" in body
    assert tzids(body) == ["Europe/Moscow", "America/New_York"]


def test_an_all_day_entry_with_a_zone_keeps_floating_dates_and_needs_no_vtimezone():
    vote = ical.Entry(uid="vote", summary="Vote", start=dt.date(2023, 11, 1), end=dt.date(2023, 11, 30), sequence=0,
                      last_modified=STAMP, zone="Asia/Shanghai")
    body = ical.build(INFO, [vote])
    assert b"DTSTART;VALUE=DATE:20231101\r\nDTEND;VALUE=DATE:20231201\r\n" in body
    assert tzids(body) == ["Europe/Moscow"]


def test_an_unknown_entry_zone_is_refused():
    with pytest.raises(zones.UnknownZone):
        ical.vevent(dataclasses.replace(SEMINAR, zone="Mars/Olympus_Mons"), "Europe/Moscow")


@pytest.mark.parametrize(("point", "line"), [
    ((23.12911, 113.264385), b"GEO:23.129110;113.264385\r\n"),
    ((4.598056, -74.075833), b"GEO:4.598056;-74.075833\r\n"),
    ((-33.8567844, 151.2152967), b"GEO:-33.856784;151.215297\r\n"),
    ((0, -0.0000001), b"GEO:0.000000;0.000000\r\n")])
def test_geo_is_latitude_then_longitude_with_six_decimals(point, line):
    body = ical.vevent(dataclasses.replace(SEMINAR, geo=point), "Europe/Moscow")
    assert [x + b"\r\n" for x in body.split(b"\r\n") if x.startswith(b"GEO")] == [line]


def test_geo_follows_location_and_a_swapped_pair_is_refused():
    body = ical.vevent(dataclasses.replace(GUANGZHOU, url="https://example.org/tour"), "UTC")
    assert b"LOCATION:Guangzhou\\, China\r\nGEO:23.129110;113.264385\r\nURL;VALUE=URI:" in body
    assert b"GEO" not in ical.vevent(SEMINAR, "Europe/Moscow")
    with pytest.raises(ValueError, match="latitude 113.264385 is outside -90..90"):
        ical.vevent(dataclasses.replace(GUANGZHOU, geo=(113.264385, 23.12911)), "UTC")


def test_invitation_carries_the_vtimezone_of_each_entry_zone():
    body = ical.invitation(INFO, [SEMINAR, GUANGZHOU], method="REQUEST", organizer=("Seminars", "s@example.org"),
                           attendee=("Ana", "ana@example.org"))
    assert tzids(body) == ["Europe/Moscow", "Asia/Shanghai"]
    assert b"DTSTART;TZID=Europe/Moscow:20231106T153000\r\n" in body
    assert b"DTSTART;TZID=Asia/Shanghai:20240428T190000\r\n" in body
    assert libical_errors(body) == []


# --- the tour feed as strict parsers read it ----------------------------------------------------

def test_icalendar_reads_each_leg_at_the_instants_written_and_the_geo():
    calendar = Calendar.from_ical(ical.build(TOUR_INFO, TOUR))
    read = {str(e["UID"]): (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC),
                            e["DTSTART"].params["TZID"]) for e in calendar.walk("VEVENT")}
    assert read == {entry.uid: (entry.start, entry.end, entry.zone) for entry in TOUR}
    [geo] = [e["GEO"] for e in calendar.walk("VEVENT") if "GEO" in e]
    assert (geo.latitude, geo.longitude) == (23.12911, 113.264385)


def test_libical_accepts_the_tour_feed():
    assert libical_errors(ical.build(TOUR_INFO, TOUR)) == []


def test_icaljs_reads_each_leg_at_the_instants_written_and_the_geo():
    body = ical.build(TOUR_INFO, TOUR)
    by_js = read_with_icaljs(body)
    assert instants(by_js) == instants(read_with_icalendar(body)) == {
        "leg-kazan@example.org": ("2024-04-20T07:00:00.000Z", "2024-04-20T09:30:00.000Z"),
        "leg-bogota@example.org": ("2024-04-24T14:00:00.000Z", "2024-04-24T16:00:00.000Z"),
        "leg-guangzhou@example.org": ("2024-04-28T11:00:00.000Z", "2024-04-28T13:00:00.000Z")}
    assert by_js["timezones"] == ["Europe/Berlin", "America/Bogota", "Asia/Shanghai", "Europe/Moscow"]
    assert [(e["tzid"], e["geo"]) for e in by_js["events"]] == [
        ("Europe/Moscow", None), ("America/Bogota", None), ("Asia/Shanghai", [23.12911, 113.264385])]
