"""In a real browser: the stop link of a reminder email asks first, then stops reminders."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Registrant
from app.reminders.service import queue_due
from tests.app.helpers.registration import deliver, link
from tests.app.helpers.reminders import seat, seminar

pytestmark = pytest.mark.e2e
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=dt.timezone.utc)


def test_the_stop_link_asks_then_stops_reminders(live_server, demo, smtp, clock, new_page):
    registration = seat(seminar(), "ana@example.org", confirmed_at=dt.datetime(2023, 10, 30, 8, tzinfo=dt.timezone.utc))
    clock.now = START - dt.timedelta(hours=24)
    queue_due(clock())
    [message] = deliver(clock, smtp)
    page = new_page()
    page.goto(live_server + link(message, "/reminders/stop/"))
    expect(page.locator("h1")).to_have_text("Stop reminders?")
    page.get_by_role("button", name="Stop reminders").click()
    expect(page.locator("h1")).to_have_text("Reminders stopped")
    expect(page.locator(".lead")).to_contain_text("We will send no more reminders to ana@example.org.")
    db.session.expire_all()
    assert db.session.get(Registrant, registration.registrant_id).reminder_offsets == []
