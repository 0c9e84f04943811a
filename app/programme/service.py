"""Queries and view data for the public pages; shared later by feeds and jobs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import City, Event, Initiative, Seminar
from calendars import zones
from calendars.display import DualRange, for_reader


def seminar_query():
    return sa.select(Seminar).options(
        selectinload(Seminar.initiatives).selectinload(Initiative.city), selectinload(Seminar.event)
    )


def all_events() -> list[Event]:
    """Every event in date order, each with its seminars and their presenting cities."""
    events = db.session.scalars(
        sa.select(Event).options(
            selectinload(Event.seminars).selectinload(Seminar.initiatives).selectinload(Initiative.city)
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


def event_is_over(event: Event, now: dt.datetime) -> bool:
    return event_end(event) <= now


def upcoming(now: dt.datetime) -> tuple[list[Seminar], list[Event]]:
    """Seminars not yet ended (soonest first) and the other events not yet over."""
    seminars = db.session.scalars(
        seminar_query().where(Seminar.ends_at > now).order_by(Seminar.starts_at)
    ).all()
    events = [e for e in all_events() if e.kind != "seminar-series" and not event_is_over(e, now)]
    return list(seminars), events


def seminar_or_404(slug: str) -> Seminar:
    """The seminar of a page, or a 404 that names what was asked for."""
    return db.first_or_404(seminar_query().where(Seminar.slug == slug),
                           description=f"There is no seminar “{slug[:80]}”.")


def city_or_404(slug: str) -> City:
    """The shortlisted city of a page, with its initiatives and their seminars, or a 404."""
    return db.first_or_404(
        sa.select(City).where(City.slug == slug).options(
            selectinload(City.initiatives).selectinload(Initiative.seminar)
            .selectinload(Seminar.initiatives).selectinload(Initiative.city)),
        description=f"There is no city “{slug[:80]}” on the shortlist.")


def all_cities() -> list[City]:
    return list(db.session.scalars(
        sa.select(City).options(selectinload(City.initiatives).selectinload(Initiative.seminar))
        .order_by(City.name)
    ))


@dataclass(frozen=True)
class CityTime:
    city: City
    times: DualRange


def seminar_times(seminar: Seminar, reader_zone: str) -> DualRange:
    return for_reader(seminar.starts_at, seminar.ends_at, reader_zone=reader_zone,
                      event_zone=seminar.timezone, in_person=False)


def event_times(event: Event, reader_zone: str) -> DualRange | None:
    """The times of a timed event (None for an all-day range, which has dates only)."""
    if event.all_day:
        return None
    return for_reader(event.starts_at, event.ends_at, reader_zone=reader_zone,
                      event_zone=event.timezone, in_person=not event.online)


def times_in_cities(seminar: Seminar) -> list[CityTime]:
    """The seminar's time as read in each presenting city, in presentation order."""
    return [
        CityTime(i.city, for_reader(seminar.starts_at, seminar.ends_at, reader_zone=i.city.timezone,
                                    event_zone=seminar.timezone, in_person=False))
        for i in seminar.initiatives
    ]
