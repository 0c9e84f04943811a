"""Every zone a visitor can pick: its VTIMEZONE matches the tz database, and ical.js reads it."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from calendars import ical, tzdb
from tests.icaljs import read_with_icaljs
from tests.strict_ical import OBSERVANCE_PROPERTIES, libical_errors, timezone_properties

UTC = dt.timezone.utc
ZONES = [name for name, _ in tzdb.offered_zones() if name != tzdb.UTC_NAME]
#: The demo programme's span: the 2012 meeting to an --upcoming ceremony in December 2026.
SPAN = ical.timezone_span(dt.date(2012, 11, 14), dt.date(2026, 12, 24))
#: Instants around DST changes in both hemispheres, and in the 2012 and 2023 programmes.
INSTANTS = [dt.datetime(2012, 11, 15, 4, 0, tzinfo=UTC), dt.datetime(2018, 11, 4, 3, 30, tzinfo=UTC),
            dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC), dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC),
            dt.datetime(2024, 10, 6, 15, 30, tzinfo=UTC), dt.datetime(2026, 11, 23, 12, 30, tzinfo=UTC)]
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)
#: ical.js 2.2.1 misreads these (zone, instant index) although the VTIMEZONE matches the tz
#: database onset for onset (the test below): zones whose offset changed without the STANDARD/
#: DAYLIGHT pattern it expects (Russian zones in 2011-2016, Nuuk's 2023 move, Morocco's Ramadan
#: changes). Thunderbird resolves IANA TZIDs with its own tz data, so its users are not affected.
ICALJS_DEVIATIONS = {
    "Africa/Casablanca-3", "Africa/El_Aaiun-3", "America/Nuuk-3", "America/Nuuk-4", "Asia/Barnaul-0",
    "Asia/Novosibirsk-0", "Asia/Sakhalin-0", "Asia/Tomsk-0", "Europe/Astrakhan-0", "Europe/Saratov-0",
    "Europe/Ulyanovsk-0",
}


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text.startswith("-") else 1
    return sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def onsets(zone: str):
    """(instant of each change as the VTIMEZONE states it, offset before, offset after)."""
    lines = ical.vtimezone(zone, *SPAN).replace(b"\r\n ", b"").decode().split("\r\n")
    block = None
    for line in lines:
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            block = []
        elif block is not None and line in ("END:STANDARD", "END:DAYLIGHT"):
            before = _offset(next(x for x in block if x.startswith("TZOFFSETFROM:")).split(":")[1])
            after = _offset(next(x for x in block if x.startswith("TZOFFSETTO:")).split(":")[1])
            for x in block:
                if x.startswith(("DTSTART:", "RDATE:")):
                    local = dt.datetime.strptime(x.split(":")[1], "%Y%m%dT%H%M%S")
                    yield (local - before).replace(tzinfo=UTC), before, after
            block = None
        elif block is not None:
            block.append(line)


@pytest.mark.parametrize("zone", ZONES)
def test_vtimezone_onsets_are_the_tz_database_changes(zone):
    tz = zoneinfo.ZoneInfo(zone)
    range_start = dt.datetime.combine(SPAN[0], dt.time(), UTC)
    for instant, before, after in onsets(zone):
        if before == after and instant <= range_start + dt.timedelta(days=1):
            continue  # the opening observance states the offset in force; nothing changes there
        assert ((instant - dt.timedelta(seconds=1)).astimezone(tz).utcoffset(), instant.astimezone(tz).utcoffset()) \
            == (before, after), (zone, instant)


def every_zone_calendar() -> tuple[bytes, dict[str, str]]:
    """One calendar with the VTIMEZONE of every offered zone and an event at each of INSTANTS in
    it, and the UTC instant each event's UID should read as."""
    parts = [ical.header(ical.FeedInfo("-//t//zones//EN", "zones@test", "zones", "UTC"))]
    expected = {}
    for name in ZONES:
        parts.append(ical.vtimezone(name, *SPAN))
        for index, start in enumerate(INSTANTS):
            uid = f"{name}-{index}"
            end = start + dt.timedelta(minutes=90)
            parts.append(ical.vevent(ical.Entry(uid=uid, summary=uid, start=start, end=end, sequence=0,
                                                last_modified=STAMP), name))
            expected[uid] = f"{start:%Y-%m-%dT%H:%M:%S}.000Z"
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts), expected


def test_every_offered_zone_has_only_the_properties_rfc_5545_allows():
    body, _ = every_zone_calendar()
    found = timezone_properties(body)
    assert sorted(found) == sorted(ZONES)
    assert {tzid for tzid, (own, _) in found.items() if own != {"TZID"}} == set()
    assert {tzid for tzid, (_, blocks) in found.items()
            if any(not {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"} <= block <= OBSERVANCE_PROPERTIES for block in blocks)
            } == set()


def test_libical_accepts_every_offered_zone():
    assert libical_errors(every_zone_calendar()[0]) == []


def test_icaljs_reads_every_offered_zone_at_the_instants_written():
    body, expected = every_zone_calendar()
    read = {e["uid"]: e["start"] for e in read_with_icaljs(body)["events"]}
    assert len(read) == len(expected) == 6 * len(ZONES) > 2400
    assert {uid for uid, want in expected.items() if read[uid] != want} == ICALJS_DEVIATIONS
