"""Queries for a programme's study tours, and each leg as a visitor reads it: in its city's time
first, in the visitor's beside it. Shared by the pages and the tour feed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import City, Programme, Tour, TourLeg, Venue, programme_cities
from app.i18n import cldr
from calendars import itinerary, links, zones


def tour_query():
    return sa.select(Tour).options(selectinload(Tour.legs).selectinload(TourLeg.city),
                                   selectinload(Tour.legs).selectinload(TourLeg.venue))


def tour_or_404(programme: Programme, slug: str) -> Tour:
    """A tour of ``programme``, or a 404 that names what was asked for."""
    return db.first_or_404(tour_query().where(Tour.slug == slug, Tour.programme_id == programme.id),
                           description=_("There is no tour “%(slug)s” in this programme.", slug=slug[:80]))


def span(leg: TourLeg) -> itinerary.Leg:
    """The leg as calendars.itinerary sees it: its days, or its instants, in its zone."""
    if leg.all_day:
        return itinerary.Leg(leg.first_day, leg.last_day, leg.timezone)
    return itinerary.Leg(leg.starts_at, leg.ends_at, leg.timezone)


def map_link(venue: Venue) -> str | None:
    """OpenStreetMap at the venue's point, else a search for its address (a name alone when it has
    none: the search finds addresses better without the name in front)."""
    if venue.coordinates is not None:
        return links.openstreetmap(*venue.coordinates)
    query = address_line(venue) or venue.location
    return links.openstreetmap_search(query) if query.strip() else None


def address_line(venue: Venue) -> str:
    """The postal address on one line: ``Kazan, Republic of Tatarstan, Russia``."""
    return ", ".join(part.strip() for part in venue.address.splitlines() if part.strip())


@dataclass(frozen=True)
class TourSummary:
    """A tour as a list shows it: its first and last day (each leg's days in its own city) and cities."""

    tour: Tour
    first_day: dt.date | None
    last_day: dt.date | None
    cities: list[City]


def summary(tour: Tour) -> TourSummary:
    days = [itinerary.leg_days(span(leg), leg.timezone) for leg in tour.legs]
    return TourSummary(tour, min((d.local_first_day for d in days), default=None),
                       max((d.local_last_day for d in days), default=None), [leg.city for leg in tour.legs])


def tours_of(programme: Programme) -> list[TourSummary]:
    """The programme's tours, the earliest first (a tour without legs last)."""
    found = [summary(t) for t in db.session.scalars(tour_query().where(Tour.programme_id == programme.id))]
    return sorted(found, key=lambda s: (s.first_day is None, s.first_day or dt.date.min, s.tour.slug))


@dataclass(frozen=True)
class LegView:
    """One leg of the itinerary for one visitor."""

    leg: TourLeg
    #: The leg in its city's time, and in the visitor's (None when the zones are the same).
    local: itinerary.Reading
    visitor: itinerary.Reading | None
    #: Its days in both zones: ``days.crosses_date_line`` when it starts on another date for the visitor.
    days: itinerary.LegDays
    #: The city takes part in the programme, so it has a page there.
    city_page: bool
    map_url: str | None
    #: The venue's postal address on one line ("" without a venue or an address).
    address: str

    @property
    def start_iso(self) -> str:
        return zones.to_utc(self.local.start).strftime("%Y-%m-%dT%H:%M:%SZ")


def itinerary_for(tour: Tour, visitor_zone: str) -> list[LegView]:
    """Each leg of ``tour`` in order, as a visitor in ``visitor_zone`` reads it."""
    taking_part = set(db.session.scalars(sa.select(programme_cities.c.city_id).where(
        programme_cities.c.programme_id == tour.programme_id)))
    visitor = zones.zone_name(visitor_zone)
    views = []
    for leg in tour.legs:
        own = span(leg)
        views.append(LegView(
            leg=leg, local=itinerary.reading(own, leg.timezone, cldr()),
            visitor=None if zones.zone_name(leg.timezone) == visitor else itinerary.reading(own, visitor, cldr()),
            days=itinerary.leg_days(own, visitor), city_page=leg.city_id in taking_part,
            map_url=map_link(leg.venue) if leg.venue is not None else None,
            address=address_line(leg.venue) if leg.venue is not None else ""))
    return views
