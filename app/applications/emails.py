"""The emails of an application, in the applicant's zone, written to the outbox."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app

from app.mail import Mail, queue
import sqlalchemy as sa

from app.extensions import db
from app.models import FeedToken, OutboxMessage, TourApplication, TourLeg
from app.urls import absolute_url
from app.i18n import cldr
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
        texts.append(LegText(leg.city.place, leg.host, leg.venue.location if leg.venue else "",
                             _text(span, leg.timezone), _text(span, zone)))
    return texts


def _text(leg: itinerary.Leg, zone: str) -> str:
    """``Mon 20 Apr 2015 09:00 – Wed 22 Apr 2015 17:00 Moscow time (UTC+3)``."""
    reading = itinerary.reading(leg, zone, cldr())
    return f"{reading.text} {reading.label} ({reading.offset_text})"


def _send(key: str, application: TourApplication, subject: str, template: str, **context) -> None:
    tour, person = application.tour, application.registrant
    context.update(application=application, tour=tour, registrant=person,
                   legs=leg_texts(tour.legs, person.timezone),
                   tour_url=absolute_url("tours.tour", programme=tour.programme.slug, slug=tour.slug),
                   manage_url=absolute_url("registration.manage", token=person.manage_token),
                   footer_reason="this address was used to apply to join a study tour")
    queue(Mail(template).compose(key, person.email, subject, **context))


def _window(now: dt.datetime) -> int:
    return int(now.timestamp() // 600)  # one confirmation per ten minutes: a natural rate limit


def confirmation(application: TourApplication, token: str, now: dt.datetime) -> None:
    _send(f"tour-confirm:{application.id}:{_window(now)}", application,
          f"Please confirm your application: {application.tour.title}", "tour_confirm",
          confirm_url=absolute_url("applications.confirm", token=token),
          max_age_days=current_app.config["REGISTRATION_LINK_MAX_AGE"].days)


def already_applied(application: TourApplication, now: dt.datetime) -> None:
    _send(f"tour-already:{application.id}:{_window(now)}", application,
          f"You have already applied: {application.tour.title}", "tour_status")


def received(application: TourApplication, now: dt.datetime) -> None:
    subject = (f"On the waiting list: {application.tour.title}" if application.status == "waitlisted"
               else f"Application received: {application.tour.title}")
    _send(f"tour-received:{application.id}", application, subject, "tour_status")


def accepted(application: TourApplication, feed: FeedToken, now: dt.datetime) -> None:
    """The itinerary, and the personal feed that now holds every leg (each in its city's zone)."""
    _send(f"tour-accepted:{application.id}:{int(now.timestamp())}", application,
          f"You are accepted: {application.tour.title}", "tour_status",
          feed_url=absolute_url("feeds.personal", token=feed.token))


def declined(application: TourApplication, now: dt.datetime) -> None:
    _send(f"tour-declined:{application.id}:{int(now.timestamp())}", application,
          f"Your application was not accepted: {application.tour.title}", "tour_status")


def legs_moved(application: TourApplication, legs: list[TourLeg], now: dt.datetime) -> None:
    """The new times of the legs that moved, then the whole itinerary as it now stands."""
    person = application.registrant
    _send(f"tour-moved:{application.id}:{int(now.timestamp())}", application,
          f"New dates: {application.tour.title}", "tour_moved", moved=leg_texts(legs, person.timezone))


def leg_reminder(application: TourApplication, leg: TourLeg, minutes: int, key: str) -> int:
    """One reminder before ``leg``; 1 when it was queued now, 0 when its key was queued before."""
    person = application.registrant
    [text] = leg_texts([leg], person.timezone)
    tour = application.tour
    message = Mail("tour_reminder").compose(
        key, person.email, f"{'Tomorrow' if minutes == 1440 else 'Soon'}: {leg.city.name}, {tour.title}",
        application=application, tour=tour, registrant=person, leg=text, legs=leg_texts(tour.legs, person.timezone),
        tour_url=absolute_url("tours.tour", programme=tour.programme.slug, slug=tour.slug),
        footer_reason="you were accepted to join this study tour")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.key == key))
    queue(message)
    return 0 if before else 1
