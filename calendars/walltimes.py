"""Wall times typed by an organiser or written in a programme file, in the entry's zone, made into
instants (or a clear refusal).

Beside zones.py rather than in it: zones.localize answers for one wall time; these helpers turn a
form's or a file's start and end into instants and back, and zones.py would pass 300 lines.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from calendars import zones

#: Attendee zones in which the seminar form shows the resulting times as they are typed.
PREVIEW_ZONES = ("UTC", "Europe/Berlin", "America/Bogota", "Asia/Kolkata")


@dataclass
class TimeProblem(ValueError):
    """``field`` is the form field the message belongs beside; ``choices`` offer both readings of
    an ambiguous time as (fold value, label). ``message`` and the labels are English; ``cause``
    (the zones error, or None when the end does not follow the start) lets an application word
    them in its reader's language."""

    field: str
    message: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    cause: ValueError | None = None

    def __str__(self) -> str:
        return self.message


class OffsetMismatch(ValueError):
    """A programme file's offset that is neither reading of its wall time: ``found`` lists the
    offsets the wall time has (``+01:00``), ``offset`` the one the file gave."""

    def __init__(self, day: dt.date, wall: dt.time, zone: str, found: list[str], offset: str):
        super().__init__(f"{zones.format_day(day)} {wall:%H:%M} in {zone} is at {' or '.join(found)}, not {offset}")
        self.day, self.wall, self.zone, self.found, self.offset = day, wall, zone, found, offset


def _fold(value) -> int | None:
    return int(value) if str(value) in ("0", "1") else None


def _one(day: dt.date, wall: dt.time, zone: str, fold, name: str) -> dt.datetime:
    try:
        return zones.localize(day, wall, zone, fold=_fold(fold))
    except zones.AmbiguousTime as error:
        first, second = error.choices
        raise TimeProblem(name, str(error), [
            ("0", f"The first {wall:%H:%M}, at {zones.offset_label(first)} (before the clocks go back)"),
            ("1", f"The second {wall:%H:%M}, at {zones.offset_label(second)} (after the clocks go back)")],
            error) from None
    except zones.NonexistentTime as error:
        raise TimeProblem(name, f"{error} Choose another time.", cause=error) from None


def stored_fold(local: dt.datetime, zone: str) -> TimeProblem | None:
    """For the edit form: the question to show again when a stored wall time happens twice."""
    try:
        _one(local.date(), local.time(), zone, None, "start")
    except TimeProblem as problem:
        return problem
    return None


def resolve(day: dt.date, start: dt.time, end: dt.time, end_day: dt.date | None, zone: str,
            start_fold=None, end_fold=None) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants of a start and end typed in ``zone``; TimeProblem names the field at fault."""
    if not zones.is_zone(zone):
        raise TimeProblem("timezone", str(unknown := zones.UnknownZone(zone)), cause=unknown)
    begins = _one(day, start, zone, start_fold, "start")
    ends = _one(end_day or day, end, zone, end_fold, "end")
    if ends <= begins:
        raise TimeProblem("end", "The end must be after the start (give an end date if it runs past midnight).")
    return zones.to_utc(begins), zones.to_utc(ends)


def preview(starts_at: dt.datetime, ends_at: dt.datetime, zone: str,
            locale: str = zones.DEFAULT_LOCALE) -> list[zones.LocalRange]:
    """The range in its own zone, then in each attendee zone of PREVIEW_ZONES."""
    names = [zone] + [z for z in PREVIEW_ZONES if z != zone]
    return [zones.local_range(starts_at, ends_at, name, locale) for name in names]


def offset_text(value: dt.datetime) -> str:
    """``+01:00`` for an aware datetime: how a programme file names one of two equal wall times."""
    minutes = int(value.utcoffset().total_seconds()) // 60
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def wall_instant(day: dt.date, wall: dt.time, zone: str, offset: str | None = None) -> dt.datetime:
    """A wall time in ``zone`` as an aware instant. ``offset`` ("+01:00") says which of two equal
    wall times is meant when the clocks go back; without it such a time is refused (AmbiguousTime), and
    an offset that is neither reading raises OffsetMismatch."""
    if offset is None:
        return zones.localize(day, wall, zone)
    # In UTC: two aware times in one zone compare by wall time, which would merge the two readings.
    tz = zones.get_zone(zone)
    instants = {zones.to_utc(zones.localize(day, wall, zone, fold=f)) for f in (0, 1)}
    readings = [i.astimezone(tz) for i in sorted(instants)]
    for reading in readings:
        if offset_text(reading) == offset:
            return reading
    raise OffsetMismatch(day, wall, zone, sorted({offset_text(r) for r in readings}), offset)
