"""A registrant's own feed, behind the secret token of its address: their seminars with the
meeting details, and the legs of the tours they were accepted to."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import languages
from app.extensions import db
from app.feeds.cache import BuiltFeed, feed_cache, speaking
from app.feeds.service import feed_info, finish, seminars
from app.feeds.tours import leg_entry
from app.models import (ApplicationStatus, FeedToken, Registrant, Registration, RegistrationStatus, Seminar, Tour,
                        TourApplication)
from app.urls import page_url
from calendars import ical


def personal_registrant(token: str) -> Registrant | None:
    """The registrant behind an active personal-feed token."""
    return db.session.scalar(
        sa.select(Registrant).join(FeedToken).where(FeedToken.token == token, FeedToken.revoked_at.is_(None)))


def personal_feed(registrant: Registrant, zone: str | None, language: str | None = None) -> BuiltFeed:
    """A registrant's confirmed seminars with meeting details and the legs of the tours they were
    accepted to (each in its city's zone), built on each request (a handful of cached VEVENTs);
    Last-Modified also follows their registrations, applications and settings. In ``language``
    (default: the registrant's, as their emails)."""
    zone, language = zone or registrant.timezone, languages.get(language or registrant.language).code
    with speaking(language):
        return _personal_feed(registrant, zone, language)


def _personal_feed(registrant: Registrant, zone: str, language: str) -> BuiltFeed:
    def confirmed(query):
        return query.join(Registration, Registration.seminar_id == Seminar.id).where(
            Registration.registrant_id == registrant.id, Registration.status == RegistrationStatus.CONFIRMED.value)

    info = feed_info("personal", str(registrant.id), _("Guangzhou Award: my seminars"), zone)
    own = db.session.scalar(sa.select(sa.func.max(Registration.updated_at))
                            .where(Registration.registrant_id == registrant.id))
    applied = db.session.scalar(sa.select(sa.func.max(TourApplication.updated_at))
                                .where(TourApplication.registrant_id == registrant.id))
    return finish(feed_cache().version(), info, seminars(confirmed, zone, language, personal=True),
                  _legs(registrant, zone), "my-guangzhou-award-seminars.ics",
                  last_modified=max(filter(None, (own, applied, registrant.updated_at))))


def _legs(registrant: Registrant, zone: str) -> list[ical.Entry]:
    """Every leg of the tours the registrant was accepted to, in itinerary order."""
    entries = []
    for tour in db.session.scalars(sa.select(Tour).join(TourApplication, TourApplication.tour_id == Tour.id).where(
            TourApplication.registrant_id == registrant.id,
            TourApplication.status == ApplicationStatus.ACCEPTED.value).order_by(Tour.id)):
        page = page_url("tours.tour", programme=tour.programme.slug, slug=tour.slug)
        entries += [leg_entry(tour, number, leg, zone, page) for number, leg in enumerate(tour.legs, start=1)]
    return entries
