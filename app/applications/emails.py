"""The emails of an application, in the applicant's language and zone, written to the outbox."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app import content
from app.extensions import db
from app.i18n import cldr
from app.mail import Mail, in_language, queue
from app.models import FeedToken, OutboxMessage, TourApplication, TourLeg
from app.urls import absolute_url, page_url
from calendars import itinerary


@dataclass(frozen=True)
class LegText:
    """One leg for an email: where, and when on the city's clocks and on the reader's."""

    city: str
    host: str
    venue: str
    local: str
    reader: str


def leg_texts(legs: list[TourLeg], zone: str) -> list[LegText]:
    texts = []
    for leg in legs:
        span = (itinerary.Leg(leg.first_day, leg.last_day, leg.timezone) if leg.all_day
                else itinerary.Leg(leg.starts_at, leg.ends_at, leg.timezone))
        texts.append(LegText(content.place(leg.city), content.text(leg, "host"),
                             content.location(leg.venue) if leg.venue else "",
                             _text(span, leg.timezone), _text(span, zone)))
    return texts


def _text(leg: itinerary.Leg, zone: str) -> str:
    """``Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00 Moscow Time (UTC+3)``, in the language in force."""
    reading = itinerary.reading(leg, zone, cldr())
    return _("%(dates)s %(zone)s (%(offset)s)", dates=reading.text, zone=reading.label, offset=reading.offset_text)


def _footer() -> str:
    return _("You receive this email because this address was used to apply to join a study tour.")


def _send(key: str, application: TourApplication, subject: str, template: str, **context) -> None:
    """Called inside ``in_language(applicant's language)``, where the subject was written."""
    tour, person = application.tour, application.registrant
    context.update(application=application, tour=tour, registrant=person,
                   legs=leg_texts(tour.legs, person.timezone),
                   tour_url=page_url("tours.tour", programme=tour.programme.slug, slug=tour.slug),
                   manage_url=page_url("registration.manage", token=person.manage_token), footer=_footer())
    queue(Mail(template).compose(key, person.email, subject, **context))


def _window(now: dt.datetime) -> int:
    return int(now.timestamp() // 600)  # one confirmation per ten minutes: a natural rate limit


def confirmation(application: TourApplication, token: str, now: dt.datetime) -> None:
    with in_language(application.registrant.language):
        _send(f"tour-confirm:{application.id}:{_window(now)}", application,
              _("Please confirm your application: %(tour)s", tour=content.text(application.tour, "title")),
              "tour_confirm",
              confirm_url=page_url("applications.confirm", token=token),
              max_age_days=current_app.config["REGISTRATION_LINK_MAX_AGE"].days)


def already_applied(application: TourApplication, now: dt.datetime) -> None:
    with in_language(application.registrant.language):
        _send(f"tour-already:{application.id}:{_window(now)}", application,
              _("You have already applied: %(tour)s", tour=content.text(application.tour, "title")), "tour_status")


def received(application: TourApplication, now: dt.datetime) -> None:
    with in_language(application.registrant.language):
        title = content.text(application.tour, "title")
        subject = (_("On the waiting list: %(tour)s", tour=title) if application.status == "waitlisted"
                   else _("Application received: %(tour)s", tour=title))
        _send(f"tour-received:{application.id}", application, subject, "tour_status")


def accepted(application: TourApplication, feed: FeedToken, now: dt.datetime) -> None:
    """The itinerary, and the personal feed that now holds every leg (each in its city's zone)."""
    with in_language(application.registrant.language):
        _send(f"tour-accepted:{application.id}:{int(now.timestamp())}", application,
              _("You are accepted: %(tour)s", tour=content.text(application.tour, "title")), "tour_status",
              feed_url=absolute_url("feeds.personal", token=feed.token))


def declined(application: TourApplication, now: dt.datetime) -> None:
    with in_language(application.registrant.language):
        _send(f"tour-declined:{application.id}:{int(now.timestamp())}", application,
              _("Your application was not accepted: %(tour)s", tour=content.text(application.tour, "title")),
              "tour_status")


def legs_moved(application: TourApplication, legs: list[TourLeg], now: dt.datetime) -> None:
    """The new times of the legs that moved, then the whole itinerary as it now stands."""
    person = application.registrant
    with in_language(person.language):
        _send(f"tour-moved:{application.id}:{int(now.timestamp())}", application,
              _("New dates: %(tour)s", tour=content.text(application.tour, "title")), "tour_moved",
              moved=leg_texts(legs, person.timezone))


def leg_reminder(application: TourApplication, leg: TourLeg, minutes: int, key: str) -> int:
    """One reminder before ``leg``; 1 when it was queued now, 0 when its key was queued before."""
    person, tour = application.registrant, application.tour
    with in_language(person.language):
        [text] = leg_texts([leg], person.timezone)
        city, title = content.text(leg.city, "name"), content.text(tour, "title")
        subject = (_("Tomorrow: %(city)s, %(tour)s", city=city, tour=title) if minutes == 1440
                   else _("Soon: %(city)s, %(tour)s", city=city, tour=title))
        message = Mail("tour_reminder").compose(
            key, person.email, subject, application=application, tour=tour, registrant=person, leg=text,
            legs=leg_texts(tour.legs, person.timezone),
            tour_url=page_url("tours.tour", programme=tour.programme.slug, slug=tour.slug),
            footer=_("You receive this email because you were accepted to join this study tour."))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.key == key))
    queue(message)
    return 0 if before else 1
