"""Refusals of wall times, zones and tour legs, written in the reader's language.

calendars/ never imports Flask: its errors carry their English message and the values it was made
of (a day, a wall time, a zone, offsets, the leg overlapped). The console's forms and the programme
file's import word them here with gettext and the CLDR formats of ``cldr()``; in English the text
is the same as the library's.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from app.i18n import cldr
from calendars import display, itinerary, walltimes, zones


def _when(day: dt.date, wall: dt.time) -> dict[str, str]:
    return dict(day=zones.format_day(day, locale=cldr()), time=zones.format_clock(wall, cldr()))


def zone_refusal(name: object) -> str:
    """A name that is not in the tz database (zones.UnknownZone)."""
    return _("“%(name)s” is not a time zone we know. Use an IANA name such as Europe/Berlin, America/Bogota or "
             "Asia/Shanghai.", name=str(name)[:zones.MAX_NAME_LENGTH])


def time_refusal(error: Exception) -> str:
    """A zones or walltimes error as the programme file's problem list words it; any other error's
    own text."""
    if isinstance(error, zones.NonexistentTime) and error.day is not None:
        return _("%(day)s %(time)s in %(zone)s does not exist: the clocks skip that hour for a daylight-saving "
                 "change.", zone=error.zone, **_when(error.day, error.wall))
    if isinstance(error, zones.AmbiguousTime) and error.day is not None:
        first, second = error.choices
        return _("%(day)s %(time)s in %(zone)s happens twice because the clocks go back: first at %(first)s, "
                 "then at %(second)s. Choose one.", zone=error.zone, first=zones.offset_label(first),
                 second=zones.offset_label(second), **_when(error.day, error.wall))
    if isinstance(error, walltimes.OffsetMismatch):
        if len(error.found) == 2:
            return _("%(day)s %(time)s in %(zone)s is at %(first)s or %(second)s, not %(offset)s",
                     zone=error.zone, first=error.found[0], second=error.found[1], offset=error.offset,
                     **_when(error.day, error.wall))
        return _("%(day)s %(time)s in %(zone)s is at %(found)s, not %(offset)s", zone=error.zone,
                 found=error.found[0], offset=error.offset, **_when(error.day, error.wall))
    if isinstance(error, zones.UnknownZone):
        return zone_refusal(error.name)
    return str(error)


def form_problem(problem: walltimes.TimeProblem) -> str:
    """A TimeProblem as the console's form shows it beside its field."""
    cause = problem.cause
    if cause is None:
        return _("The end must be after the start (give an end date if it runs past midnight).")
    if isinstance(cause, zones.NonexistentTime) and cause.day is not None:
        return _("%(day)s %(time)s in %(zone)s does not exist: the clocks skip that hour for a daylight-saving "
                 "change. Choose another time.", zone=cause.zone, **_when(cause.day, cause.wall))
    return time_refusal(cause)


def fold_choices(problem: walltimes.TimeProblem) -> list[tuple[str, str]]:
    """The two readings of a wall time that happens twice, as (fold value, label)."""
    if not isinstance(problem.cause, zones.AmbiguousTime) or problem.cause.wall is None:
        return problem.choices
    first, second = problem.cause.choices
    time = zones.format_clock(problem.cause.wall, cldr())
    return [("0", _("The first %(time)s, at %(offset)s (before the clocks go back)", time=time,
                    offset=zones.offset_label(first))),
            ("1", _("The second %(time)s, at %(offset)s (after the clocks go back)", time=time,
                    offset=zones.offset_label(second)))]


def _on_day(day: dt.date, zone: str) -> dict[str, str]:
    return dict(day=zones.format_day(day, locale=cldr()), zone=zones.zone_label(zone, cldr()))


def leg_problem(problem: itinerary.LegProblem) -> str:
    """A problem of a tour's leg, lower-case first, as the file's problem list words it."""
    if problem.kind == "overlap":
        previous = problem.previous
        if previous.all_day:
            return _("overlaps the previous leg, which ends on %(day)s (%(zone)s)", **_on_day(previous.end,
                                                                                              previous.zone))
        return _("overlaps the previous leg, which ends %(when)s",
                 when=display.moment(previous.end, previous.zone, cldr()).text)
    if problem.kind == "end_before_start":
        return _("must be after the start")
    return zone_refusal(problem.leg.zone)


def next_leg_overlap(following: itinerary.Leg) -> str:
    """The console's refusal of a leg that ends after the next one starts."""
    if following.all_day:
        return _("Overlaps the next leg, which starts on %(day)s (%(zone)s)", **_on_day(following.start,
                                                                                         following.zone))
    return _("Overlaps the next leg, which starts %(when)s",
             when=display.moment(following.start, following.zone, cldr()).text)
