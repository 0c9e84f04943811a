"""Time zones: validate IANA names, turn wall times into instants, label offsets, and write dates,
times and zone names in a reader's language (Babel's CLDR data; offsets stay numeric).

Every public function takes and returns plain values (strings, dates, aware datetimes). ``locale``
is a CLDR locale identifier (``en_001``, ``zh_Hans``, ``es``, ``fr``, ``ar``).
"""
from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from babel.dates import (format_interval, format_skeleton, format_timedelta, get_datetime_format, get_timezone_location,
                         get_timezone_name)

from calendars import tzdb

UTC = dt.timezone.utc
MAX_NAME_LENGTH = 64

#: English as an international audience reads it: day before month, a 24-hour clock.
DEFAULT_LOCALE = "en_001"


class UnknownZone(ValueError):
    """A zone name that is not in the tz database."""

    def __init__(self, name: object):
        self.name = name
        shown = str(name)[:MAX_NAME_LENGTH]
        super().__init__(
            f"“{shown}” is not a time zone we know. Use an IANA name such as "
            "Europe/Berlin, America/Bogota or Asia/Shanghai."
        )


class NonexistentTime(ValueError):
    """A wall time skipped by a daylight-saving change (the clocks jumped over it).

    ``day``, ``wall`` and ``zone`` (canonical) say which, so an application can word the refusal
    in its reader's language; the message is the English one.
    """

    def __init__(self, message: str, day: dt.date | None = None, wall: dt.time | None = None,
                 zone: str | None = None):
        super().__init__(message)
        self.day, self.wall, self.zone = day, wall, zone


class AmbiguousTime(ValueError):
    """A wall time that happens twice because the clocks went back.

    ``choices`` holds both instants, earlier first, so a form can ask which one was meant;
    ``day``, ``wall`` and ``zone`` (canonical) say which wall time, as for NonexistentTime.
    """

    def __init__(self, message: str, choices: tuple[dt.datetime, dt.datetime], day: dt.date | None = None,
                 wall: dt.time | None = None, zone: str | None = None):
        super().__init__(message)
        self.choices = choices
        self.day, self.wall, self.zone = day, wall, zone


def zone_name(name: object) -> str:
    """Return the canonical IANA name for ``name`` (links such as ``US/Eastern`` resolved).

    Raises UnknownZone for anything the tz database does not hold.
    """
    if not isinstance(name, str):
        raise UnknownZone(name)
    found = _canonical_cache.get(name)
    if found is None:
        cleaned = name.strip()
        if not cleaned or len(cleaned) > MAX_NAME_LENGTH or cleaned not in tzdb.known_names():
            raise UnknownZone(name)
        found = tzdb.canonical_name(cleaned)
        if cleaned == name:
            _canonical_cache[name] = found
    return found


#: Names already resolved; only exact names the tz database holds, so it stays small.
_canonical_cache: dict[str, str] = {}


@functools.cache
def _loaded(name: str) -> zoneinfo.ZoneInfo:
    # zoneinfo keeps only 8 zones alive between uses; a page listing 400 would re-read them all.
    return zoneinfo.ZoneInfo(name)


def get_zone(name: object) -> zoneinfo.ZoneInfo:
    """Return the ZoneInfo for a validated, canonical zone name; raises UnknownZone."""
    return _loaded(zone_name(name))


def is_zone(name: object) -> bool:
    """True when ``name`` is a zone the tz database holds (links included)."""
    try:
        zone_name(name)
    except UnknownZone:
        return False
    return True


def ensure_aware(value: dt.datetime) -> dt.datetime:
    """Return ``value`` unchanged; a naive datetime is a programming error, never a guess."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"naive datetime {value.isoformat()} where an aware instant is required")
    return value


def to_utc(value: dt.datetime) -> dt.datetime:
    """The same instant in UTC; raises ValueError for a naive datetime."""
    return ensure_aware(value).astimezone(UTC)


def localize(day: dt.date, wall: dt.time, zone: str, fold: int | None = None) -> dt.datetime:
    """Turn a date and wall-clock time in ``zone`` into an aware instant (in that zone).

    A time skipped by a DST change raises NonexistentTime. A time that happens twice
    raises AmbiguousTime unless ``fold`` (0 = the first, 1 = the second) says which.
    """
    tz = get_zone(zone)
    candidates = []
    for f in (0, 1):
        local = dt.datetime.combine(day, wall.replace(tzinfo=None), tzinfo=tz).replace(fold=f)
        back = local.astimezone(UTC).astimezone(tz)
        if back.replace(tzinfo=None) == local.replace(tzinfo=None, fold=0):
            candidates.append(local)
    when = f"{format_day(day)} {wall:%H:%M} in {zone_name(zone)}"
    which = dict(day=day, wall=wall.replace(tzinfo=None), zone=zone_name(zone))
    if not candidates:
        raise NonexistentTime(
            f"{when} does not exist: the clocks skip that hour for a daylight-saving change.", **which
        )
    distinct = sorted({c.astimezone(UTC) for c in candidates})
    if len(distinct) == 1:
        return candidates[0]
    if fold is None:
        first, second = (d.astimezone(tz) for d in distinct)
        raise AmbiguousTime(
            f"{when} happens twice because the clocks go back: "
            f"first at {offset_label(first)}, then at {offset_label(second)}. Choose one.",
            (first, second), **which,
        )
    return distinct[fold].astimezone(tz)


def day_start(day: dt.date, zone: str) -> dt.datetime:
    """The first instant of ``day`` in ``zone`` (aware, in that zone): its midnight, or the end of
    a daylight-saving gap that swallows midnight (America/Santiago on 3 Sep 2023 begins at 01:00)."""
    try:
        return localize(day, dt.time(0), zone, fold=0)
    except NonexistentTime:
        tz = get_zone(zone)
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    low, high = sorted(int(midnight.replace(fold=f).timestamp()) for f in (0, 1))
    while low < high:  # the gap lies between the two readings of midnight; find where ``day`` begins
        middle = (low + high) // 2
        if dt.datetime.fromtimestamp(middle, tz).date() < day:
            low = middle + 1
        else:
            high = middle
    return dt.datetime.fromtimestamp(low, tz)


def offset_label(value: dt.datetime) -> str:
    """``UTC+8``, ``UTC+3:30``, ``UTC-5`` or ``UTC+0`` for an aware datetime."""
    return _offset_text(ensure_aware(value).utcoffset())


@functools.lru_cache(maxsize=256)
def _offset_text(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@functools.lru_cache(maxsize=4096)
def place_name(zone: str, locale: str = DEFAULT_LOCALE) -> str:
    """The zone's city in ``locale``: ``Bogotá``, ``波哥大``; a fixed-offset zone (``Etc/GMT+5``,
    whose sign POSIX inverts) is named by its offset."""
    name = zone_name(zone)
    if name == "UTC" or name.startswith("Etc/"):
        text = offset_label(dt.datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(name)))
        return "UTC" if text == "UTC+0" else text
    return get_timezone_location(name, locale=locale, return_city=True)


@functools.lru_cache(maxsize=4096)
def zone_label(zone: str, locale: str = DEFAULT_LOCALE) -> str:
    """The zone's everyday name in ``locale``: ``China Time``, ``hora de Colombia``, ``中国时间``
    (CLDR's generic name, else its location name); ``UTC`` and fixed offsets by their offset."""
    name = zone_name(zone)
    if name == "UTC" or name.startswith("Etc/"):
        return place_name(name)
    return get_timezone_name(_loaded(name), width="long", zone_variant="generic", locale=locale)


@functools.lru_cache(maxsize=4096)
def format_day(day: dt.date, year: bool = True, locale: str = DEFAULT_LOCALE) -> str:
    """``Mon, 6 Nov 2023``, ``2023年11月6日周一``, ``lun, 6 nov 2023``; without the year if asked."""
    return format_skeleton("yMMMEd" if year else "MMMEd", day, locale=locale)


@functools.lru_cache(maxsize=4096)
def format_date_range(first: dt.date, last: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """An inclusive date range: ``1–30 Nov 2023``, ``30 Nov – 2 Dec 2023``, ``2023年11月1日至30日``."""
    return format_interval(first, last, "yMMMd", locale=locale)


@functools.lru_cache(maxsize=4096)
def format_clock(wall: dt.time, locale: str = DEFAULT_LOCALE) -> str:
    """A wall time on a 24-hour clock in ``locale``'s notation: ``07:30``."""
    return format_skeleton("Hm", dt.datetime.combine(dt.date(2000, 1, 1), wall), locale=locale)


@functools.lru_cache(maxsize=64)
def day_with_time(day_text: str, time_text: str, locale: str = DEFAULT_LOCALE) -> str:
    """A day and a time (or a range of times) joined as ``locale`` joins them: ``Mon, 6 Nov 2023,
    07:30–09:00``, ``2023年11月6日周一 07:30–09:00`` (CLDR's medium date-time pattern)."""
    return get_datetime_format("medium", locale=locale).replace("{1}", day_text).replace("{0}", time_text)


@functools.lru_cache(maxsize=64)
def later_days(days: int, locale: str = DEFAULT_LOCALE) -> str:
    """``(+1 day)``, ``(+2 días)``: how many dates later a range ends."""
    return f"(+{format_timedelta(dt.timedelta(days=days), granularity='day', threshold=10**6, locale=locale)})"


@dataclass(frozen=True)
class LocalRange:
    """A start/end pair of instants as read on the clocks of one zone."""

    zone: str
    start: dt.datetime
    end: dt.datetime
    #: The CLDR locale its texts are written in.
    locale: str = DEFAULT_LOCALE

    @property
    def label(self) -> str:
        return zone_label(self.zone, self.locale)

    @property
    def offset(self) -> str:
        return offset_label(self.start)

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def day_text(self) -> str:
        return format_day(self.day, locale=self.locale)

    @property
    def times_text(self) -> str:
        """``07:30–09:00``; ``23:00–00:30 (+1 day)`` when the end falls on a later date."""
        text = f"{format_clock(self.start.time(), self.locale)}–{format_clock(self.end.time(), self.locale)}"
        days = (self.end.date() - self.start.date()).days
        return f"{text} {later_days(days, self.locale)}" if days else text

    @property
    def day_and_times(self) -> str:
        """``Mon, 6 Nov 2023, 07:30–09:00`` in the locale's order and punctuation."""
        return day_with_time(self.day_text, self.times_text, self.locale)

    @property
    def end_offset(self) -> str:
        return offset_label(self.end)

    @property
    def offset_text(self) -> str:
        """``UTC+1``; ``UTC+1 → UTC+2`` when the clocks change during the range."""
        return self.offset if self.end_offset == self.offset else f"{self.offset} → {self.end_offset}"


def local_range(start: dt.datetime, end: dt.datetime, zone: str, locale: str = DEFAULT_LOCALE) -> LocalRange:
    """Express the aware instants ``start``/``end`` in ``zone``, for readers of ``locale``."""
    tz = get_zone(zone)
    return LocalRange(zone_name(zone), to_utc(start).astimezone(tz), to_utc(end).astimezone(tz), locale)


def zone_choices(now: dt.datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """Zones for a picker, grouped by region: ``[(region, [(name, "name (UTC+8)"), ...]), ...]``.

    Offsets are those in force at ``now`` (to the hour), so a picker in July shows summer offsets.
    """
    return _zone_choices(to_utc(now).replace(minute=0, second=0, microsecond=0))


@functools.lru_cache(maxsize=4)
def _zone_choices(hour: dt.datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, _comment in tzdb.offered_zones():
        region = name.split("/", 1)[0] if "/" in name else "UTC"
        local = hour.astimezone(_loaded(name))
        label = f"{name.replace('_', ' ')} ({offset_label(local)})"
        groups.setdefault(region, []).append((name, label))
    return sorted(groups.items(), key=lambda item: (item[0] != "UTC", item[0]))
