"""A multi-city tour read from home: each leg's days in its city and on the visitor's calendar."""
from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from calendars import itinerary, zones
from calendars.itinerary import Leg, LegDays

UTC = dt.timezone.utc
MOSCOW, BOGOTA, SHANGHAI = ZoneInfo("Europe/Moscow"), ZoneInfo("America/Bogota"), ZoneInfo("Asia/Shanghai")
#: Kazan, all day on 20-22 April 2024 (Europe/Moscow, UTC+3).
KAZAN_DAYS = Leg(dt.date(2024, 4, 20), dt.date(2024, 4, 22), "Europe/Moscow")
#: Bogota on 24 April, 20:00-22:30 local (UTC-5): already 25 April in China.
BOGOTA_EVENING = Leg(dt.datetime(2024, 4, 24, 20, 0, tzinfo=BOGOTA), dt.datetime(2024, 4, 24, 22, 30, tzinfo=BOGOTA),
                     "America/Bogota")
#: Guangzhou from the morning of 27 April to the evening of 29 April (Asia/Shanghai, UTC+8).
GUANGZHOU = Leg(dt.datetime(2024, 4, 27, 9, 0, tzinfo=SHANGHAI), dt.datetime(2024, 4, 29, 18, 0, tzinfo=SHANGHAI),
                "Asia/Shanghai")
TOUR = [KAZAN_DAYS, BOGOTA_EVENING, GUANGZHOU]


def test_an_all_day_leg_in_kazan_starts_the_day_before_in_bogota():
    days = itinerary.leg_days(KAZAN_DAYS, "America/Bogota")
    assert days == LegDays(local_first_day=dt.date(2024, 4, 20), local_last_day=dt.date(2024, 4, 22),
                           visitor_first_day=dt.date(2024, 4, 19), visitor_last_day=dt.date(2024, 4, 22),
                           visitor_start=dt.datetime(2024, 4, 19, 16, 0, tzinfo=BOGOTA),
                           visitor_end=dt.datetime(2024, 4, 22, 16, 0, tzinfo=BOGOTA))
    assert (days.day_shift, days.crosses_date_line) == (-1, True)


def test_an_all_day_leg_seen_from_further_east_ends_a_day_later():
    days = itinerary.leg_days(KAZAN_DAYS, "Asia/Shanghai")
    assert (days.visitor_first_day, days.visitor_last_day) == (dt.date(2024, 4, 20), dt.date(2024, 4, 23))
    assert days.visitor_start == dt.datetime(2024, 4, 20, 5, 0, tzinfo=SHANGHAI)
    assert (days.day_shift, days.crosses_date_line) == (0, False)


def test_an_all_day_leg_seen_from_its_own_zone_keeps_its_days():
    days = itinerary.leg_days(KAZAN_DAYS, "Europe/Moscow")
    assert (days.visitor_first_day, days.visitor_last_day) == (dt.date(2024, 4, 20), dt.date(2024, 4, 22))
    assert days.visitor_end == dt.datetime(2024, 4, 23, 0, 0, tzinfo=MOSCOW)


def test_a_bogota_evening_is_the_next_morning_in_china():
    days = itinerary.leg_days(BOGOTA_EVENING, "Asia/Shanghai")
    assert (days.local_first_day, days.local_last_day) == (dt.date(2024, 4, 24), dt.date(2024, 4, 24))
    assert (days.visitor_first_day, days.visitor_last_day) == (dt.date(2024, 4, 25), dt.date(2024, 4, 25))
    assert days.visitor_start == dt.datetime(2024, 4, 25, 9, 0, tzinfo=SHANGHAI)
    assert (days.day_shift, days.crosses_date_line) == (1, True)


def test_across_the_date_line_the_clock_reads_the_same_and_the_date_does_not():
    apia = Leg(dt.datetime(2024, 5, 1, 10, 0, tzinfo=ZoneInfo("Pacific/Apia")),
               dt.datetime(2024, 5, 1, 12, 0, tzinfo=ZoneInfo("Pacific/Apia")), "Pacific/Apia")
    days = itinerary.leg_days(apia, "Pacific/Pago_Pago")
    assert days.visitor_start == dt.datetime(2024, 4, 30, 10, 0, tzinfo=ZoneInfo("Pacific/Pago_Pago"))
    assert (days.local_first_day, days.visitor_first_day, days.day_shift, days.crosses_date_line) == (
        dt.date(2024, 5, 1), dt.date(2024, 4, 30), -1, True)


def test_a_timed_leg_that_ends_at_midnight_ends_the_day_before():
    leg = Leg(dt.datetime(2024, 4, 20, 18, 0, tzinfo=MOSCOW), dt.datetime(2024, 4, 21, 0, 0, tzinfo=MOSCOW),
              "Europe/Moscow")
    days = itinerary.leg_days(leg, "Europe/Moscow")
    assert (days.local_first_day, days.local_last_day) == (dt.date(2024, 4, 20), dt.date(2024, 4, 20))
    assert itinerary.leg_days(leg, "Asia/Shanghai").visitor_last_day == dt.date(2024, 4, 21)  # 05:00 there


def test_an_all_day_leg_starts_when_its_first_day_does_even_after_a_skipped_midnight():
    # Santiago's clocks jumped from 00:00 to 01:00 on 3 Sep 2023: that day began at 01:00 (-03).
    leg = Leg(dt.date(2023, 9, 3), dt.date(2023, 9, 4), "America/Santiago")
    assert itinerary.instants(leg) == (dt.datetime(2023, 9, 3, 4, 0, tzinfo=UTC),
                                       dt.datetime(2023, 9, 5, 3, 0, tzinfo=UTC))
    days = itinerary.leg_days(leg, "UTC")
    assert (days.visitor_first_day, days.visitor_last_day, days.day_shift) == (
        dt.date(2023, 9, 3), dt.date(2023, 9, 5), 0)


def test_for_visitor_reads_each_leg_in_order():
    assert [(d.visitor_first_day, d.visitor_last_day, d.day_shift) for d in itinerary.for_visitor(TOUR, "Asia/Shanghai")
            ] == [(dt.date(2024, 4, 20), dt.date(2024, 4, 23), 0), (dt.date(2024, 4, 25), dt.date(2024, 4, 25), 1),
                  (dt.date(2024, 4, 27), dt.date(2024, 4, 29), 0)]
    assert [d.day_shift for d in itinerary.for_visitor(TOUR, "America/Bogota")] == [-1, 0, -1]


def test_for_visitor_refuses_an_unknown_visitor_zone():
    with pytest.raises(zones.UnknownZone):
        itinerary.for_visitor(TOUR, "Europe/Atlantis")


def test_a_leg_mixing_a_date_and_a_datetime_or_a_naive_time_is_a_programming_error():
    with pytest.raises(TypeError):
        Leg(dt.date(2024, 4, 20), dt.datetime(2024, 4, 22, 12, 0, tzinfo=UTC), "Europe/Moscow")
    with pytest.raises(ValueError, match="naive datetime"):
        Leg(dt.datetime(2024, 4, 20, 12, 0), dt.datetime(2024, 4, 22, 12, 0), "Europe/Moscow")


# --- check_legs ---------------------------------------------------------------------------------

def test_a_sound_tour_has_no_problems():
    assert itinerary.check_legs(TOUR) == []
    assert itinerary.check_legs([]) == []


def test_a_leg_that_ends_before_or_when_it_starts_is_refused():
    start = dt.datetime(2024, 4, 20, 10, 0, tzinfo=MOSCOW)
    assert itinerary.check_legs([Leg(start, start, "Europe/Moscow"),
                                 Leg(dt.date(2024, 5, 2), dt.date(2024, 5, 1), "Asia/Shanghai")]) == [
        (0, "end", "must be after the start"), (1, "end", "must be after the start")]


def test_an_all_day_leg_of_one_day_ends_after_it_starts():
    assert itinerary.check_legs([Leg(dt.date(2024, 5, 1), dt.date(2024, 5, 1), "Asia/Shanghai")]) == []


def test_a_leg_that_starts_before_the_previous_ends_names_that_end_in_its_city():
    early = Leg(dt.datetime(2024, 4, 29, 9, 0, tzinfo=UTC), dt.datetime(2024, 4, 30, 9, 0, tzinfo=UTC), "Europe/Paris")
    assert itinerary.check_legs([GUANGZHOU, early]) == [
        (1, "start", "overlaps the previous leg, which ends Mon, 29 Apr 2024, 18:00 China Time")]


def test_a_leg_may_start_the_instant_the_previous_ends():
    after = Leg(dt.datetime(2024, 4, 29, 10, 0, tzinfo=UTC), dt.datetime(2024, 4, 30, 9, 0, tzinfo=UTC), "Europe/Paris")
    assert itinerary.check_legs([GUANGZHOU, after]) == []


def test_all_day_legs_that_share_a_travel_day_overlap_in_absolute_time():
    # Kazan's 22 April ends at 21:00 UTC; Bogota's 22 April began at 05:00 UTC.
    bogota = Leg(dt.date(2024, 4, 22), dt.date(2024, 4, 25), "America/Bogota")
    assert itinerary.check_legs([KAZAN_DAYS, bogota]) == [
        (1, "start", "overlaps the previous leg, which ends on Mon, 22 Apr 2024 (Moscow Time)")]
    assert itinerary.check_legs([KAZAN_DAYS, Leg(dt.date(2024, 4, 23), dt.date(2024, 4, 25), "America/Bogota")]) == []


def test_an_unknown_zone_gets_the_zones_message_and_is_not_compared_with_the_next_leg():
    lost = Leg(dt.date(2024, 4, 26), dt.date(2024, 4, 30), "Asia/Guangzhou")
    assert itinerary.check_legs([BOGOTA_EVENING, lost, GUANGZHOU]) == [
        (1, "zone", "“Asia/Guangzhou” is not a time zone we know. Use an IANA name such as Europe/Berlin, "
                    "America/Bogota or Asia/Shanghai.")]


def test_one_leg_can_have_several_problems_in_field_order():
    backwards = Leg(dt.datetime(2024, 4, 20, 11, 0, tzinfo=MOSCOW), dt.datetime(2024, 4, 20, 9, 0, tzinfo=MOSCOW),
                    "Europe/Moscow")
    assert itinerary.check_legs([KAZAN_DAYS, backwards, GUANGZHOU]) == [
        (1, "start", "overlaps the previous leg, which ends on Mon, 22 Apr 2024 (Moscow Time)"),
        (1, "end", "must be after the start")]
    assert itinerary.check_legs([dataclasses.replace(backwards, zone="Moscow")]) == [
        (0, "end", "must be after the start"),
        (0, "zone", str(zones.UnknownZone("Moscow")))]


@pytest.mark.parametrize(("leg", "zone", "text", "label", "offset"), [
    (KAZAN_DAYS, "Europe/Moscow", "20–22 Apr 2024", "Moscow Time", "UTC+3"),
    (KAZAN_DAYS, "America/Bogota", "Fri, 19 Apr 2024 16:00 – Mon, 22 Apr 2024 16:00", "Colombia Time", "UTC-5"),
    (KAZAN_DAYS, "Europe/Istanbul", "20–22 Apr 2024", "Türkiye Time", "UTC+3"),
    (BOGOTA_EVENING, "America/Bogota", "Wed, 24 Apr 2024 20:00–22:30", "Colombia Time", "UTC-5"),
    (BOGOTA_EVENING, "Asia/Shanghai", "Thu, 25 Apr 2024 09:00–11:30", "China Time", "UTC+8"),
    (GUANGZHOU, "Asia/Shanghai", "Sat, 27 Apr 2024 09:00 – Mon, 29 Apr 2024 18:00", "China Time", "UTC+8"),
    (GUANGZHOU, "Etc/UTC", "Sat, 27 Apr 2024 01:00 – Mon, 29 Apr 2024 10:00", "UTC", "UTC+0"),
])
def test_a_leg_reads_as_whole_days_where_it_starts_and_ends_at_midnight_else_as_times(leg, zone, text, label, offset):
    reading = itinerary.reading(leg, zone)
    assert (reading.text, reading.label, reading.offset_text) == (text, label, offset)


def test_a_reading_is_the_legs_instants_on_the_zones_clocks():
    reading = itinerary.reading(KAZAN_DAYS, "US/Eastern")
    assert reading == itinerary.Reading("America/New_York", dt.datetime(2024, 4, 19, 21, 0, tzinfo=UTC),
                                        dt.datetime(2024, 4, 22, 21, 0, tzinfo=UTC))
    assert reading.start.tzinfo == ZoneInfo("America/New_York") and not reading.whole_days


def test_a_reading_names_both_offsets_when_the_clocks_change_during_the_leg():
    spring = Leg(dt.date(2024, 3, 30), dt.date(2024, 4, 1), "Europe/Berlin")
    assert (itinerary.reading(spring, "Europe/Berlin").text, itinerary.reading(spring, "Europe/Berlin").offset_text) \
        == ("30 Mar\u2009–\u20091 Apr 2024", "UTC+1 → UTC+2")
    # The last day ends at the midnight after it: the offset shown is the last day's, not that midnight's.
    autumn = Leg(dt.date(2024, 10, 26), dt.date(2024, 10, 26), "Europe/Berlin")
    assert itinerary.reading(autumn, "Europe/Berlin").offset_text == "UTC+2"


def test_a_day_that_begins_after_a_skipped_midnight_still_reads_as_a_whole_day():
    # America/Santiago skipped 00:00-01:00 on 3 Sep 2023: the day began at 01:00 (UTC-3).
    reading = itinerary.reading(Leg(dt.date(2023, 9, 3), dt.date(2023, 9, 3), "America/Santiago"), "America/Santiago")
    assert (reading.whole_days, reading.text, reading.offset_text) == (True, "3 Sept 2023", "UTC-3")
    assert f"{reading.start:%H:%M}" == "01:00"
