"""Write a validated programme file to the database: add and update by slug, idempotently.

The caller owns the transaction: nothing here commits, so a failure writes nothing.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.time_problems import time_refusal
from app.models import City, Event, Initiative, Programme, Seminar
from app.programme_file.parsing import ProgrammeFileError
from app.programme_file.places import apply_sessions, apply_tours, apply_venues, tour_starts
from app.programme_file.schema import EventIn, ProgrammeFile, SeminarIn
from calendars import zones
from calendars.walltimes import wall_instant



@dataclass
class Change:
    kind: str
    key: str
    action: str  #: "added", "changed" or "unchanged"
    fields: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    changes: list[Change] = field(default_factory=list)
    shift_weeks: int = 0
    programme: Programme | None = None

    def count(self, action: str, kind: str | None = None) -> int:
        return sum(1 for c in self.changes if c.action == action and kind in (None, c.kind))

    def summary(self) -> str:
        kinds = (("city", "cities"), ("event", "events"), ("seminar", "seminars"), ("initiative", "initiatives"),
                 ("venue", "venues"), ("tour", "tours"))
        totals = []
        for one, many in kinds:
            count = sum(1 for c in self.changes if c.kind == one)
            if count or one not in ("venue", "tour"):  # those two only where a file has them
                totals.append(f"{count} {one if count == 1 else many}")
        return (
            f"{', '.join(totals)}: {self.count('added')} added, {self.count('changed')} changed, "
            f"{self.count('unchanged')} unchanged"
        )


def weeks_until_upcoming(data: ProgrammeFile, now: dt.datetime, lead: dt.timedelta) -> int:
    """Whole weeks to shift the programme so its first seminar starts at least ``lead`` from ``now``.

    Whole weeks keep every weekday ("Mon 6 Nov" stays a Monday).
    """
    if data.programme.historical:
        return 0
    starts = [
        zones.localize(s.date, s.start, s.timezone)
        for e in data.events if not e.historical for s in e.seminars
    ] + tour_starts(data)
    if not starts:
        return 0
    gap = now + lead - min(starts)
    return max(0, math.ceil(gap / dt.timedelta(weeks=1)))


def apply_programme(data: ProgrammeFile, *, now: dt.datetime, shift_weeks: int = 0,
                    programme_slug: str | None = None) -> LoadReport:
    """Add or update the programme of ``data`` (or ``programme_slug``) and every city, event, seminar
    and initiative the file lists; return what changed.

    Rows absent from the file are kept; a seminar's initiatives are replaced by the file's list, and
    the cities taking part in the programme by the file's cities.
    """
    if data.programme.historical:
        shift_weeks = 0
    report = LoadReport(shift_weeks=shift_weeks)
    programme = report.programme = _programme(report, data, programme_slug, dt.timedelta(weeks=shift_weeks), now)
    _check_owners(data, programme)
    cities = {c.slug: c for c in db.session.scalars(sa.select(City))}
    for city_in in data.cities:
        city = cities.get(city_in.slug)
        values = dict(name=city_in.name, country=city_in.country, region=city_in.region,
                      timezone=city_in.timezone, translations=city_in.translations())
        cities[city_in.slug] = _upsert(report, "city", city_in.slug, City, city, values, slug=city_in.slug,
                                       now=now)
    db.session.flush()
    programme.cities = [cities[c.slug] for c in data.cities]
    upsert = functools.partial(_upsert, report, now=now)
    venues = apply_venues(data, cities, upsert)

    in_file = {s.slug for e in data.events for s in e.seminars}
    for index, event_in in enumerate(data.events):
        shift = dt.timedelta(weeks=0 if event_in.historical else shift_weeks)
        event = db.session.scalar(sa.select(Event).filter_by(slug=event_in.slug))
        venue = venues[event_in.venue] if event_in.venue else None
        values = _event_values(event_in, shift) | dict(programme_id=programme.id, parent_id=None,
                                                       venue_id=venue.id if venue else None,
                                                       provisional=event_in.provisional)
        event = _upsert(report, "event", event_in.slug, Event, event, values, slug=event_in.slug, now=now)
        db.session.flush()
        apply_sessions(event, event_in, shift, venues, upsert)
        _free_numbers(event, event_in, f"events[{index}] ({event_in.slug})", in_file)
        for seminar_in in event_in.seminars:
            seminar = db.session.scalar(sa.select(Seminar).filter_by(slug=seminar_in.slug))
            values = _seminar_values(event_in, seminar_in, shift, event)
            seminar = _upsert(report, "seminar", seminar_in.slug, Seminar, seminar, values,
                              slug=seminar_in.slug, now=now)
            db.session.flush()
            if _replace_initiatives(report, seminar, seminar_in, cities):
                seminar.updated_at = now  # its initiatives are part of its description in feeds
    db.session.flush()
    apply_tours(data, programme, cities, venues, dt.timedelta(weeks=shift_weeks), upsert)
    return report


def _programme(report: LoadReport, data: ProgrammeFile, slug: str | None, shift: dt.timedelta,
               now: dt.datetime) -> Programme:
    given = data.programme
    if slug is not None and given.slug not in (None, slug):
        raise ProgrammeFileError(["programme › slug: " + _("the file is the programme “%(given)s”, not “%(slug)s”; "
                                  "import it there, or change the slug in the file", given=given.slug, slug=slug)])
    slug = slug or given.slug
    if slug is None:
        raise ProgrammeFileError(["programme › slug: " + _("required to load a file into a new programme")])
    first, last = _programme_days(data, shift)
    if first is None:
        raise ProgrammeFileError(["programme › dates: " + _("required when the file lists no events "
                                                             "(dates: {first: …, last: …})")])
    row = db.session.scalar(sa.select(Programme).filter_by(slug=slug))
    if given.serves_old_urls:
        holder = db.session.scalar(sa.select(Programme.slug).where(Programme.serves_old_urls,
                                                                   Programme.slug != slug))
        if holder is not None:
            raise ProgrammeFileError(["programme › serves_old_urls: " + _(
                "“%(holder)s” serves the old URLs; only one programme can", holder=holder)])
    values = dict(title=given.title, description=given.description.strip(), timezone=given.timezone,
                  first_day=first, last_day=last, status=given.status,
                  serves_old_urls=given.serves_old_urls, language=given.language,
                  translations=given.translations())
    row = _upsert(report, "programme", slug, Programme, row, values, slug=slug, now=now)
    db.session.flush()
    return row


def _programme_days(data: ProgrammeFile, shift: dt.timedelta) -> tuple[dt.date | None, dt.date | None]:
    """The programme's first and last day: as the file gives them, else those of its entries
    (each moved by ``shift`` unless it is historical)."""
    if data.programme.dates is not None:
        return data.programme.dates.first + shift, data.programme.dates.last + shift
    days = []
    for event in data.events:
        moved = dt.timedelta(0) if event.historical else shift
        if event.dates is not None:
            days += [event.dates.first + moved, event.dates.last + moved]
        else:
            days += [event.date + moved, (event.end_date or event.date) + moved]
        days += [d + moved for s in event.seminars for d in (s.date, s.end_date or s.date)]
        days += [d + moved for s in event.sessions for d in (s.date, s.end_date or s.date)]
    for tour in data.tours:
        for leg in tour.legs:
            days += ([leg.dates.first + shift, leg.dates.last + shift] if leg.dates is not None
                     else [leg.date + shift, (leg.end_date or leg.date) + shift])
    return (min(days), max(days)) if days else (None, None)


def _check_owners(data: ProgrammeFile, programme: Programme) -> None:
    """Event and seminar slugs are unique across programmes (UIDs and old URLs name them): a file
    never takes over another programme's entry."""
    problems = []
    owners = dict(db.session.execute(sa.select(Event.slug, Programme.slug).join(Event.programme)
                                     .where(Event.programme_id != programme.id)).all())
    seminar_owners = dict(db.session.execute(
        sa.select(Seminar.slug, Programme.slug).join(Seminar.event).join(Event.programme)
        .where(Event.programme_id != programme.id)).all())
    for e, event in enumerate(data.events):
        where = f"events[{e}] ({event.slug})"
        for s, session in enumerate(event.sessions):
            if session.slug in owners:
                problems.append(f"{where} › sessions[{s}] ({session.slug}) › slug: " + _(
                    "“%(slug)s” belongs to the programme “%(owner)s”; give this session another slug",
                    slug=session.slug, owner=owners[session.slug]))
        if event.slug in owners:
            problems.append(f"{where} › slug: " + _("“%(slug)s” belongs to the programme “%(owner)s”; give this "
                                                    "event another slug", slug=event.slug, owner=owners[event.slug]))
        for s, seminar in enumerate(event.seminars):
            if seminar.slug in seminar_owners:
                problems.append(f"{where} › seminars[{s}] ({seminar.slug}) › slug: " + _(
                    "“%(slug)s” belongs to the programme “%(owner)s”; give this seminar another slug",
                    slug=seminar.slug, owner=seminar_owners[seminar.slug]))
    if problems:
        raise ProgrammeFileError(problems)


def _free_numbers(event: Event, event_in: EventIn, where: str, in_file: set[str]) -> None:
    """Let the file renumber its seminars (even swap two) without tripping the unique number.

    A number still held by a seminar the file does not list is a clash the organiser must resolve.
    """
    wanted = {s.slug: s.number for s in event_in.seminars}
    listed = db.session.scalars(sa.select(Seminar).where(Seminar.slug.in_(wanted))).all()
    holders = db.session.scalars(sa.select(Seminar).where(Seminar.event_id == event.id)).all()
    for position, seminar_in in enumerate(event_in.seminars):
        for other in holders:
            if other.number == seminar_in.number and other.slug not in in_file:
                raise ProgrammeFileError([f"{where} › seminars[{position}] ({seminar_in.slug}) › number: " + _(
                    "%(number)s is already used by seminar “%(other)s”, which the file does not list; give one of "
                    "them another number", number=seminar_in.number, other=other.slug)])
    moving = [s for s in listed if (s.event_id, s.number) != (event.id, wanted[s.slug])]
    moving += [s for s in holders if s.slug in in_file and s.slug not in wanted]  # off to another event
    for seminar in moving:
        seminar.number = -seminar.id  # a temporary number no real seminar uses
    db.session.flush()


def _event_values(event_in: EventIn, shift: dt.timedelta) -> dict:
    values = dict(kind=event_in.kind, title=event_in.title, timezone=event_in.timezone,
                  location=event_in.location, description=event_in.description.strip(),
                  translations=event_in.translations())
    if event_in.dates is not None:
        values.update(first_day=event_in.dates.first + shift, last_day=event_in.dates.last + shift,
                      starts_at=None, ends_at=None)
    else:
        start, end = instants(f"event {event_in.slug}", event_in, shift)
        values.update(first_day=None, last_day=None, starts_at=start, ends_at=end)
    return values


def _seminar_values(event_in: EventIn, seminar_in: SeminarIn, shift: dt.timedelta, event: Event) -> dict:
    start, end = instants(f"seminar {seminar_in.slug}", seminar_in, shift)
    meeting = seminar_in.meeting
    return dict(
        event_id=event.id, number=seminar_in.number, title=seminar_in.title,
        theme=seminar_in.theme.strip(), starts_at=start, ends_at=end, timezone=seminar_in.timezone,
        meeting_provider=meeting.provider, join_url=meeting.join_url, meeting_id=meeting.meeting_id,
        passcode=meeting.passcode, capacity=seminar_in.capacity, status=seminar_in.status,
        reminder_offsets=seminar_in.reminders, translations=seminar_in.translations(),
    )


def instants(entry: str, timed: EventIn | SeminarIn, shift: dt.timedelta = dt.timedelta(0)):
    """Wall times to UTC instants; a shifted date can land in a DST gap, so report it by entry."""
    day, end_day = timed.date + shift, (timed.end_date or timed.date) + shift
    try:
        return (zones.to_utc(wall_instant(day, timed.start, timed.timezone, timed.start_offset)),
                zones.to_utc(wall_instant(end_day, timed.end, timed.timezone, timed.end_offset)))
    except ValueError as error:
        raise ProgrammeFileError([f"{entry} › start/end: {time_refusal(error)}"]) from None


def _upsert(report, kind, key, model, row, values, *, slug, now=None):
    """Add or update one row; SEQUENCE is raised by the flush when calendar fields change."""
    if row is None:
        row = model(slug=slug, **values)
        if now is not None:
            row.updated_at = now
        db.session.add(row)
        report.changes.append(Change(kind, key, "added"))
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed and now is not None:
        row.updated_at = now
    report.changes.append(Change(kind, key, "changed" if changed else "unchanged", changed))
    return row


def _replace_initiatives(report: LoadReport, seminar: Seminar, seminar_in: SeminarIn, cities: dict) -> bool:
    """Make the seminar's initiatives those of the file; True when anything changed."""
    existing = {i.city.slug: i for i in seminar.initiatives}
    wanted, before = [], len(report.changes)
    for position, item in enumerate(seminar_in.initiatives):
        key = f"{seminar.slug}/{item.city}"
        row = existing.pop(item.city, None)
        if row is None:
            row = Initiative(city=cities[item.city], title=item.title, position=position,
                             translations=item.translations())
            report.changes.append(Change("initiative", key, "added"))
        else:
            values = (("title", item.title), ("position", position), ("translations", item.translations()))
            changed = [n for n, v in values if getattr(row, n) != v]
            for name in changed:
                setattr(row, name, dict(values)[name])
            report.changes.append(Change("initiative", key, "changed" if changed else "unchanged", changed))
        wanted.append(row)
    seminar.initiatives = wanted
    return bool(existing) or any(c.action != "unchanged" for c in report.changes[before:])
