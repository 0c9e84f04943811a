"""iCalendar building: RFC 5545 structure, folding, escaping, time zones, client links."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar, vText

from calendars import ical, links
from tests.strict_ical import OBSERVANCE_PROPERTIES, VTIMEZONE_PROPERTIES, libical_errors, timezone_properties

UTC = dt.timezone.utc
GOLDEN = Path(__file__).parent / "golden"
STAMP = dt.datetime(2023, 10, 30, 6, 16, 30, tzinfo=UTC)
INFO = ical.FeedInfo(prodid="-//Test//city-kazan//EN", uid="feed-city-kazan@example.org",
                     name="Guangzhou Award: Kazan", zone="Europe/Moscow")
SEMINAR = ical.Entry(uid="seminar-seminar-1@example.org", summary="Seminar 1: Making our cities",
                     start=dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC),
                     end=dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC),
                     sequence=2, last_modified=STAMP, description="Kazan, Russia: Park to rest and recuperate",
                     url="https://example.org/seminars/seminar-1", location="Online (Zoom)")
VOTE = ical.Entry(uid="event-vote@example.org", summary="“City of Your Choice” vote",
                  start=dt.date(2023, 11, 1), end=dt.date(2023, 11, 30), sequence=0, last_modified=STAMP)


def test_feed_matches_the_golden_file():
    assert ical.build(INFO, [VOTE, SEMINAR]) == (GOLDEN / "kazan.ics").read_bytes()


def test_timed_entry_carries_tzid_and_a_matching_vtimezone():
    body = ical.build(INFO, [SEMINAR]).decode()
    assert "DTSTART;TZID=Europe/Moscow:20231106T153000\r\n" in body
    assert "DTEND;TZID=Europe/Moscow:20231106T170000\r\n" in body
    assert body.count("BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\n") == 1
    assert "METHOD" not in body


def test_vtimezone_is_bounded_to_the_feed_dates_with_a_margin():
    body = ical.build(ical.FeedInfo("-//t//x//EN", "u@x", "x", "Europe/Berlin"), [SEMINAR]).decode()
    block = body[body.index("BEGIN:VTIMEZONE"):body.index("END:VTIMEZONE")]
    years = sorted({line.split(":")[1][:4] for line in block.splitlines() if line.startswith("DTSTART:")})
    assert years == ["2022"]  # summer and winter rules from 2022, repeated by RRULE
    assert ical.timezone_span(dt.date(2023, 11, 6), dt.date(2023, 11, 9)) == (dt.date(2022, 1, 1), dt.date(2025, 1, 1))


def test_vtimezone_onsets_use_the_offset_before_the_change():
    block = ical.vtimezone("Europe/Berlin", dt.date(2022, 1, 1), dt.date(2025, 1, 1)).decode()
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20220327T020000\r\nRDATE:20230326T020000\r\n" in block
    assert "BEGIN:STANDARD\r\nDTSTART:20221030T030000\r\nRDATE:20231029T030000\r\n" in block


#: The observances of a zone with summer time: the opening one, then the changes with their RDATEs.
OBSERVANCES = frozenset({frozenset({"DTSTART", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO"}),
                         frozenset({"DTSTART", "RDATE", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO"})})


def test_vtimezone_holds_only_what_rfc_5545_allows_there():
    # icalendar's "COMMENT:This timezone only works from ..." on the VTIMEZONE itself would make
    # libical (Evolution, Cyrus) reject the whole feed: RFC 5545 allows COMMENT only in STANDARD/DAYLIGHT.
    feed = ical.build(ical.FeedInfo("-//t//x//EN", "u@x", "x", "Europe/Berlin"), [SEMINAR])
    assert timezone_properties(feed) == {"Europe/Berlin": (frozenset({"TZID"}), OBSERVANCES)}
    assert VTIMEZONE_PROPERTIES >= {"TZID"} and OBSERVANCE_PROPERTIES >= frozenset().union(*OBSERVANCES)
    assert b"COMMENT" not in ical.vtimezone("Europe/Berlin", dt.date(2022, 1, 1), dt.date(2025, 1, 1))


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_invitation_vtimezone_holds_only_what_rfc_5545_allows_there(method):
    body = ical.invitation(ical.FeedInfo("-//t//x//EN", "u@x", "x", "America/Sao_Paulo"), [SEMINAR, VOTE],
                           method=method, organizer=("Seminars", "s@example.org"), attendee=("Ana", "ana@example.org"))
    assert timezone_properties(body) == {"America/Sao_Paulo": (frozenset({"TZID"}), frozenset(
        {frozenset({"DTSTART", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO"})}))}  # no summer time since 2019
    assert libical_errors(body) == []


def test_libical_accepts_the_feed_and_rejected_the_vtimezone_comment():
    feed = (GOLDEN / "kazan.ics").read_bytes()
    assert libical_errors(feed) == []
    commented = feed.replace(b"TZID:Europe/Moscow\r\n", b"TZID:Europe/Moscow\r\n"
                             b"COMMENT:This timezone only works from 2022-01-01 to 2025-01-01.\r\n")
    assert libical_errors(commented) == [
        "Failed iTIP restrictions for COMMENT property. Expected 0 instances of the property and got 1"]


def test_utc_feed_writes_z_times_and_no_vtimezone():
    body = ical.build(ical.FeedInfo("-//t//x//EN", "u@x", "x", "UTC"), [SEMINAR]).decode()
    assert "DTSTART:20231106T123000Z\r\n" in body and "VTIMEZONE" not in body


def test_all_day_range_uses_dates_with_exclusive_end():
    body = ical.build(INFO, [VOTE]).decode()
    assert "DTSTART;VALUE=DATE:20231101\r\nDTEND;VALUE=DATE:20231201\r\n" in body
    assert "TRANSP:TRANSPARENT\r\n" in body


def test_every_line_ends_crlf_and_is_at_most_75_octets():
    long = "Cultural H.ID.RA.N.T. – Ancient engineering meets urban innovation – São Paulo, Bogotá " * 4
    body = ical.build(INFO, [dataclasses.replace(SEMINAR, description=long)])
    assert body.endswith(b"END:VCALENDAR\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75
        line.decode("utf-8")  # no line ends inside a character


@pytest.mark.parametrize("text", ["é" * 100, "あ" * 60, "a" * 74 + "é" * 3, "🌍" * 40])
def test_fold_never_splits_a_utf8_character_and_unfolds_back(text):
    folded = ical.fold(b"DESCRIPTION:" + text.encode())
    lines = folded[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    assert [line.decode() for line in lines]  # each line is whole UTF-8
    assert folded[:-2].replace(b"\r\n ", b"").decode() == "DESCRIPTION:" + text


def test_hostile_text_stays_inside_its_property():
    hostile = "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:x;y,z\\"
    entry = dataclasses.replace(SEMINAR, summary=hostile, description=hostile, location=hostile)
    body = ical.build(INFO, [entry])
    lines = body.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1 and lines.count(b"END:VEVENT") == 1
    assert b"SUMMARY:Evil\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:x\\;y\\,z\\\\\r\n" in body
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Evil\nEND:VEVENT\nBEGIN:VEVENT\nUID:x;y,z\\"


@pytest.mark.parametrize("text", ["plain", "a,b;c\\d", "line\nbreak", "crlf\r\nbreak", "cr\ronly",
                                  "Evil\nEND:VEVENT", "São Paulo – “quotes” 🌍", "trailing\\", ""])
def test_escape_text_equals_icalendar_vtext(text):
    assert ical.escape_text(text) == vText(text).to_ical()


def test_cancelled_entry_has_status_cancelled():
    entry = dataclasses.replace(SEMINAR, cancelled=True)
    assert b"STATUS:CANCELLED\r\n" in ical.vevent(entry, "Europe/Moscow")


def test_header_is_stable_and_names_the_feed():
    head = ical.header(INFO).decode()
    assert head == ical.header(INFO).decode()
    assert head.splitlines() == [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//city-kazan//EN", "CALSCALE:GREGORIAN",
        "NAME:Guangzhou Award: Kazan", "X-WR-CALNAME:Guangzhou Award: Kazan", "REFRESH-INTERVAL;VALUE=DURATION:PT60M",
        "X-PUBLISHED-TTL:PT60M", "UID:feed-city-kazan@example.org", "X-WR-TIMEZONE:Europe/Moscow"]


def test_header_escapes_a_hostile_feed_name():
    info = ical.FeedInfo("-//t//x//EN", "u@x", "Kazan, Russia; \\ A\nB", "UTC")
    head = ical.header(info)
    assert b"NAME:Kazan\\, Russia\\; \\\\ A\\nB\r\n" in head
    assert head.count(b"\r\n") == len(head.splitlines())  # the newline stayed escaped: no extra line


def test_control_characters_are_dropped_from_text():
    assert ical.escape_text("a\x00b\x1bc\td\x7f") == b"a" + b"bc\td"


def test_rdates_stand_one_per_line():
    block = ical.vtimezone("America/Sao_Paulo", dt.date(2011, 1, 1), dt.date(2025, 1, 1))
    lines = block.replace(b"\r\n ", b"").split(b"\r\n")
    assert [line for line in lines if line.startswith(b"RDATE") and b"," in line] == []
    assert b"RDATE:20181104T000000" in lines  # 00:00 at UTC-3, the wall time the clocks jumped from


def test_a_wall_time_that_happens_twice_is_written_in_utc():
    # 06:00Z on 5 Nov 2023 is 01:00 in New York, a time the clocks show twice that night.
    entry = dataclasses.replace(SEMINAR, start=dt.datetime(2023, 11, 5, 6, 0, tzinfo=UTC),
                                end=dt.datetime(2023, 11, 5, 7, 0, tzinfo=UTC))
    body = ical.vevent(entry, "America/New_York")
    assert b"DTSTART:20231105T060000Z\r\n" in body and b"DTEND;TZID=America/New_York:20231105T020000\r\n" in body


def test_subscribe_links():
    url = "https://seminars.example.org/calendars/cities/sao-paulo.ics"
    assert links.webcal(url) == "webcal://seminars.example.org/calendars/cities/sao-paulo.ics"
    assert links.google_subscribe(url) == (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fseminars.example.org%2Fcalendars"
        "%2Fcities%2Fsao-paulo.ics")
    assert links.outlook_subscribe(url, "GZ: São Paulo") == (
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fseminars.example.org%2Fcalendars"
        "%2Fcities%2Fsao-paulo.ics&name=GZ%3A+S%C3%A3o+Paulo")


def test_single_event_links_carry_utc_times():
    start, end = SEMINAR.start, SEMINAR.end
    assert links.google_event("Seminar 1", start, end, "Details", "Online (Zoom)") == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Seminar%201"
        "&dates=20231106T123000Z%2F20231106T140000Z&details=Details&location=Online%20%28Zoom%29")
    assert links.outlook_event("Seminar 1", start, end, "Details", "Online (Zoom)") == (
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent"
        "&subject=Seminar%201&startdt=2023-11-06T12%3A30%3A00Z&enddt=2023-11-06T14%3A00%3A00Z"
        "&body=Details&location=Online%20%28Zoom%29")
