"""Queries and view data for the public pages of a programme; shared by feeds and jobs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app import content
from app.extensions import db
from app.models import City, Event, Initiative, Programme, ProgrammeStatus, Seminar, programme_cities
from app.i18n import cldr
from calendars import zones
from calendars.display import DualRange, for_reader

def seminar_query():
    return sa.select(Seminar).options(
        selectinload(Seminar.initiatives).selectinload(Initiative.city), selectinload(Seminar.event)
    )


def all_events(programme: Programme) -> list[Event]:
    """Every event of ``programme`` in date order (a meeting's sessions within it), each with its
    seminars and their presenting cities."""
    events = db.session.scalars(
        sa.select(Event).where(Event.programme_id == programme.id, Event.parent_id.is_(None)).options(
            selectinload(Event.seminars).selectinload(Seminar.initiatives).selectinload(Initiative.city),
            selectinload(Event.sessions).selectinload(Event.venue), selectinload(Event.venue),
        )
    ).all()
    return sorted(events, key=event_sort_key)


def event_sort_key(event: Event):
    if event.all_day:
        return (event.first_day, 0, event.slug)
    return (event.local_start.date(), 1, event.slug)


def event_end(event: Event) -> dt.datetime:
    """When an event is over: its end instant, or midnight after its last day in its own zone."""
    if event.all_day:
        return zones.day_start(event.last_day + dt.timedelta(days=1), event.timezone)
    return event.ends_at


def event_start(event: Event) -> dt.datetime:
    """When an event begins: its start instant, or the start of its first day in its own zone."""
    return zones.day_start(event.first_day, event.timezone) if event.all_day else event.starts_at


def today(zone: str, now: dt.datetime) -> dt.date:
    return now.astimezone(zones.get_zone(zone)).date()


def event_is_over(event: Event, now: dt.datetime) -> bool:
    return event_end(event) <= now


def upcoming_seminars(now: dt.datetime, limit: int = 6) -> list[Seminar]:
    """The next seminars not yet ended, soonest first, of every published programme (a draft is the
    organisers' own, an archived one takes no one)."""
    return list(db.session.scalars(
        seminar_query().join(Seminar.event).join(Event.programme)
        .where(Seminar.ends_at > now, Programme.status == ProgrammeStatus.PUBLISHED.value)
        .order_by(Seminar.starts_at).limit(limit)))


def key_dates(programmes: list[Programme], now: dt.datetime) -> dict[int, list[Event]]:
    """The events (not the seminar series) of each programme not yet over, in date order."""
    found: dict[int, list[Event]] = {p.id: [] for p in programmes}
    events = db.session.scalars(sa.select(Event).where(
        Event.programme_id.in_(found), Event.kind != "seminar-series", Event.parent_id.is_(None))).all()
    for event in sorted(events, key=event_sort_key):
        if not event_is_over(event, now):
            found[event.programme_id].append(event)
    return found


def seminar_or_404(programme: Programme, slug: str) -> Seminar:
    """The seminar of a page in ``programme``, or a 404 that names what was asked for."""
    return db.first_or_404(seminar_query().join(Seminar.event).where(
        Seminar.slug == slug, Event.programme_id == programme.id),
        description=_("There is no seminar “%(slug)s” in this programme.", slug=slug[:80]))


def seminar_owner(slug: str) -> Programme | None:
    """The public programme a seminar belongs to (slugs are unique across programmes)."""
    return db.session.scalar(sa.select(Programme).join(Programme.events).join(Event.seminars).where(
        Seminar.slug == slug, Programme.status != ProgrammeStatus.DRAFT.value))


def city_or_404(programme: Programme, slug: str) -> City:
    """A city taking part in ``programme``, or a 404."""
    return db.first_or_404(
        sa.select(City).join(programme_cities).where(
            City.slug == slug, programme_cities.c.programme_id == programme.id),
        description=_("There is no city “%(slug)s” in this programme.", slug=slug[:80]))


def city_programmes(slug: str) -> list[Programme]:
    """The public programmes a city takes part in, newest first."""
    return list(db.session.scalars(sa.select(Programme).join(programme_cities).join(City).where(
        City.slug == slug, Programme.status != ProgrammeStatus.DRAFT.value).order_by(Programme.first_day.desc())))


def initiatives_in(programme: Programme, city: City) -> list[Initiative]:
    """What ``city`` presents in ``programme``, in seminar order."""
    return list(db.session.scalars(
        sa.select(Initiative).join(Initiative.seminar).join(Seminar.event)
        .where(Initiative.city_id == city.id, Event.programme_id == programme.id)
        .options(selectinload(Initiative.seminar).selectinload(Seminar.initiatives).selectinload(Initiative.city))
        .order_by(Seminar.starts_at)))


def cities_of(programme: Programme) -> list[tuple[City, list[Initiative]]]:
    """The cities taking part in ``programme``, by name in the language in force, each with what it
    presents there."""
    presented: dict[int, list[Initiative]] = {}
    for initiative in db.session.scalars(
            sa.select(Initiative).join(Initiative.seminar).join(Seminar.event)
            .where(Event.programme_id == programme.id).options(selectinload(Initiative.seminar))
            .order_by(Seminar.starts_at, Initiative.position)):
        presented.setdefault(initiative.city_id, []).append(initiative)
    cities = db.session.scalars(sa.select(City).join(programme_cities)
                                .where(programme_cities.c.programme_id == programme.id).order_by(City.name))
    return [(city, presented.get(city.id, [])) for city in sorted(cities, key=lambda c: content.text(c, "name"))]


@dataclass(frozen=True)
class CityTime:
    city: City
    times: DualRange


def seminar_times(seminar: Seminar, reader_zone: str) -> DualRange:
    return for_reader(seminar.starts_at, seminar.ends_at, reader_zone=reader_zone,
                      event_zone=seminar.timezone, in_person=False, locale=cldr())


def event_times(event: Event, reader_zone: str) -> DualRange | None:
    """The times of a timed event (None for an all-day range, which has dates only)."""
    if event.all_day:
        return None
    return for_reader(event.starts_at, event.ends_at, reader_zone=reader_zone,
                      event_zone=event.venue.timezone if event.venue else event.timezone,
                      in_person=event.venue is not None or not event.online, locale=cldr())


def times_in_cities(seminar: Seminar) -> list[CityTime]:
    """The seminar's time as read in each presenting city, in presentation order."""
    return [
        CityTime(i.city, for_reader(seminar.starts_at, seminar.ends_at, reader_zone=i.city.timezone,
                                    event_zone=seminar.timezone, in_person=False, locale=cldr()))
        for i in seminar.initiatives
    ]
