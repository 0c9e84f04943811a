"""Write a file's venues, the sessions of its meetings and its tours (see apply.py for the rest):
add and update by slug, in the caller's transaction."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.models import City, Event, Programme, Tour, TourLeg, Venue
from app.programme_file.parsing import ProgrammeFileError
from app.programme_file.rules import leg_zone
from app.programme_file.schema import EventIn, ProgrammeFile, TourIn
from app.time_problems import time_refusal
from calendars import zones
from calendars.walltimes import wall_instant


def apply_venues(data: ProgrammeFile, cities: dict[str, City], upsert) -> dict[str, Venue]:
    """Every venue of the file, by slug (venues are shared places: none is removed here)."""
    venues = {v.slug: v for v in db.session.scalars(sa.select(Venue))}
    for venue_in in data.venues:
        city = cities[venue_in.city]
        values = dict(name=venue_in.name, address=venue_in.address.strip(), city_id=city.id,
                      timezone=venue_in.timezone or city.timezone, latitude=venue_in.latitude,
                      longitude=venue_in.longitude, translations=venue_in.translations())
        venues[venue_in.slug] = upsert("venue", venue_in.slug, Venue, venues.get(venue_in.slug), values,
                                       slug=venue_in.slug)
    db.session.flush()
    return venues


def apply_sessions(event: Event, event_in: EventIn, shift: dt.timedelta, venues: dict[str, Venue], upsert) -> None:
    """A meeting's timetable: each session an event of the same programme, within the meeting."""
    for session_in in event_in.sessions:
        where = f"session {session_in.slug}"
        try:
            start = wall_instant(session_in.date + shift, session_in.start, session_in.timezone,
                                 session_in.start_offset)
            end = wall_instant((session_in.end_date or session_in.date) + shift, session_in.end, session_in.timezone,
                               session_in.end_offset)
        except ValueError as error:
            raise ProgrammeFileError([f"{where} › start/end: {time_refusal(error)}"]) from None
        venue = venues[session_in.venue] if session_in.venue else None
        values = dict(programme_id=event.programme_id, parent_id=event.id, kind=session_in.kind,
                      title=session_in.title, description=session_in.description.strip(),
                      timezone=session_in.timezone, location=venue.location if venue else event.location,
                      venue_id=venue.id if venue else event.venue_id, provisional=session_in.provisional,
                      first_day=None, last_day=None, starts_at=zones.to_utc(start), ends_at=zones.to_utc(end),
                      translations=session_in.translations())
        row = db.session.scalar(sa.select(Event).filter_by(slug=session_in.slug))
        upsert("event", session_in.slug, Event, row, values, slug=session_in.slug)
    db.session.flush()


def apply_tours(data: ProgrammeFile, programme: Programme, cities: dict[str, City], venues: dict[str, Venue],
                shift: dt.timedelta, upsert) -> None:
    """Every tour of the file, its legs replaced by the file's (a leg is keyed by its city)."""
    owners = dict(db.session.execute(sa.select(Tour.slug, Programme.slug).join(Tour.programme)
                                     .where(Tour.programme_id != programme.id)).all())
    taken = [f"tours[{t}] ({tour.slug}) › slug: " + _("“%(slug)s” belongs to the programme “%(owner)s”; give this "
                                                      "tour another slug", slug=tour.slug, owner=owners[tour.slug])
             for t, tour in enumerate(data.tours) if tour.slug in owners]
    if taken:
        raise ProgrammeFileError(taken)
    for tour_in in data.tours:
        values = dict(programme_id=programme.id, title=tour_in.title, description=tour_in.description.strip(),
                      audience=tour_in.audience, capacity=tour_in.capacity, illustrative=tour_in.illustrative,
                      translations=tour_in.translations())
        tour = upsert("tour", tour_in.slug, Tour, db.session.scalar(sa.select(Tour).filter_by(slug=tour_in.slug)),
                      values, slug=tour_in.slug)
        db.session.flush()
        _apply_legs(data, tour, tour_in, cities, venues, shift, upsert)


def _apply_legs(data, tour: Tour, tour_in: TourIn, cities, venues, shift: dt.timedelta, upsert) -> None:
    existing = {leg.city.slug: leg for leg in tour.legs}
    wanted = []
    for position, leg_in in enumerate(tour_in.legs):
        zone = leg_zone(data, leg_in)
        values = dict(position=position, city_id=cities[leg_in.city].id, host=leg_in.host, timezone=zone,
                      venue_id=venues[leg_in.venue].id if leg_in.venue else None,
                      translations=leg_in.translations())
        if leg_in.dates is not None:
            values.update(first_day=leg_in.dates.first + shift, last_day=leg_in.dates.last + shift,
                          starts_at=None, ends_at=None)
        else:
            try:
                start = wall_instant(leg_in.date + shift, leg_in.start, zone)
                end = wall_instant((leg_in.end_date or leg_in.date) + shift, leg_in.end, zone)
            except ValueError as error:
                raise ProgrammeFileError([f"tour {tour.slug} › leg {leg_in.city} › start/end: {time_refusal(error)}"]) \
                    from None
            values.update(first_day=None, last_day=None, starts_at=zones.to_utc(start), ends_at=zones.to_utc(end))
        row = existing.pop(leg_in.city, None)
        if row is None:
            row = TourLeg(tour=tour, **values)
            db.session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        wanted.append(row)
    tour.legs = wanted
    db.session.flush()


def tour_starts(data: ProgrammeFile) -> list[dt.datetime]:
    """When each leg of the file's tours starts (--upcoming shifts a programme so the first is ahead)."""
    starts = []
    for tour in data.tours:
        for leg in tour.legs:
            zone = leg_zone(data, leg)
            if zone is None:
                continue
            starts.append(zones.day_start(leg.dates.first, zone) if leg.dates is not None
                          else zones.localize(leg.date, leg.start, zone))
    return starts
