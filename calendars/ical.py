"""iCalendar feeds (RFC 5545) from plain data.

The VTIMEZONE blocks come from the icalendar package (``Timezone.from_tzid``, with each RDATE
put on its own line for ical.js). The header and each VEVENT are written here, line by line,
with the package's escaping rules, because building 2,000 icalendar objects takes about a
second; written on its own, a VEVENT can be cached, so an edit rebuilds one seminar, not the feed.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from icalendar import Timezone

from calendars import geo, zones

CRLF = b"\r\n"
UTC = dt.timezone.utc
#: VTIMEZONE rules cover the feed's dates plus this margin on each side.
TIMEZONE_MARGIN = dt.timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Entry:
    """One VEVENT. Timed entries have aware ``start``/``end``; all-day ones have dates,
    ``end`` being the last day included (the feed writes the exclusive DTEND itself).

    ``zone`` is where the entry happens (a venue, a leg of a tour): its times are written there
    rather than in the feed's zone. ``geo`` is the venue's (latitude, longitude) in degrees.
    """

    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    sequence: int
    last_modified: dt.datetime
    description: str = ""
    url: str = ""
    location: str = ""
    cancelled: bool = False
    zone: str | None = None
    geo: tuple[float, float] | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        return self.start if self.all_day else zones.to_utc(self.start).date()

    @property
    def last_day(self) -> dt.date:
        return self.end if self.all_day else zones.to_utc(self.end).date()


@dataclass(frozen=True)
class FeedInfo:
    """The calendar's own properties. ``prodid`` and ``uid`` must be stable per feed, so that
    clients never merge two feeds or see one feed change identity."""

    prodid: str
    uid: str
    name: str
    zone: str
    description: str = ""
    refresh: dt.timedelta = dt.timedelta(hours=1)


def fold(line: bytes) -> bytes:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    if len(line) <= 75:
        return line + CRLF
    if line.isascii():  # every octet a character: cut every 74 after the first 75
        return (CRLF + b" ").join([line[:75], *(line[i:i + 74] for i in range(75, len(line), 74))]) + CRLF
    parts, start, limit, size = [], 0, 75, len(line)
    while size - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        parts.append(line[start:end])
        start, limit = end, 74  # a continuation line starts with one space
    parts.append(line[start:])
    return (CRLF + b" ").join(parts) + CRLF


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(value: str) -> bytes:
    """A TEXT value escaped per RFC 5545 3.3.11, byte for byte what ``vText(value).to_ical()``
    gives (a test holds them equal) without building a property object for each value. Control
    characters, which TEXT may not hold, are dropped."""
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n").encode())


def _utc_stamp(value: dt.datetime) -> bytes:
    return zones.to_utc(value).strftime("%Y%m%dT%H%M%SZ").encode()


def _when(name: bytes, value: dt.datetime | dt.date, zone: str, tz: dt.tzinfo | None = None) -> bytes:
    """DTSTART or DTEND in ``zone`` (``tz``, its ZoneInfo, when the caller has it at hand)."""
    if not isinstance(value, dt.datetime):
        return name + f";VALUE=DATE:{value:%Y%m%d}".encode() + CRLF
    local = zones.ensure_aware(value).astimezone(tz or zones.get_zone(zone))
    if zone == zones.tzdb.UTC_NAME or local.utcoffset() != local.replace(fold=1 - local.fold).utcoffset():
        # A wall time the clocks show twice (the night they go back) cannot name one instant
        # with a TZID: parsers pick different occurrences. UTC is unambiguous everywhere.
        return name + b":" + _utc_stamp(value) + CRLF
    return fold(b"%s;TZID=%s:%04d%02d%02dT%02d%02d%02d" % (name, zone.encode(), local.year, local.month, local.day,
                                                          local.hour, local.minute, local.second))


def vevent(entry: Entry, zone: str, extra: Iterable[bytes] = ()) -> bytes:
    """The VEVENT of ``entry`` with its times expressed in ``entry.zone`` if it has one, else in
    ``zone``, a canonical IANA name (``zones.zone_name`` gives one); ``extra`` holds further
    content lines (ORGANIZER...). Raises UnknownZone for an unknown ``entry.zone`` and ValueError
    for an ``entry.geo`` that is not a place."""
    return prepare(entry, extra).finish(zone, entry.description)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A VEVENT serialized but for what depends on the feed's zone: DTSTART, DTEND and the
    DESCRIPTION (whose text the caller words for the zone). ``finish`` gives the same bytes as
    ``vevent``, so a feed in another zone reuses everything else."""

    head: bytes  #: BEGIN, UID, DTSTAMP
    middle: bytes  #: SEQUENCE ... STATUS (TRANSP)
    tail: bytes  #: LOCATION, GEO, URL, extra lines, END
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date  #: exclusive (all-day entries: the day after the last)
    zone: str | None  #: the entry's own zone, which wins over the feed's

    def finish(self, zone: str, description: str) -> bytes:
        """The VEVENT in ``zone`` (a canonical name) unless the entry has its own, with ``description``."""
        return self.finish_escaped(zone, escape_text(description))

    def finish_escaped(self, zone: str, description: bytes) -> bytes:
        """``finish`` with the description already escaped (``escape_text``): a caller that
        rewords one line of it escapes the rest once."""
        zone = zone if self.zone is None else self.zone
        tz = zones.get_zone(zone)
        text = fold(b"DESCRIPTION:" + description) if description else b""
        return b"".join((self.head, _when(b"DTSTART", self.start, zone, tz), _when(b"DTEND", self.end, zone, tz),
                         self.middle, text, self.tail))


def prepare(entry: Entry, extra: Iterable[bytes] = ()) -> Prepared:
    """Everything of ``entry``'s VEVENT that no zone changes (``entry.description`` is not used:
    ``Prepared.finish`` takes the text)."""
    head = b"".join((b"BEGIN:VEVENT" + CRLF, fold(b"UID:" + escape_text(entry.uid)),
                     b"DTSTAMP:" + _utc_stamp(entry.last_modified) + CRLF))
    middle = [
        b"SEQUENCE:%d" % entry.sequence + CRLF,
        b"LAST-MODIFIED:" + _utc_stamp(entry.last_modified) + CRLF,
        fold(b"SUMMARY:" + escape_text(entry.summary)),
        b"STATUS:" + (b"CANCELLED" if entry.cancelled else b"CONFIRMED") + CRLF,
    ]
    if entry.all_day:
        middle.append(b"TRANSP:TRANSPARENT" + CRLF)  # a month-long vote does not make anyone busy
    tail = []
    if entry.location:
        tail.append(fold(b"LOCATION:" + escape_text(entry.location)))
    if entry.geo is not None:
        lat, lon = geo.check(*entry.geo)
        tail.append(f"GEO:{geo.degrees(lat)};{geo.degrees(lon)}".encode() + CRLF)
    if entry.url:
        tail.append(fold(b"URL;VALUE=URI:" + entry.url.encode()))
    tail.extend(extra)
    tail.append(b"END:VEVENT" + CRLF)
    end = entry.end + dt.timedelta(days=1) if entry.all_day else entry.end
    own_zone = None if entry.zone is None else zones.zone_name(entry.zone)
    return Prepared(head, b"".join(middle), b"".join(tail), entry.start, end, own_zone)


@functools.lru_cache(maxsize=512)
def vtimezone(zone: str, first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE of ``zone`` from the service's tz database, covering ``first``..``last``.

    Three repairs of what ``Timezone.from_tzid`` writes:
    - no COMMENT on the VTIMEZONE: RFC 5545 3.6.5 allows one only inside STANDARD and DAYLIGHT,
      and libical (Evolution, Cyrus) rejects the whole calendar for it;
    - each onset (DTSTART, RDATE) is given in the offset in force *before* it, as RFC 5545 3.6.5
      requires and published VTIMEZONEs do (icalendar writes the wall time after the change, which
      puts the change an hour late for clients that read the rules);
    - each RDATE gets its own line: ical.js (Thunderbird) reads only the first date of a list.
    """
    timezone = Timezone.from_tzid(zone, first_date=first, last_date=last)
    timezone.pop("COMMENT", None)  # "This timezone only works from ...": only our span, and misplaced
    unfolded = timezone.to_ical().replace(b"\r\n ", b"")
    out, observance = [], None
    for line in unfolded.split(CRLF)[:-1]:
        if line in (b"BEGIN:STANDARD", b"BEGIN:DAYLIGHT"):
            observance = [line]
        elif observance is not None:
            observance.append(line)
            if line.startswith(b"END:"):
                out += _observance(observance)
                observance = None
        else:
            out.append(fold(line))
    return b"".join(out)


def _utc_offset(value: bytes) -> dt.timedelta:
    sign = -1 if value.startswith(b"-") else 1
    return sign * dt.timedelta(hours=int(value[1:3]), minutes=int(value[3:5]))


def _observance(lines: list[bytes]) -> list[bytes]:
    """One STANDARD or DAYLIGHT block with its onsets in the offset before the change.

    icalendar writes the later of the two wall-clock readings of each change: right when the
    clocks go back, an hour late (the time after the jump) when they go forward.
    """
    offsets = {line.split(b":", 1)[0]: _utc_offset(line.split(b":", 1)[1])
               for line in lines if line.startswith((b"TZOFFSETFROM:", b"TZOFFSETTO:"))}
    forward = max(offsets[b"TZOFFSETTO"] - offsets[b"TZOFFSETFROM"], dt.timedelta(0))
    out = []
    for line in lines:
        if line.startswith((b"DTSTART:", b"RDATE:")):
            name, values = line.split(b":", 1)
            for value in values.split(b","):
                onset = dt.datetime.strptime(value.decode(), "%Y%m%dT%H%M%S") - forward
                out.append(fold(name + b":" + onset.strftime("%Y%m%dT%H%M%S").encode()))
        else:
            out.append(fold(line))
    return out


def timezone_span(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """A VTIMEZONE range around the feed's dates, rounded to whole years so it caches well."""
    return dt.date((first - TIMEZONE_MARGIN).year, 1, 1), dt.date((last + TIMEZONE_MARGIN).year + 1, 1, 1)


def header(info: FeedInfo) -> bytes:
    """BEGIN:VCALENDAR and the calendar's properties (RFC 5545 and RFC 7986 NAME,
    REFRESH-INTERVAL, UID, with the X-WR-/X-PUBLISHED- names older clients read), without END."""
    minutes = int(info.refresh.total_seconds() // 60)
    lines = [b"BEGIN:VCALENDAR" + CRLF, b"VERSION:2.0" + CRLF, fold(b"PRODID:" + escape_text(info.prodid)),
             b"CALSCALE:GREGORIAN" + CRLF, fold(b"NAME:" + escape_text(info.name)),
             fold(b"X-WR-CALNAME:" + escape_text(info.name)),
             b"REFRESH-INTERVAL;VALUE=DURATION:PT%dM" % minutes + CRLF,
             b"X-PUBLISHED-TTL:PT%dM" % minutes + CRLF,
             fold(b"UID:" + escape_text(info.uid)), fold(b"X-WR-TIMEZONE:" + escape_text(info.zone))]
    if info.description:
        lines += [fold(b"DESCRIPTION:" + escape_text(info.description)),
                  fold(b"X-WR-CALDESC:" + escape_text(info.description))]
    return b"".join(lines)


def entry_zones(entries: Iterable[Entry]) -> dict[str, tuple[dt.date, dt.date]]:
    """The zones timed entries name for themselves (canonical), each with the first and last day
    of the entries in it: what ``assemble`` needs to add their VTIMEZONEs beside cached VEVENTs.
    All-day entries name no zone in the feed (their dates float), so they need none."""
    found: dict[str, tuple[dt.date, dt.date]] = {}
    for entry in entries:
        if entry.zone is not None and not entry.all_day:
            name = zones.zone_name(entry.zone)
            first, last = found.get(name, (entry.first_day, entry.last_day))
            found[name] = (min(first, entry.first_day), max(last, entry.last_day))
    return found


def _timezones(zone: str, span: tuple[dt.date, dt.date] | None,
               extra: Mapping[str, tuple[dt.date, dt.date]]) -> list[bytes]:
    """The feed zone's VTIMEZONE, bounded to the whole feed (X-WR-TIMEZONE names it for the calendar),
    then each other zone's, bounded to its entries, in name order; none for UTC."""
    spans = {zone: span} if span is not None else {}
    for name, (first, last) in sorted((zones.zone_name(name), days) for name, days in extra.items()):
        known = spans.get(name, (first, last))
        spans[name] = (min(first, known[0]), max(last, known[1]))
    return [vtimezone(name, *timezone_span(*days)) for name, days in spans.items() if name != zones.tzdb.UTC_NAME]


def assemble(info: FeedInfo, events: Iterable[bytes], span: tuple[dt.date, dt.date] | None,
             zone_spans: Mapping[str, tuple[dt.date, dt.date]] | None = None) -> bytes:
    """The whole feed: header, the VTIMEZONE of its zone (bounded to ``span``, the feed's first and
    last day) and one for each other zone in ``zone_spans`` (zone -> first and last day of the
    events written in it, as ``entry_zones`` gives), the events. ``events`` are serialized VEVENTs:
    the zones they use come from the caller, so cached bytes are never read back."""
    parts = [header(info), *_timezones(info.zone, span, zone_spans or {})]
    parts.extend(events)
    parts.append(b"END:VCALENDAR" + CRLF)
    return b"".join(parts)


def _span(entries: list[Entry]) -> tuple[dt.date, dt.date] | None:
    return (min(e.first_day for e in entries), max(e.last_day for e in entries)) if entries else None


def build(info: FeedInfo, entries: Iterable[Entry]) -> bytes:
    """Build a feed with no cache: every entry serialized now."""
    entries = list(entries)
    return assemble(info, (vevent(e, info.zone) for e in entries), _span(entries), entry_zones(entries))


def _cal_address(prop: str, name: str, email: str, params: str = "") -> bytes:
    """ORGANIZER or ATTENDEE: a quoted CN (no quotes or controls inside) and a mailto: address."""
    common_name = _CONTROL.sub("", name).replace('"', "'").replace("\r", " ").replace("\n", " ")
    return fold(f'{prop};CN="{common_name}"{params}:mailto:{email}'.encode())


def invitation(info: FeedInfo, entries: Iterable[Entry], *, method: str, organizer: tuple[str, str],
               attendee: tuple[str, str]) -> bytes:
    """An iMIP body (RFC 6047, RFC 5546): ``method`` REQUEST (add or update) or CANCEL, with
    ORGANIZER and the registrant as an ATTENDEE who needs not reply; times in ``info.zone``, or
    in an entry's own zone when it has one."""
    entries = list(entries)
    organizer_line = _cal_address("ORGANIZER", *organizer)
    attendee_line = _cal_address("ATTENDEE", *attendee, params=";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE")
    # An invitation is a message, not a feed: no NAME, REFRESH-INTERVAL or calendar UID.
    parts = [b"BEGIN:VCALENDAR" + CRLF, b"VERSION:2.0" + CRLF, fold(b"PRODID:" + escape_text(info.prodid)),
             b"CALSCALE:GREGORIAN" + CRLF, f"METHOD:{method}".encode() + CRLF,
             *_timezones(info.zone, _span(entries), entry_zones(entries))]
    parts += [vevent(e, info.zone, (organizer_line, attendee_line)) for e in entries]
    parts.append(b"END:VCALENDAR" + CRLF)
    return b"".join(parts)
