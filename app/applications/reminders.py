"""Reminders before each leg of a tour, for its accepted participants: queued when due, once.

The outbox key names the application, the leg, the leg's SEQUENCE and the offset, so a run twice
or two schedulers queue one message; a leg that moved gets its reminder for the new time (a new
SEQUENCE), and an unsent one for the old time is withdrawn by ``withdraw``. A scheduler that was
down catches up on restart for every leg not yet started.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.applications.emails import leg_reminder
from app.extensions import db
from app.models import ApplicationStatus, OutboxMessage, OutboxStatus, Tour, TourApplication, TourLeg
from calendars import itinerary

#: Minutes before a leg starts at which its participants are reminded.
LEG_REMINDERS = (1440,)


def _start(leg: TourLeg) -> dt.datetime:
    if leg.all_day:
        return itinerary.instants(itinerary.Leg(leg.first_day, leg.last_day, leg.timezone))[0]
    return leg.starts_at


def queue_due(now: dt.datetime) -> int:
    """Queue every leg reminder due at ``now`` for a leg not yet started; returns how many were new."""
    horizon = dt.timedelta(minutes=max(LEG_REMINDERS))
    rows = db.session.execute(
        sa.select(TourApplication, TourLeg).join(Tour, Tour.id == TourApplication.tour_id)
        .join(TourLeg, TourLeg.tour_id == Tour.id)
        .where(TourApplication.status == ApplicationStatus.ACCEPTED.value,
               sa.or_(sa.and_(TourLeg.starts_at > now, TourLeg.starts_at <= now + horizon),
                      sa.and_(TourLeg.first_day >= (now - dt.timedelta(days=1)).date(),
                              TourLeg.first_day <= (now + horizon + dt.timedelta(days=1)).date())))).all()
    queued = 0
    for application, leg in rows:
        start = _start(leg)
        for minutes in LEG_REMINDERS:
            if start - dt.timedelta(minutes=minutes) <= now < start:
                queued += leg_reminder(application, leg, minutes, f"tour-reminder:{application.id}:{leg.id}:"
                                       f"{leg.sequence}:{minutes}")
    db.session.commit()
    return queued


def withdraw(application: TourApplication, leg: TourLeg) -> None:
    """Drop the unsent reminders of a leg that moved (the change email told them)."""
    db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.key.like(f"tour-reminder:{application.id}:{leg.id}:%"),
        OutboxMessage.status == OutboxStatus.PENDING.value))
