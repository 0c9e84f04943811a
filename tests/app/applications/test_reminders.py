"""Reminders before each leg: a day ahead, once, in the participant's zone and the city's; a moved
leg's unsent reminder is withdrawn and the new time reminded instead."""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from app.applications import reminders, service
from app.extensions import db
from app.models import OutboxMessage, TourLeg
from jobs.tour_reminders import queue_tour_reminders
from tests.app.helpers.applications import UTC, application, submit
from tests.app.helpers.registration import confirm, deliver, link, text_of

KAZAN_STARTS = dt.datetime(2015, 4, 20, 6, 0, tzinfo=UTC)  # 09:00 in Kazan


def _accepted(client, clock, smtp) -> None:
    submit(client)
    confirm(client, link(deliver(clock, smtp)[0], "/tours/confirm/"))
    service.accept(application(), clock())
    deliver(clock, smtp)


def _reminder_keys() -> list[str]:
    return db.session.scalars(sa.select(OutboxMessage.key).where(OutboxMessage.key.like("tour-reminder:%"))
                              .order_by(OutboxMessage.id)).all()


def test_a_leg_is_reminded_a_day_ahead_once(app, client, tours, smtp, clock, caplog):
    _accepted(client, clock, smtp)
    clock.now = KAZAN_STARTS - dt.timedelta(days=1, seconds=1)
    assert reminders.queue_due(clock()) == 0
    clock.advance(seconds=1)
    with caplog.at_level(logging.INFO, logger="jobs"):
        queue_tour_reminders(app)
        queue_tour_reminders(app)  # twice: still one
    assert [r.getMessage() for r in caplog.records] == ["tour reminders: queued 1"]
    leg = db.session.scalar(sa.select(TourLeg).order_by(TourLeg.id))
    assert _reminder_keys() == [f"tour-reminder:{application().id}:{leg.id}:0:1440"]
    [mail] = deliver(clock, smtp)
    assert mail["Subject"] == "Tomorrow: Kazan, Study tour: Kazan, Antalya and Mannheim"
    assert ("Kazan, Russia (host: City of Kazan)\n"
            "   Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00 Moscow Time (UTC+3)\n"
            "   = Mon, 20 Apr 2015 01:00 – Wed, 22 Apr 2015 09:00 Colombia Time (UTC-5)\n") in text_of(mail)


def test_a_scheduler_down_at_the_due_time_catches_up_before_the_leg(app, client, tours, smtp, clock):
    _accepted(client, clock, smtp)
    clock.now = KAZAN_STARTS - dt.timedelta(hours=3)  # due 21 hours ago
    assert reminders.queue_due(clock()) == 1
    clock.now = KAZAN_STARTS  # started: nothing late
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()
    assert reminders.queue_due(clock()) == 0


def test_a_moved_legs_unsent_reminder_is_withdrawn(app, client, tours, smtp, clock):
    _accepted(client, clock, smtp)
    clock.now = KAZAN_STARTS - dt.timedelta(hours=12)
    reminders.queue_due(clock())
    leg = db.session.scalar(sa.select(TourLeg).order_by(TourLeg.id))
    before = {leg.id: (leg.first_day, leg.last_day, leg.starts_at, leg.ends_at, leg.timezone, leg.venue_id)}
    leg.starts_at += dt.timedelta(days=1)
    db.session.commit()
    after = {leg.id: (leg.first_day, leg.last_day, leg.starts_at, leg.ends_at, leg.timezone, leg.venue_id)}
    assert service.tell_of_moved_legs(before, after, clock(), notify=True) == 1
    db.session.commit()
    assert _reminder_keys() == []
    assert reminders.queue_due(clock()) == 0  # the new start is 36 hours away
