"""calendars.itinerary.leg_problems: each problem with its kind and the leg it overlaps, so an
application can word it; check_legs is the same list in English."""
from __future__ import annotations

import datetime as dt

from calendars import itinerary
from calendars.itinerary import Leg, LegProblem

UTC = dt.timezone.utc
KAZAN_DAYS = Leg(dt.date(2024, 4, 20), dt.date(2024, 4, 22), "Europe/Moscow")
BOGOTA_DAYS = Leg(dt.date(2024, 4, 22), dt.date(2024, 4, 25), "America/Bogota")
BACKWARDS = Leg(dt.datetime(2024, 4, 27, 11, tzinfo=UTC), dt.datetime(2024, 4, 27, 9, tzinfo=UTC), "Moscow")


def test_leg_problems_name_the_overlapped_leg():
    assert itinerary.leg_problems([KAZAN_DAYS, BOGOTA_DAYS]) == [
        LegProblem(1, "start", "overlap", BOGOTA_DAYS, KAZAN_DAYS)]


def test_leg_problems_of_one_leg_come_in_field_order():
    assert itinerary.leg_problems([BACKWARDS]) == [
        LegProblem(0, "end", "end_before_start", BACKWARDS), LegProblem(0, "zone", "unknown_zone", BACKWARDS)]


def test_check_legs_is_leg_problems_in_english():
    assert itinerary.check_legs([KAZAN_DAYS, BOGOTA_DAYS, BACKWARDS]) == [
        (1, "start", "overlaps the previous leg, which ends on Mon, 22 Apr 2024 (Moscow Time)"),
        (2, "end", "must be after the start"),
        (2, "zone", "“Moscow” is not a time zone we know. Use an IANA name such as Europe/Berlin, America/Bogota "
                    "or Asia/Shanghai.")]
