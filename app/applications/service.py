"""Applications to tours: each step and the email it causes in one transaction (emails go to the
outbox). Acceptance is the organisers' decision; a full tour puts a new applicant on its waiting list."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app import audit, signed_links
from app.applications import emails, reminders
from app.registration.service import ensure_feed_token, upsert_registrant
from app.dialect_insert import insert
from app.extensions import db
from app.models import ApplicationStatus, ProgrammeStatus, Tour, TourApplication, TourLeg
from app.models.types import utc_now
from app import labels
from calendars import itinerary

PENDING, APPLIED = ApplicationStatus.PENDING.value, ApplicationStatus.APPLIED.value
WAITLISTED, ACCEPTED = ApplicationStatus.WAITLISTED.value, ApplicationStatus.ACCEPTED.value
DECLINED, WITHDRAWN = ApplicationStatus.DECLINED.value, ApplicationStatus.WITHDRAWN.value
_SALT = "tour-application-confirm"


class LinkError(ValueError):
    """A confirmation link that was changed or has expired; the message says which."""


class DecisionError(ValueError):
    """A decision the organisers cannot take now; the message says why."""


@dataclass(frozen=True)
class Request:
    """What the application form asks for, already validated."""

    name: str
    email: str
    organisation: str
    note: str
    timezone: str
    language: str = "en"  #: of the page used (``app.i18n.current_code()``): the applicant's from now on


def tour_start(tour: Tour) -> dt.datetime | None:
    """When the first leg starts, in UTC (None for a tour without legs yet)."""
    return min((itinerary.instants(_leg(leg))[0] for leg in tour.legs), default=None)


def _leg(leg) -> itinerary.Leg:
    return (itinerary.Leg(leg.first_day, leg.last_day, leg.timezone) if leg.all_day
            else itinerary.Leg(leg.starts_at, leg.ends_at, leg.timezone))


def closed_reason(tour: Tour, now: dt.datetime) -> str | None:
    """Why the tour takes no application now (None when it does)."""
    if tour.programme.status == ProgrammeStatus.ARCHIVED.value:
        return _("This programme is archived: its tours take no applications.")
    start = tour_start(tour)
    if start is None:
        return _("This tour has no itinerary yet: it takes applications once its first leg is set.")
    if start <= now:
        return _("This tour has started: it takes no more applications.")
    return None


def accepted_count(tour: Tour) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(TourApplication).where(
        TourApplication.tour_id == tour.id, TourApplication.status == ACCEPTED))


def seats_left(tour: Tour) -> int | None:
    return None if tour.capacity is None else max(0, tour.capacity - accepted_count(tour))


def confirmation_token(application: TourApplication, now: dt.datetime) -> str:
    return signed_links.sign_timed(_SALT, {"a": application.id}, now)


def read_confirmation_token(token: str, now: dt.datetime) -> TourApplication:
    max_age = current_app.config["REGISTRATION_LINK_MAX_AGE"]
    try:
        application_id = signed_links.row_id(signed_links.read_timed(_SALT, token, now, max_age)["a"])
    except signed_links.ExpiredLink:
        raise LinkError(_("This confirmation link has expired (links work for %(days)s days). "
                          "Please apply again to get a new one.", days=max_age.days)) from None
    except (signed_links.BadLink, KeyError, TypeError):
        raise LinkError(_("This confirmation link is not valid: it may have been cut or changed. "
                          "Copy the whole link from the email, or apply again.")) from None
    application = db.session.get(TourApplication, application_id)
    if application is None:
        raise LinkError(_("This confirmation link no longer matches an application. Please apply again."))
    return application


def apply(tour: Tour, request: Request, now: dt.datetime) -> None:
    """Record an application and email the confirmation link (or, for one already confirmed, where
    it stands); the page says the same whatever happened, so it tells nobody who applied."""
    registrant = upsert_registrant(email=request.email, name=request.name, organisation=request.organisation,
                                   place="", timezone=request.timezone, reminders=[], language=request.language,
                                   now=now)
    table = TourApplication.__table__.c
    reopen = table.status.in_((WITHDRAWN,))
    statement = insert(TourApplication).values(tour_id=tour.id, registrant_id=registrant.id, note=request.note,
                                                  status=PENDING)
    statement = statement.on_conflict_do_update(index_elements=["tour_id", "registrant_id"], set_={
        "status": sa.case((reopen, PENDING), else_=table.status),
        "note": sa.case((table.status.in_((PENDING, WITHDRAWN)), statement.excluded.note), else_=table.note),
        "updated_at": utc_now()})
    application = db.session.scalars(statement.returning(TourApplication),
                                     execution_options={"populate_existing": True}).one()
    if application.status == PENDING:
        emails.confirmation(application, confirmation_token(application, now), now)
    else:
        emails.already_applied(application, now)
    db.session.commit()


def confirm(token: str, now: dt.datetime) -> TourApplication:
    """Confirm an application: it waits for the organisers, or on the waiting list when the tour is full."""
    application = read_confirmation_token(token, now)
    if application.status == PENDING and closed_reason(application.tour, now) is None:
        _lock(application.tour)
        left = seats_left(application.tour)
        application.status = WAITLISTED if left == 0 else APPLIED
        application.confirmed_at = application.updated_at = now
        emails.received(application, now)
    db.session.commit()
    return application


def _lock(tour: Tour) -> None:
    """Serialise seat counting per tour: a row lock on PostgreSQL (SQLite has one writer)."""
    db.session.scalar(sa.select(Tour.id).where(Tour.id == tour.id).with_for_update())


def accept(application: TourApplication, now: dt.datetime) -> None:
    """The organisers accept: a seat must be free (capacity counts accepted participants)."""
    if application.status not in (APPLIED, WAITLISTED):
        raise DecisionError(_("Only a confirmed application can be accepted; this one is %(status)s.",
                              status=labels.status(application.status, "application")))
    _lock(application.tour)
    if seats_left(application.tour) == 0:
        raise DecisionError(_("The tour is full (%(capacity)s accepted): decline someone first, "
                              "or raise its capacity in the programme file.", capacity=application.tour.capacity))
    _decided(application, ACCEPTED, now)
    emails.accepted(application, ensure_feed_token(application.registrant), now)
    db.session.commit()


def decline(application: TourApplication, now: dt.datetime) -> None:
    if application.status not in (APPLIED, WAITLISTED, ACCEPTED):
        raise DecisionError(_("Only a confirmed application can be declined; this one is %(status)s.",
                              status=labels.status(application.status, "application")))
    _decided(application, DECLINED, now)
    emails.declined(application, now)
    db.session.commit()


def _decided(application: TourApplication, status: str, now: dt.datetime) -> None:
    """The organisers' decision, audited in the same transaction (the applicant's address is the key)."""
    audit.record(status, "application", f"{application.tour.slug}/{application.registrant.email}",
                 {"status": [application.status, status]}, now=now, programme=application.tour.programme.slug)
    application.status, application.decided_at, application.updated_at = status, now, now


def applications_of(tour: Tour) -> list[TourApplication]:
    """Confirmed applications first in the order they were confirmed, then those still pending."""
    rows = db.session.scalars(sa.select(TourApplication).where(TourApplication.tour_id == tour.id)
                              .order_by(TourApplication.confirmed_at.is_(None), TourApplication.confirmed_at,
                                        TourApplication.id)).all()
    return list(rows)


def tell_of_moved_legs(before: dict[int, tuple], after: dict[int, tuple], now: dt.datetime, *, notify: bool) -> int:
    """Email every accepted participant of a tour whose legs moved (``before``/``after``: leg id ->
    its times and place); one email per participant and tour. Returns how many were queued."""
    moved = [leg_id for leg_id, was in before.items() if leg_id in after and after[leg_id] != was]
    if not moved or not notify:
        return 0
    tours = {leg.tour for leg in db.session.scalars(sa.select(TourLeg).where(TourLeg.id.in_(moved)))}
    told = 0
    for tour in sorted(tours, key=lambda t: t.id):
        legs = [leg for leg in tour.legs if leg.id in moved]
        for application in db.session.scalars(sa.select(TourApplication).where(
                TourApplication.tour_id == tour.id, TourApplication.status == ACCEPTED)):
            for leg in legs:
                reminders.withdraw(application, leg)
            emails.legs_moved(application, legs, now)
            told += 1
    return told
