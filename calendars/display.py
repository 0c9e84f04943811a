"""Times as a reader sees them: a range in two zones (the reader's and the organisers' or the venue's),
or one instant in one zone."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from babel.dates import format_skeleton

from calendars.zones import (DEFAULT_LOCALE, LocalRange, day_with_time, format_clock, format_day, get_zone, local_range,
                             offset_label, to_utc, zone_label, zone_name)


@dataclass(frozen=True)
class DualRange:
    """``primary`` is shown first; ``secondary`` beside it, or None when both zones are the same."""

    primary: LocalRange
    secondary: LocalRange | None

    @property
    def day_differs(self) -> bool:
        """True when the two zones read different calendar dates for the start."""
        return self.secondary is not None and self.secondary.day != self.primary.day

    @property
    def start_iso(self) -> str:
        return self.primary.start.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def end_iso(self) -> str:
        return self.primary.end.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def dual_range(start: dt.datetime, end: dt.datetime, first_zone: str, second_zone: str,
               locale: str = DEFAULT_LOCALE) -> DualRange:
    """Express aware ``start``/``end`` in ``first_zone``, and in ``second_zone`` when it differs."""
    primary = local_range(start, end, first_zone, locale)
    same = zone_name(first_zone) == zone_name(second_zone)
    return DualRange(primary, None if same else local_range(start, end, second_zone, locale))


def for_reader(start: dt.datetime, end: dt.datetime, *, reader_zone: str, event_zone: str,
               in_person: bool, locale: str = DEFAULT_LOCALE) -> DualRange:
    """An online session reads first in the reader's zone; an in-person one first in the venue's."""
    if in_person:
        return dual_range(start, end, event_zone, reader_zone, locale)
    return dual_range(start, end, reader_zone, event_zone, locale)


@dataclass(frozen=True)
class Moment:
    """One instant read on the clocks of one zone: ``Thu, 30 Nov 2023, 23:59 China Time``."""

    local: dt.datetime
    zone: str
    #: The CLDR locale its text is written in.
    locale: str = DEFAULT_LOCALE

    @property
    def text(self) -> str:
        return f"{day_and_clock(self.local.replace(tzinfo=None), self.locale)} {zone_label(self.zone, self.locale)}"

    @property
    def offset(self) -> str:
        return offset_label(self.local)

    @property
    def iso(self) -> str:
        return self.local.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=4096)
def day_and_clock(local: dt.datetime, locale: str = DEFAULT_LOCALE, seconds: bool = False) -> str:
    """``Thu, 30 Nov 2023, 23:59``: the date and the 24-hour time of a wall-clock ``local`` (naive,
    or aware in the zone it is read in), joined as ``locale`` joins them (CLDR's medium pattern)."""
    clock = format_skeleton("Hms", local.replace(tzinfo=None), locale=locale) if seconds else \
        format_clock(local.time(), locale)
    return day_with_time(format_day(local.date(), locale=locale), clock, locale)


def moment(instant: dt.datetime, zone: str, locale: str = DEFAULT_LOCALE) -> Moment:
    """Express the aware ``instant`` in ``zone``, for readers of ``locale``."""
    return Moment(to_utc(instant).astimezone(get_zone(zone)), zone_name(zone), locale)


def last_minute(closes: dt.datetime, zone: str, locale: str = DEFAULT_LOCALE) -> Moment:
    """The last minute before an exclusive end, as people write a deadline: a window that closes
    at midnight reads ``23:59`` (a second before 00:00 still counts)."""
    return moment(to_utc(closes) - dt.timedelta(seconds=1), zone, locale)
