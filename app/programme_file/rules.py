"""Rules across the entries of a programme file: unique slugs and numbers, references to listed
cities and venues, tour legs that follow one another. A problem names its entry and field."""
from __future__ import annotations

from flask_babel import gettext as _

from app.programme_file.schema import LegIn, ProgrammeFile, check_times
from app.time_problems import leg_problem, time_refusal
from calendars import itinerary
from calendars.walltimes import wall_instant


def cross_check(data: ProgrammeFile) -> list[str]:
    """Rules across entries: unique slugs and numbers, references to a listed city or venue, tour
    legs in order."""
    problems = []
    problems += _duplicates("cities", [(i, c.name, c.slug) for i, c in enumerate(data.cities)], "slug")
    problems += _duplicates("venues", [(i, v.slug, v.slug) for i, v in enumerate(data.venues)], "slug")
    problems += _duplicates("events", [(i, e.slug, e.slug) for i, e in enumerate(data.events)], "slug")
    problems += _duplicates("tours", [(i, t.slug, t.slug) for i, t in enumerate(data.tours)], "slug")
    problems += _places(data)
    problems += _sessions(data)
    problems += _tours(data)
    seen_seminars: dict[str, str] = {}
    city_slugs = {c.slug for c in data.cities}
    for e, event in enumerate(data.events):
        where = f"events[{e}] ({event.slug})"
        problems += _duplicates(f"{where} › seminars",
                                [(i, s.slug, s.number) for i, s in enumerate(event.seminars)], "number")
        for s, seminar in enumerate(event.seminars):
            entry = f"{where} › seminars[{s}] ({seminar.slug})"
            if seminar.slug in seen_seminars:
                problems.append(f"{entry} › slug: " + _("“%(slug)s” is also used by %(other)s", slug=seminar.slug,
                                                        other=seen_seminars[seminar.slug]))
            seen_seminars.setdefault(seminar.slug, entry)
            for i, initiative in enumerate(seminar.initiatives):
                if initiative.city not in city_slugs:
                    problems.append(f"{entry} › initiatives[{i}] ({initiative.city}) › city: " + _(
                        "no city with slug “%(slug)s” in cities", slug=initiative.city))
            problems += _duplicates(f"{entry} › initiatives",
                                    [(i, x.city, x.city) for i, x in enumerate(seminar.initiatives)], "city")
    return problems


def _duplicates(where: str, entries: list[tuple[int, str, object]], field: str) -> list[str]:
    seen, problems = {}, []
    for index, name, key in entries:
        if key in seen:
            problems.append(f"{where}[{index}] ({name}) › {field}: " + _(
                "“%(slug)s” is also used by %(other)s", slug=key, other=f"{where.rsplit(' › ', 1)[-1]}[{seen[key]}]"))
        seen.setdefault(key, index)
    return problems


def _places(data: ProgrammeFile) -> list[str]:
    cities, venues, problems = {c.slug for c in data.cities}, {v.slug for v in data.venues}, []
    for v, venue in enumerate(data.venues):
        if venue.city not in cities:
            problems.append(f"venues[{v}] ({venue.slug}) › city: " + _("no city with slug “%(slug)s” in cities",
                                                                       slug=venue.city))
    for e, event in enumerate(data.events):
        where = f"events[{e}] ({event.slug})"
        if event.venue is not None and event.venue not in venues:
            problems.append(f"{where} › venue: " + _("no venue with slug “%(slug)s” in venues", slug=event.venue))
        for s, session in enumerate(event.sessions):
            if session.venue is not None and session.venue not in venues:
                problems.append(f"{where} › sessions[{s}] ({session.slug}) › venue: " + _(
                    "no venue with slug “%(slug)s” in venues", slug=session.venue))
    return problems


def _sessions(data: ProgrammeFile) -> list[str]:
    """A session is an event of its own (its own UID): its slug differs from every event's; its
    wall times exist in its zone and its end follows its start."""
    events, seen, problems = {e.slug for e in data.events}, {}, []
    for e, event in enumerate(data.events):
        for s, session in enumerate(event.sessions):
            entry = f"events[{e}] ({event.slug}) › sessions[{s}] ({session.slug})"
            if session.slug in events or session.slug in seen:
                problems.append(f"{entry} › slug: " + (
                    _("“%(slug)s” is also used by %(other)s", slug=session.slug, other=seen[session.slug])
                    if session.slug in seen else _("“%(slug)s” is also used by an event of the file",
                                                   slug=session.slug)))
            seen.setdefault(session.slug, f"events[{e}] › sessions[{s}]")
            try:
                check_times(session.date, session.start, session.end, session.end_date, session.timezone,
                            session.start_offset, session.end_offset)
            except ValueError as error:
                problems.append(f"{entry} › {error}")
    return problems


def leg_zone(data: ProgrammeFile, leg: LegIn) -> str | None:
    """The leg's zone: its own, else its city's (None for a city the file does not list)."""
    return leg.timezone or next((c.timezone for c in data.cities if c.slug == leg.city), None)


def leg_span(leg: LegIn, zone: str):
    """The leg as calendars.itinerary sees it: dates for whole days, else aware start and end."""
    if leg.dates is not None:
        return itinerary.Leg(leg.dates.first, leg.dates.last, zone)
    return itinerary.Leg(wall_instant(leg.date, leg.start, zone), wall_instant(leg.end_date or leg.date, leg.end, zone),
                         zone)


def _tours(data: ProgrammeFile) -> list[str]:
    cities, venues, problems = {c.slug for c in data.cities}, {v.slug for v in data.venues}, []
    for t, tour in enumerate(data.tours):
        where = f"tours[{t}] ({tour.slug})"
        problems += _duplicates(f"{where} › legs", [(i, leg.city, leg.city) for i, leg in enumerate(tour.legs)], "city")
        spans, indexes = [], []
        for i, leg in enumerate(tour.legs):
            entry = f"{where} › legs[{i}] ({leg.city})"
            if leg.city not in cities:
                problems.append(f"{entry} › city: " + _("no city with slug “%(slug)s” in cities", slug=leg.city))
                continue
            if leg.venue is not None and leg.venue not in venues:
                problems.append(f"{entry} › venue: " + _("no venue with slug “%(slug)s” in venues", slug=leg.venue))
            try:
                spans.append(leg_span(leg, leg_zone(data, leg)))
            except ValueError as error:
                problems.append(f"{entry} › start: {time_refusal(error)}")
                continue
            indexes.append(i)
        for problem in itinerary.leg_problems(spans):
            at = indexes[problem.index]
            problems.append(f"{where} › legs[{at}] ({tour.legs[at].city}) › {problem.field}: {leg_problem(problem)}")
    return problems
