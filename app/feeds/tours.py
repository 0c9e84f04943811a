"""A study tour's feed: one VEVENT per leg, each in its city's zone (with that zone's VTIMEZONE),
at its venue (LOCATION, GEO). Cached whole, like the other feeds, by the programme's version."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import content, languages
from app.calendar_entries import uid_domain
from app.extensions import db
from app.feeds.cache import AnyProgramme, BuiltFeed, built, cached
from app.feeds.service import feed_info
from app.models import Tour, TourLeg
from app.tours import service as tours
from app.i18n import cldr
from app.urls import page_url
from calendars import ical, itinerary, zones

#: Said first in every leg's description of an illustrative tour, as its page says it.
ILLUSTRATIVE = _l("An illustrative itinerary: the sources do not give the organisers' plan; "
                  "cities and dates are examples.")


def leg_uid(tour: Tour, leg: TourLeg) -> str:
    """A tour visits a city once: the tour's and the city's slugs name the leg for good."""
    return f"leg-{tour.slug}-{leg.city.slug}@{uid_domain()}"


def leg_description(tour: Tour, number: int, leg: TourLeg, feed_zone: str, page: str) -> str:
    """Notice, the leg's place in the tour, host, venue, its time in its city (and in the feed's
    zone when that differs), the map and the tour page."""
    parts = [str(ILLUSTRATIVE), ""] if tour.illustrative else []
    parts.append(_("Visit %(number)s of %(count)s of “%(tour)s”: %(place)s.", number=number, count=len(tour.legs),
                   tour=content.text(tour, "title"), place=content.place(leg.city)))
    if leg.host:
        parts.append(_("Host: %(host)s", host=content.text(leg, "host")))
    if leg.venue is not None:
        parts.append(_("Venue: %(venue)s", venue=content.location(leg.venue)))
    span = tours.span(leg)
    for index, zone in enumerate(dict.fromkeys((zones.zone_name(leg.timezone), feed_zone))):
        reading = itinerary.reading(span, zone, cldr())
        when = _("%(dates)s, %(zone_name)s (%(zone)s, %(offset)s)", dates=reading.text, zone_name=reading.label,
                 zone=reading.zone, offset=reading.offset_text)
        parts.append(_("When: %(when)s", when=when) if index == 0 else f"    = {when}")
    if leg.venue is not None and (link := tours.map_link(leg.venue)):
        parts.append(_("Map: %(url)s", url=link))
    parts.append(_("Tour page: %(url)s", url=page))
    return "\n".join(parts)


def leg_entry(tour: Tour, number: int, leg: TourLeg, feed_zone: str, page: str) -> ical.Entry:
    """Leg ``number`` (from 1) of ``tour``, in its city's zone; whole days as dates."""
    venue = leg.venue
    start, end = (leg.first_day, leg.last_day) if leg.all_day else (leg.starts_at, leg.ends_at)
    stamps = [leg.updated_at, tour.updated_at, leg.city.updated_at] + ([venue.updated_at] if venue else [])
    return ical.Entry(
        uid=leg_uid(tour, leg), summary=_("%(tour)s: %(city)s", tour=content.text(tour, "title"),
                                         city=content.text(leg.city, "name")),
        start=start, end=end,
        sequence=leg.sequence, last_modified=max(stamps), url=f"{page}#leg-{leg.city.slug}",
        description=leg_description(tour, number, leg, feed_zone, page),
        location=content.location(venue) if venue is not None else content.place(leg.city), zone=leg.timezone,
        geo=venue.coordinates if venue is not None else None)


def tour_feed(programme: AnyProgramme, slug: str, zone: str | None,
              language: str = languages.DEFAULT) -> BuiltFeed | None:
    """The legs of ``programme``'s tour ``slug`` in itinerary order, in ``language``; ``zone``
    (default: the organisers') is the calendar's, while each leg keeps its city's. None for no such tour."""
    tour = db.session.scalar(tours.tour_query().where(Tour.slug == slug, Tour.programme_id == programme.id))
    if tour is None:
        return None
    zone = zone or programme.timezone

    def build(version):
        page = page_url("tours.tour", programme=programme.slug, slug=tour.slug)
        entries = [leg_entry(tour, number, leg, zone, page) for number, leg in enumerate(tour.legs, 1)]
        body = ical.build(feed_info("tour", tour.slug, content.text(tour, "title"), zone), entries)
        return built(version, body, f"{tour.slug}.ics", max((e.last_modified for e in entries), default=None))

    return cached("tour", tour.slug, zone, language, build)
