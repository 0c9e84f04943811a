"""Add and edit a programme's study tours and their legs from the console, each commit with its
audit entry; a leg that moves tells its accepted participants (applications.service, as the import
does)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app import audit, time_problems
from app.applications.service import accepted_count, tell_of_moved_legs
from app.extensions import db
from app.field_error import FieldError
from app.models import City, Tour, TourLeg, Venue, programme_cities
from app.organise.service import save_row, slug_free
from app.tours.service import span
from calendars import itinerary


def save_tour(tour: Tour | None, values: dict, now: dt.datetime) -> tuple[Tour, dict]:
    """A new tour needs a slug no other tour has (its legs' UIDs name it); a tour keeps its slug,
    and its places never go below the participants already accepted."""
    if tour is None:
        slug_free(Tour, values["slug"], None, "tour")
    elif values["capacity"] is not None and values["capacity"] < (accepted := accepted_count(tour)):
        raise FieldError("capacity", ngettext(
            "%(num)d participant is already accepted; give at least %(num)d places, or none for no limit.",
            "%(num)d participants are already accepted; give at least %(num)d places, or none for no limit.",
            accepted))
    return save_row("tour", lambda t: t.slug, tour, values, now, model=Tour)


def free_cities(tour: Tour) -> list[City]:
    """The programme's cities a new leg of ``tour`` may visit: those it does not visit yet."""
    visited = {leg.city_id for leg in tour.legs}
    return [city for city in db.session.scalars(
        sa.select(City).join(programme_cities).where(programme_cities.c.programme_id == tour.programme_id)
        .order_by(City.name)) if city.id not in visited]


def venues_in(cities: list[City]) -> list[Venue]:
    return list(db.session.scalars(sa.select(Venue).where(Venue.city_id.in_([c.id for c in cities]))
                                   .order_by(Venue.name)))


def _moves(leg: TourLeg) -> tuple:
    """What makes a leg move in a calendar (the shape tell_of_moved_legs compares)."""
    return leg.first_day, leg.last_day, leg.starts_at, leg.ends_at, leg.timezone, leg.venue_id


def _check(tour: Tour, leg: TourLeg | None, values: dict) -> None:
    """The itinerary with the edited leg in place must pass calendars.itinerary.check_legs; a problem
    of this leg, or its overlap with the next one, goes beside the form's field."""
    timed = values["starts_at"] is not None
    mine = itinerary.Leg(values["starts_at"] if timed else values["first_day"],
                         values["ends_at"] if timed else values["last_day"], values["timezone"])
    others = [(other.position, other.id, span(other)) for other in tour.legs if other is not leg]
    order = sorted(others + [(values["position"], leg.id if leg is not None else 2**31, mine)],
                   key=lambda entry: entry[:2])
    index = next(i for i, entry in enumerate(order) if entry[2] is mine)
    fields = {"start": "start" if timed else "first_day", "end": "end" if timed else "last_day", "zone": "timezone"}
    for problem in itinerary.leg_problems([entry[2] for entry in order]):
        if problem.index == index:
            message = time_problems.leg_problem(problem)
            raise FieldError(fields[problem.field], message[0].upper() + message[1:])
        if problem.index == index + 1 and problem.field == "start":
            raise FieldError(fields["start"], time_problems.next_leg_overlap(problem.leg))


def save_leg(tour: Tour, leg: TourLeg | None, values: dict, now: dt.datetime, *,
             notify: bool) -> tuple[TourLeg, dict, int]:
    """Add a leg (``values`` then name its ``city_id``) or change one; returns it, the changes and how
    many accepted participants were emailed because its dates, times, zone or venue changed."""
    city = leg.city if leg is not None else db.session.get(City, values["city_id"])
    if leg is None and (city is None or city not in free_cities(tour)):
        raise FieldError("city", _("Choose a city of the programme that the tour does not visit yet."))
    venue = db.session.get(Venue, values["venue_id"]) if values["venue_id"] else None
    if values["venue_id"] and (venue is None or venue.city_id != city.id):
        raise FieldError("venue", _("Choose a venue in %(city)s, or none.", city=city.name))
    _check(tour, leg, values)
    key = f"{tour.slug}/{city.slug}"
    if leg is None:
        leg = TourLeg(tour=tour, **values)
        db.session.add(leg)
        db.session.flush()
        changes, before = audit.diff({}, values), {}
        audit.record("added", "tour leg", key, changes, now=now, row=leg)
    else:
        changes = audit.diff({name: getattr(leg, name) for name in values}, values)
        if not changes:
            return leg, {}, 0
        before = {leg.id: _moves(leg)}
        for name, value in values.items():
            setattr(leg, name, value)
        db.session.flush()
        audit.record("changed", "tour leg", key, changes, now=now, row=leg)
    told = tell_of_moved_legs(before, {leg.id: _moves(leg)}, now, notify=notify)
    db.session.commit()
    return leg, changes, told
