"""Zone conversions of the 2023 seed programme and the zone helpers around them."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from calendars import tzdb, zones

UTC = dt.timezone.utc
SHANGHAI = "Asia/Shanghai"


def seminar(day: int, start: str, end: str):
    """A seed seminar's instants from its UTC+8 wall times in November 2023."""
    d = dt.date(2023, 11, day)
    return (zones.localize(d, dt.time.fromisoformat(start), SHANGHAI),
            zones.localize(d, dt.time.fromisoformat(end), SHANGHAI))


@pytest.mark.parametrize(
    ("zone", "day_text", "times_text", "offset"),
    [
        ("America/Bogota", "Mon, 6 Nov 2023", "07:30–09:00", "UTC-5"),
        ("Asia/Tehran", "Mon, 6 Nov 2023", "16:00–17:30", "UTC+3:30"),
        # The day after US summer time ended (5 Nov 2023): 07:30, not 08:30.
        ("America/New_York", "Mon, 6 Nov 2023", "07:30–09:00", "UTC-5"),
        ("Pacific/Auckland", "Tue, 7 Nov 2023", "01:30–03:00", "UTC+13"),
        ("Europe/Moscow", "Mon, 6 Nov 2023", "15:30–17:00", "UTC+3"),
        ("Asia/Shanghai", "Mon, 6 Nov 2023", "20:30–22:00", "UTC+8"),
    ],
)
def test_local_range_seminar_1_in_attendee_zones(zone, day_text, times_text, offset):
    start, end = seminar(6, "20:30", "22:00")
    local = zones.local_range(start, end, zone)
    assert (local.day_text, local.times_text, local.offset) == (day_text, times_text, offset)


def test_local_range_seminar_2_in_pimpri_chinchwad_and_ramallah():
    start, end = seminar(7, "19:30", "21:00")
    kolkata = zones.local_range(start, end, "Asia/Kolkata")
    ramallah = zones.local_range(start, end, "Asia/Hebron")
    assert (kolkata.times_text, kolkata.offset, kolkata.label) == ("17:00–18:30", "UTC+5:30", "India Time")
    assert (ramallah.times_text, ramallah.offset) == ("13:30–15:00", "UTC+2")


def test_local_range_seminar_4_in_mexico_city_without_summer_time_and_mannheim():
    start, end = seminar(9, "21:00", "22:30")
    mexico = zones.local_range(start, end, "America/Mexico_City")
    berlin = zones.local_range(start, end, "Europe/Berlin")
    assert (mexico.times_text, mexico.offset) == ("07:00–08:30", "UTC-6")
    assert (berlin.times_text, berlin.offset) == ("14:00–15:30", "UTC+1")


def test_localize_seed_time_is_utc_instant():
    start, _ = seminar(6, "20:30", "22:00")
    assert zones.to_utc(start) == dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)


def test_localize_gap_raises_nonexistent_time():
    with pytest.raises(zones.NonexistentTime) as error:
        zones.localize(dt.date(2024, 3, 31), dt.time(2, 30), "Europe/Berlin")
    assert str(error.value) == (
        "Sun, 31 Mar 2024 02:30 in Europe/Berlin does not exist: "
        "the clocks skip that hour for a daylight-saving change."
    )


def test_localize_overlap_raises_ambiguous_time_with_both_choices():
    with pytest.raises(zones.AmbiguousTime) as error:
        zones.localize(dt.date(2024, 10, 27), dt.time(2, 30), "Europe/Berlin")
    first, second = error.value.choices
    assert zones.to_utc(first) == dt.datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    assert zones.to_utc(second) == dt.datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    assert "first at UTC+2, then at UTC+1" in str(error.value)


@pytest.mark.parametrize(("fold", "utc_hour"), [(0, 0), (1, 1)])
def test_localize_overlap_with_fold_picks_one(fold, utc_hour):
    local = zones.localize(dt.date(2024, 10, 27), dt.time(2, 30), "Europe/Berlin", fold=fold)
    assert zones.to_utc(local) == dt.datetime(2024, 10, 27, utc_hour, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("Asia/Shanghai", "Asia/Shanghai"), ("Singapore", "Asia/Singapore"),
     ("US/Eastern", "America/New_York"), ("Asia/Calcutta", "Asia/Kolkata"),
     ("UTC", "UTC"), ("Etc/UTC", "UTC"), (" Europe/Berlin ", "Europe/Berlin"),
     ("Africa/Kampala", "Africa/Kampala"), ("Europe/Kiev", "Europe/Kyiv"), ("CST6CDT", "America/Chicago"),
     ("EST5EDT", "America/New_York"), ("CET", "Europe/Brussels")],
)
def test_zone_name_resolves_links_to_canonical(given, canonical):
    assert zones.zone_name(given) == canonical


@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "", "   ", "../../etc/passwd", "Factory",
                                 "asia/shanghai", "x" * 200, None, 8])
def test_zone_name_unknown_is_rejected_naming_it(bad):
    with pytest.raises(zones.UnknownZone) as error:
        zones.zone_name(bad)
    assert str(error.value).startswith(f"“{str(bad)[:64]}” is not a time zone we know.")


def test_tz_database_is_the_pinned_package_not_the_host():
    assert zoneinfo.TZPATH == ()
    assert zoneinfo.ZoneInfo("America/Mexico_City").utcoffset(dt.datetime(2023, 7, 1)) == dt.timedelta(hours=-6)


@pytest.mark.parametrize(
    ("instant", "label"),
    [(dt.datetime(2023, 11, 6, tzinfo=zoneinfo.ZoneInfo("Asia/Tehran")), "UTC+3:30"),
     (dt.datetime(2023, 11, 6, tzinfo=zoneinfo.ZoneInfo("America/Bogota")), "UTC-5"),
     (dt.datetime(2023, 11, 6, tzinfo=zoneinfo.ZoneInfo("America/St_Johns")), "UTC-3:30"),
     (dt.datetime(2023, 11, 6, tzinfo=UTC), "UTC+0")],
)
def test_offset_label_formats(instant, label):
    assert zones.offset_label(instant) == label


def test_offset_label_rejects_naive():
    with pytest.raises(ValueError, match="naive datetime"):
        zones.offset_label(dt.datetime(2023, 11, 6))


@pytest.mark.parametrize(
    ("zone", "label"),
    [("Asia/Shanghai", "China Time"), ("America/Mexico_City", "Central Time"),
     ("America/Bogota", "Colombia Time"), ("UTC", "UTC"), ("US/Eastern", "Eastern Time")],
)
def test_zone_label_names_the_place(zone, label):
    assert zones.zone_label(zone) == label


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [(dt.date(2023, 11, 1), dt.date(2023, 11, 30), "1–30 Nov 2023"),
     (dt.date(2023, 12, 7), dt.date(2023, 12, 7), "7 Dec 2023"),
     (dt.date(2023, 11, 30), dt.date(2023, 12, 2), "30 Nov\u2009–\u20092 Dec 2023"),
     (dt.date(2023, 12, 30), dt.date(2024, 1, 2), "30 Dec 2023\u2009–\u20092 Jan 2024")],
)
def test_format_date_range(first, last, text):
    assert zones.format_date_range(first, last) == text


def test_times_text_marks_an_end_past_midnight():
    start = dt.datetime(2023, 11, 6, 15, 0, tzinfo=UTC)
    local = zones.local_range(start, start + dt.timedelta(minutes=90), "Asia/Shanghai")
    assert local.times_text == "23:00–00:30 (+1 day)"


def test_offset_text_shows_a_change_of_clocks_within_the_range():
    local = zones.local_range(dt.datetime(2024, 3, 31, 0, 30, tzinfo=UTC), dt.datetime(2024, 3, 31, 2, 0, tzinfo=UTC),
                              "Europe/Berlin")
    assert (local.times_text, local.offset_text) == ("01:30–04:00", "UTC+1 → UTC+2")


@pytest.mark.parametrize(("zone", "canonical", "label"), [
    ("GMT", "UTC", "UTC"), ("Etc/GMT", "UTC", "UTC"), ("Etc/GMT+5", "Etc/GMT+5", "UTC-5"),
    ("Etc/GMT-14", "Etc/GMT-14", "UTC+14"),
])
def test_fixed_offset_zones_are_named_by_offset(zone, canonical, label):
    assert (zones.zone_name(zone), zones.zone_label(zone)) == (canonical, label)


def test_zone_choices_groups_canonical_zones_with_current_offsets():
    groups = dict(zones.zone_choices(dt.datetime(2023, 7, 1, tzinfo=UTC)))
    assert list(groups)[0] == "UTC"
    assert ("Asia/Shanghai", "Asia/Shanghai (UTC+8)") in groups["Asia"]
    assert ("Europe/Berlin", "Europe/Berlin (UTC+2)") in groups["Europe"]  # summer offset in July
    assert ("America/Mexico_City", "America/Mexico City (UTC-6)") in groups["America"]
    names = {name for options in groups.values() for name, _ in options}
    assert "Singapore" not in names and "US/Eastern" not in names
    assert names <= tzdb.known_names()


@pytest.mark.parametrize(("day", "zone", "start"), [
    (dt.date(2023, 11, 1), "Asia/Shanghai", "2023-11-01T00:00:00+08:00"),
    (dt.date(2023, 10, 29), "Europe/Berlin", "2023-10-29T00:00:00+02:00"),  # clocks go back at 03:00
    (dt.date(2023, 9, 3), "America/Santiago", "2023-09-03T01:00:00-03:00"),  # midnight skipped
    (dt.date(2022, 3, 27), "Asia/Gaza", "2022-03-27T01:00:00+03:00"),
    (dt.date(2011, 12, 30), "Pacific/Apia", "2011-12-31T00:00:00+14:00"),  # a day that never happened
])
def test_day_start_is_midnight_or_the_end_of_a_gap_that_swallows_it(day, zone, start):
    assert zones.day_start(day, zone).isoformat() == start


@pytest.mark.parametrize("locale, expected", [
    ("en_001", "Mon, 6 Nov 2023, 07:30–09:00 Colombia Time"),
    ("zh_Hans", "2023年11月6日周一 07:30–09:00 哥伦比亚时间"),
    ("es", "lun, 6 nov 2023, 7:30–9:00 hora de Colombia"),
    ("fr", "lun. 6 nov. 2023, 07:30–09:00 heure de Colombie"),
    ("ar", "الاثنين، 6 نوفمبر 2023، 07:30–09:00 توقيت كولومبيا"),
])
def test_seminar_1_reads_in_each_language_in_bogota(locale, expected):
    start = dt.datetime(2023, 11, 6, 12, 30, tzinfo=dt.timezone.utc)
    reading = zones.local_range(start, start + dt.timedelta(minutes=90), "America/Bogota", locale)
    assert f"{reading.day_and_times} {reading.label}" == expected


@pytest.mark.parametrize("locale, expected", [
    ("en_001", "23:00–00:30 (+1 day)"),
    ("zh_Hans", "23:00–00:30 (+1天)"),
    ("es", "23:00–0:30 (+1 día)"),
    ("fr", "23:00–00:30 (+1\u00a0jour)"),  # CLDR keeps the number and its unit together
    ("ar", "23:00–00:30 (+يوم)"),
])
def test_a_range_past_midnight_says_so_in_each_language(locale, expected):
    start = dt.datetime(2023, 11, 6, 15, 0, tzinfo=dt.timezone.utc)
    assert zones.local_range(start, start + dt.timedelta(minutes=90), "Asia/Shanghai", locale).times_text == expected
