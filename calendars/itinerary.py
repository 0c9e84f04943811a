"""A multi-city tour as a visitor reads it from home: each leg's days in its own city and on the
visitor's calendar, and the checks a tour's legs must pass before anyone reads them.

A leg is either timed (aware instants) or all-day (dates, the last one included). An all-day leg
still happens somewhere: it runs from the first local midnight to the midnight after its last day,
so a visitor far away sees it start and end on other dates.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from calendars import zones
from calendars.display import moment

#: Ends are exclusive: the last day of a range is the day of the instant just before its end.
_TICK = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Leg:
    """One city of a tour. ``start``/``end`` are aware datetimes, or dates for an all-day leg
    (``end`` then being the last day included); ``zone`` is the city's IANA zone.

    Mixing a date with a datetime, or a naive datetime, is a programming error and raises at once;
    a mistyped zone is the organiser's, so ``check_legs`` reports it instead."""

    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    zone: str

    def __post_init__(self) -> None:
        if isinstance(self.start, dt.datetime) != isinstance(self.end, dt.datetime):
            raise TypeError("a leg's start and end must both be datetimes or both be dates")
        if isinstance(self.start, dt.datetime):
            zones.ensure_aware(self.start)
            zones.ensure_aware(self.end)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


@dataclass(frozen=True)
class LegDays:
    """One leg's days: ``local_*`` on the city's calendar, ``visitor_*`` on the visitor's, last days
    included; ``visitor_start`` and ``visitor_end`` (exclusive) are the leg's instants on the
    visitor's clock, so a page can say "starts 19 April 16:00"."""

    local_first_day: dt.date
    local_last_day: dt.date
    visitor_first_day: dt.date
    visitor_last_day: dt.date
    visitor_start: dt.datetime
    visitor_end: dt.datetime

    @property
    def day_shift(self) -> int:
        """The visitor's first day minus the city's, in days: -1 when the leg starts on the
        visitor's previous day (Kazan's 20 April begins on 19 April in Bogota)."""
        return (self.visitor_first_day - self.local_first_day).days

    @property
    def crosses_date_line(self) -> bool:
        """True when, as the leg starts, the visitor's calendar shows another date than the city's:
        the date line that matters to a visitor, not only the one in the Pacific."""
        return self.visitor_first_day != self.local_first_day


def instants(leg: Leg) -> tuple[dt.datetime, dt.datetime]:
    """The leg as aware UTC instants ``(start, end)``, the end exclusive: an all-day leg starts
    when its first day starts in its zone (``zones.day_start``) and ends when the day after its
    last starts. Raises UnknownZone for an all-day leg in an unknown zone."""
    if leg.all_day:
        return (zones.to_utc(zones.day_start(leg.start, leg.zone)),
                zones.to_utc(zones.day_start(leg.end + dt.timedelta(days=1), leg.zone)))
    return zones.to_utc(leg.start), zones.to_utc(leg.end)


def _days(start: dt.datetime, end: dt.datetime, zone: str) -> tuple[dt.date, dt.date]:
    tz = zones.get_zone(zone)
    first = start.astimezone(tz).date()
    # A leg that ends at midnight ends on the day before; max() keeps a leg check_legs refuses readable.
    return first, max(first, (end - _TICK).astimezone(tz).date())


def leg_days(leg: Leg, visitor_zone: str) -> LegDays:
    """``leg``'s days in its own zone and in ``visitor_zone``. Raises UnknownZone for either
    zone; a leg that ``check_legs`` refuses gives no error but meaningless days."""
    start, end = instants(leg)
    tz = zones.get_zone(visitor_zone)
    local_first, local_last = _days(start, end, leg.zone)
    visitor_first, visitor_last = _days(start, end, visitor_zone)
    return LegDays(local_first, local_last, visitor_first, visitor_last, start.astimezone(tz), end.astimezone(tz))


def for_visitor(legs: Iterable[Leg], visitor_zone: str) -> list[LegDays]:
    """Each leg's days in its own zone and in ``visitor_zone``, in the legs' order (``leg_days``)."""
    return [leg_days(leg, visitor_zone) for leg in legs]


@dataclass(frozen=True)
class Reading:
    """A leg on the clocks of one zone, as a page or a feed's description writes it: ``start`` and
    ``end`` (exclusive) aware in ``zone``. It reads as whole days where both fall on the start of a
    day there (an all-day leg in its own zone, or in another with the same offset), else as times."""

    zone: str
    start: dt.datetime
    end: dt.datetime
    #: The CLDR locale its texts are written in.
    locale: str = zones.DEFAULT_LOCALE

    def _starts_a_day(self, instant: dt.datetime) -> bool:
        return zones.to_utc(instant) == zones.to_utc(zones.day_start(instant.date(), self.zone))

    @property
    def whole_days(self) -> bool:
        return self._starts_a_day(self.start) and self._starts_a_day(self.end)

    @property
    def _last_instant(self) -> dt.datetime:
        return (zones.to_utc(self.end) - _TICK).astimezone(zones.get_zone(self.zone))

    @property
    def text(self) -> str:
        """``28–30 Apr 2015`` (whole days), ``Mon, 20 Apr 2015 09:00–17:00`` (one date) or
        ``Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00``."""
        loc = self.locale
        if self.whole_days:
            return zones.format_date_range(self.start.date(), self._last_instant.date(), loc)
        start = f"{zones.format_day(self.start.date(), locale=loc)} {zones.format_clock(self.start.time(), loc)}"
        if self.end.date() == self.start.date():
            return f"{start}–{zones.format_clock(self.end.time(), loc)}"
        return f"{start} – {zones.format_day(self.end.date(), locale=loc)} {zones.format_clock(self.end.time(), loc)}"

    @property
    def label(self) -> str:
        return zones.zone_label(self.zone, self.locale)

    @property
    def offset_text(self) -> str:
        """``UTC+3``; ``UTC+1 → UTC+2`` when the clocks change during the leg (whole days: by the
        last day; times: by the end time shown)."""
        first = zones.offset_label(self.start)
        last = zones.offset_label(self._last_instant if self.whole_days else self.end)
        return first if first == last else f"{first} → {last}"


def reading(leg: Leg, zone: str, locale: str = zones.DEFAULT_LOCALE) -> Reading:
    """``leg`` on the clocks of ``zone`` (its own zone, or a visitor's), for readers of ``locale``.
    Raises UnknownZone."""
    start, end = instants(leg)
    tz = zones.get_zone(zone)
    return Reading(zones.zone_name(zone), start.astimezone(tz), end.astimezone(tz), locale)


def _end_text(leg: Leg) -> str:
    if leg.all_day:
        return f"on {zones.format_day(leg.end)} ({zones.zone_label(leg.zone)})"
    return moment(leg.end, leg.zone).text


def start_text(leg: Leg) -> str:
    """When ``leg`` starts, as a refusal names it: ``on Tue 28 Apr 2015 (…)`` for an all-day leg,
    its start in its zone otherwise."""
    if leg.all_day:
        return f"on {zones.format_day(leg.start)} ({zones.zone_label(leg.zone)})"
    return moment(leg.start, leg.zone).text


@dataclass(frozen=True)
class LegProblem:
    """One thing wrong with leg ``index`` of a tour, beside ``field`` ("start", "end" or "zone").
    ``kind`` is ``overlap`` (``previous`` is the leg whose end it overlaps), ``end_before_start``
    or ``unknown_zone``, so an application can word it in its reader's language; ``message`` is
    the English wording."""

    index: int
    field: str
    kind: str
    leg: Leg
    previous: Leg | None = None

    @property
    def message(self) -> str:
        if self.kind == "overlap":
            return f"overlaps the previous leg, which ends {_end_text(self.previous)}"
        if self.kind == "end_before_start":
            return "must be after the start"
        return str(zones.UnknownZone(self.leg.zone))


def leg_problems(legs: Iterable[Leg]) -> list[LegProblem]:
    """What is wrong with a tour's legs, in leg order and, within a leg, start, end, zone; ``[]``
    when nothing is.

    A leg must end after it starts (an all-day leg may last one day: its end is included), be in
    a known zone, and start no earlier than the previous leg ends, in absolute time (two all-day
    legs that share a travel day overlap). A leg with an unknown zone or an end before its start
    is not compared with the next one, so one mistake gives one problem.
    """
    problems: list[LegProblem] = []
    previous: tuple[Leg, dt.datetime] | None = None  # the previous leg and its end, if it was sound
    for index, leg in enumerate(legs):
        known = zones.is_zone(leg.zone)
        ends_after = leg.end >= leg.start if leg.all_day else leg.end > leg.start
        start, end = instants(leg) if known else (None, None)
        if previous is not None and known and start < previous[1]:
            problems.append(LegProblem(index, "start", "overlap", leg, previous[0]))
        if not ends_after:
            problems.append(LegProblem(index, "end", "end_before_start", leg))
        if not known:
            problems.append(LegProblem(index, "zone", "unknown_zone", leg))
        previous = (leg, end) if known and ends_after else None
    return problems


def check_legs(legs: Iterable[Leg]) -> list[tuple[int, str, str]]:
    """``leg_problems`` as ``(leg index, field, English message)`` for a form to show beside the
    field ("start", "end" or "zone")."""
    return [(problem.index, problem.field, problem.message) for problem in leg_problems(legs)]
