"""VEVENT cost: the project's direct writer against icalendar 7 objects, for 2,000 seminars.

    .venv/bin/python bench/vevent_cost.py [--seminars 2000] [--zone Europe/Paris] [--repeats 5]

calendars/ical.py writes each VEVENT's bytes itself because, its docstring says, "building 2,000
icalendar objects takes about a second". This measures that cost without a database or a server:
the seminar entries are built first, as app/feeds/service.py builds them (summary and description
from app.calendar_entries, times set in Asia/Shanghai, UID, URL, SEQUENCE, LAST-MODIFIED), and are
then rendered in a reader's zone by
  (a) the project's writer, ``calendars.ical.vevent`` (one byte block per entry);
  (b) icalendar 7: ``Event.new(...)`` with the same properties, then ``to_ical()``.
Both times are medians of ``--repeats`` runs after a warm-up, the two interleaved; peak memory is
taken by tracemalloc in separate runs. (c) parses both outputs back with ``Calendar.from_ical`` and
compares every event's property values (and, apart, their parameters). Prints figures and the
ratio (b)/(a); nothing is asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icalendar import Calendar, Event  # noqa: E402  (after the path is set)
from icalendar.enums import STATUS, TRANSP  # noqa: E402

from app import calendar_entries as describe  # noqa: E402
from calendars import ical, zones  # noqa: E402

UTC = dt.timezone.utc
ORGANISER_ZONE = "Asia/Shanghai"
DOMAIN = "seminars.example.org"
CITIES = [("bogota", "Bogotá", "Colombia"), ("sao-paulo", "São Paulo", "Brazil"), ("krakow", "Kraków", "Poland"),
          ("kampala", "Kampala", "Uganda"), ("auckland", "Auckland", "New Zealand"), ("pune", "Pune", "India"),
          ("tehran", "Tehran", "Iran"), ("mexico-city", "Mexico City", "Mexico"), ("berlin", "Berlin", "Germany")]


def make_entries(count: int, zone: str) -> list[ical.Entry]:
    """``count`` public seminar entries, as ``service._serialize`` makes them for a feed in ``zone``:
    every 8 hours from Mon 4 Jan 2027, 90 minutes each, three presenting cities."""
    shanghai = zones.get_zone(ORGANISER_ZONE)
    first = dt.datetime(2027, 1, 4, 20, 30, tzinfo=shanghai)
    edited = dt.datetime(2026, 9, 14, 7, 41, 12, 345678, tzinfo=UTC)
    entries = []
    for n in range(count):
        starts = (first.astimezone(UTC) + dt.timedelta(hours=8 * n)).astimezone(shanghai)
        ends = starts + dt.timedelta(minutes=90)
        slug = f"seminar-{n + 1}"
        presenters = tuple(describe.Presenter(*CITIES[(n * 3 + k) % len(CITIES)],
                                              f"Initiative {n}-{k}: reclaiming streets, squares; and riverbanks")
                           for k in range(3))
        text = describe.SeminarText(
            number=n + 1, title=f"Seminar {n + 1} on cities", series="International Seminar on Urban Innovation",
            theme="Making our cities and regions safe and resilient for all — responding to emerging and new "
                  "challenges", provider="Zoom", starts_at=starts, ends_at=ends, zone=ORGANISER_ZONE,
            cancelled=n % 97 == 0, presenters=presenters, url=f"https://{DOMAIN}/seminars/{slug}")
        entries.append(ical.Entry(
            uid=f"seminar-{slug}@{DOMAIN}", summary=describe.seminar_summary(text), start=starts, end=ends,
            sequence=n % 4, last_modified=edited + dt.timedelta(minutes=n),
            description=describe.seminar_description(text, zone), url=text.url, location="Online (Zoom)",
            cancelled=text.cancelled))
    return entries


def _instant(value: dt.datetime, zone: str) -> dt.datetime:
    """The same choice as ``ical._when``: the wall time in ``zone``, or UTC when that wall time
    happens twice (or the zone is UTC)."""
    local = zones.to_utc(value).astimezone(zones.get_zone(zone))
    if zone == zones.tzdb.UTC_NAME or local.utcoffset() != local.replace(fold=1 - local.fold).utcoffset():
        return zones.to_utc(value)
    return local


def icalendar_event(entry: ical.Entry, zone: str) -> Event:
    """The entry as an icalendar 7 ``Event``, with the properties ``ical.vevent`` writes."""
    if entry.all_day:
        start, end, transparency = entry.start, entry.end + dt.timedelta(days=1), TRANSP.TRANSPARENT
    else:
        start, end, transparency = _instant(entry.start, zone), _instant(entry.end, zone), None
    return Event.new(
        uid=entry.uid, stamp=entry.last_modified, start=start, end=end, sequence=entry.sequence,
        last_modified=entry.last_modified, summary=entry.summary,
        status=STATUS.CANCELLED if entry.cancelled else STATUS.CONFIRMED, transparency=transparency,
        description=entry.description or None, location=entry.location or None, url=entry.url or None)


def direct(entries: list[ical.Entry], zone: str) -> list[bytes]:
    return [ical.vevent(entry, zone) for entry in entries]


def objects(entries: list[ical.Entry], zone: str) -> list[bytes]:
    return [icalendar_event(entry, zone).to_ical() for entry in entries]


def objects_kept(entries: list[ical.Entry], zone: str) -> tuple[list[Event], list[bytes]]:
    """As ``objects``, keeping the 2,000 Event objects alive (as a Calendar holding them would)."""
    events = [icalendar_event(entry, zone) for entry in entries]
    return events, [event.to_ical() for event in events]


def timed(function, entries, zone) -> float:
    began = time.perf_counter()
    function(entries, zone)
    return time.perf_counter() - began


def peak_memory(function, entries, zone) -> int:
    """Peak bytes allocated while ``function`` runs, above what was allocated before it."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = function(entries, zone)
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    del result
    return peak


def _value(prop):
    """A parsed property's value: date-times with their zone's name, text and URIs as str."""
    if hasattr(prop, "dt"):
        value = prop.dt
        return value, getattr(getattr(value, "tzinfo", None), "key", str(getattr(value, "tzinfo", None)))
    if isinstance(prop, int):
        return int(prop)
    return str(prop)


def parse_back(blocks_a: list[bytes], blocks_b: list[bytes]) -> None:
    head, tail = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//vevent_cost//EN\r\n", b"END:VCALENDAR\r\n"
    events_a = Calendar.from_ical(head + b"".join(blocks_a) + tail).events
    events_b = Calendar.from_ical(head + b"".join(blocks_b) + tail).events
    value_diffs, param_diffs, same, names = Counter(), Counter(), 0, set()
    for event_a, event_b in zip(events_a, events_b, strict=False):
        differs = False
        for name in sorted(set(event_a) | set(event_b)):
            names.add(name)
            if name not in event_a or name not in event_b:
                value_diffs[f"{name} only in ({'a' if name in event_a else 'b'})"] += 1
                differs = True
                continue
            if _value(event_a[name]) != _value(event_b[name]):
                value_diffs[name] += 1
                differs = True
            params_a, params_b = dict(event_a[name].params), dict(event_b[name].params)
            if params_a != params_b:
                param_diffs[f"{name}: {params_a or 'none'} in (a), {params_b or 'none'} in (b)"] += 1
        same += not differs
    matched = same == len(events_a) == len(events_b) == len(blocks_a)
    print(f"(c) parse-back with Calendar.from_ical: {len(events_a)} and {len(events_b)} events; "
          f"{same} give the same property values -> {'MATCH' if matched else 'DIFFER'}")
    print(f"    properties compared: {', '.join(sorted(names))}")
    for name, count in value_diffs.most_common():
        print(f"    value differs: {name} in {count} events")
    for text, count in param_diffs.most_common():
        print(f"    parameters differ (values equal): {text}, in {count} events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seminars", type=int, default=2000)
    parser.add_argument("--zone", default="Europe/Paris", help="the reader's zone the feed is rendered in")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    zone = zones.zone_name(args.zone)

    entries = make_entries(args.seminars, zone)
    count = len(entries)
    print(f"{count} seminar entries set in {ORGANISER_ZONE}, rendered in {zone}; Python "
          f"{sys.version.split()[0]}, icalendar {version('icalendar')}; median of {args.repeats} after a warm-up")

    blocks_a, blocks_b = direct(entries, zone), objects(entries, zone)  # warm-up (zone caches, imports)
    times_a, times_b = [], []
    for _ in range(args.repeats):  # interleaved, so drift in the machine's speed hits both
        times_a.append(timed(direct, entries, zone))
        times_b.append(timed(objects, entries, zone))
    a, b = statistics.median(times_a), statistics.median(times_b)
    memory = {"a": peak_memory(direct, entries, zone), "b": peak_memory(objects, entries, zone),
              "b kept": peak_memory(objects_kept, entries, zone)}

    size_a, size_b = sum(map(len, blocks_a)), sum(map(len, blocks_b))
    print(f"(a) ical.vevent, direct bytes:     {a * 1e6 / count:8.1f} µs/event {a * 1000:8.1f} ms total   "
          f"peak {memory['a'] / 1e6:6.2f} MB   ({size_a / 1e6:.2f} MB of VEVENTs)")
    print(f"(b) icalendar Event.new+to_ical:   {b * 1e6 / count:8.1f} µs/event {b * 1000:8.1f} ms total   "
          f"peak {memory['b'] / 1e6:6.2f} MB   ({size_b / 1e6:.2f} MB of VEVENTs)")
    print(f"    (b) keeping the {count} Event objects alive:                    "
          f"peak {memory['b kept'] / 1e6:6.2f} MB")
    print(f"(b)/(a):                           {b / a:8.1f}x")
    print(f"    runs (ms): (a) {' '.join(f'{t * 1000:.1f}' for t in times_a)}; "
          f"(b) {' '.join(f'{t * 1000:.1f}' for t in times_b)}")
    parse_back(blocks_a, blocks_b)


if __name__ == "__main__":
    main()
