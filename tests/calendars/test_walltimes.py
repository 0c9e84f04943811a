"""What walltimes and zones tell an application about a refused wall time, beyond the English
message: the day, the wall time, the zone and the offsets, so it can word the refusal itself."""
from __future__ import annotations

import datetime as dt

import pytest

from calendars import walltimes, zones


def test_resolve_gap_carries_the_nonexistent_time_as_its_cause():
    with pytest.raises(walltimes.TimeProblem) as caught:
        walltimes.resolve(dt.date(2028, 3, 26), dt.time(2, 30), dt.time(4), None, "Europe/Berlin")
    cause = caught.value.cause
    assert isinstance(cause, zones.NonexistentTime)
    assert (caught.value.field, cause.day, cause.wall, cause.zone) == (
        "start", dt.date(2028, 3, 26), dt.time(2, 30), "Europe/Berlin")


def test_resolve_overlap_carries_both_readings_as_its_cause():
    with pytest.raises(walltimes.TimeProblem) as caught:
        walltimes.resolve(dt.date(2028, 10, 29), dt.time(1), dt.time(2, 30), None, "Europe/Berlin")
    cause = caught.value.cause
    assert isinstance(cause, zones.AmbiguousTime)
    assert (caught.value.field, cause.day, cause.wall, cause.zone) == (
        "end", dt.date(2028, 10, 29), dt.time(2, 30), "Europe/Berlin")
    assert [zones.offset_label(c) for c in cause.choices] == ["UTC+2", "UTC+1"]


def test_resolve_unknown_zone_carries_the_zones_error():
    with pytest.raises(walltimes.TimeProblem) as caught:
        walltimes.resolve(dt.date(2028, 3, 26), dt.time(9), dt.time(10), None, "Mars/Base")
    assert (caught.value.field, caught.value.cause.name) == ("timezone", "Mars/Base")


def test_resolve_end_before_start_has_no_cause():
    with pytest.raises(walltimes.TimeProblem) as caught:
        walltimes.resolve(dt.date(2028, 3, 26), dt.time(10), dt.time(9), None, "Europe/Berlin")
    assert (caught.value.field, caught.value.cause, caught.value.message) == (
        "end", None, "The end must be after the start (give an end date if it runs past midnight).")


def test_localize_errors_name_the_canonical_zone_of_a_link():
    with pytest.raises(zones.NonexistentTime) as caught:
        zones.localize(dt.date(2024, 3, 10), dt.time(2, 30), "US/Eastern")
    assert (caught.value.day, caught.value.wall, caught.value.zone) == (
        dt.date(2024, 3, 10), dt.time(2, 30), "America/New_York")


def test_wall_instant_with_an_offset_of_neither_reading_raises_offset_mismatch():
    with pytest.raises(walltimes.OffsetMismatch) as caught:
        walltimes.wall_instant(dt.date(2028, 10, 29), dt.time(2, 30), "Europe/Berlin", "+05:00")
    error = caught.value
    assert (error.day, error.wall, error.zone, error.found, error.offset) == (
        dt.date(2028, 10, 29), dt.time(2, 30), "Europe/Berlin", ["+01:00", "+02:00"], "+05:00")
    assert str(error) == "Sun, 29 Oct 2028 02:30 in Europe/Berlin is at +01:00 or +02:00, not +05:00"
