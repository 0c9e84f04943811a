"""The stop link of every reminder (List-Unsubscribe, one click): it stops reminders and nothing else."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.models import Registration
from app.reminders.service import queue_due, stop_token
from tests.app.helpers.registration import deliver, link
from tests.app.helpers.reminders import outbox, seat, seminar

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
LONG_AGO = dt.datetime(2023, 10, 30, 8, 0, tzinfo=UTC)


def _first_reminder(clock, smtp):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=24)
    queue_due(clock())
    [message] = deliver(clock, smtp)
    return registration, link(message, "/reminders/stop/")


def test_one_click_post_stops_every_further_reminder(client, seminar_one, clock, smtp):
    registration, stop = _first_reminder(clock, smtp)
    response = client.post(stop, data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "We will send no more reminders to ana@example.org." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).registrant.reminder_offsets == []
    assert db.session.get(Registration, registration.id).status == "confirmed"
    clock.now = START - dt.timedelta(hours=1)
    assert queue_due(clock()).queued == []


def test_stopping_withdraws_a_reminder_queued_but_not_yet_sent(client, seminar_one, clock, smtp):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=24)
    queue_due(clock())
    client.post(f"/reminders/stop/{stop_token(registration.registrant)}")
    assert outbox() == [("reminder", "ana@example.org", "withdrawn")]
    assert deliver(clock, smtp) == []


def test_opening_the_link_only_asks(client, seminar_one, clock, smtp):
    registration, stop = _first_reminder(clock, smtp)
    html = client.get(stop).get_data(as_text=True)
    assert "<h1>Stop reminders?</h1>" in html and '<button type="submit" class="button">Stop reminders</button>' in html
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).registrant.reminder_offsets == [1440, 60]


def test_a_changed_link_stops_nothing_and_says_so(client, seminar_one, clock, smtp):
    registration, stop = _first_reminder(clock, smtp)
    for bad in (stop[:-2] + ("AA" if not stop.endswith("AA") else "BB"), "/reminders/stop/x",
                "/reminders/stop/" + "a" * 300,
                "/reminders/stop/OTk5OTk5OTk5OTk5.abc"):
        response = client.post(bad)
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).registrant.reminder_offsets == [1440, 60]


def test_reminders_can_be_chosen_again_on_the_manage_page(client, seminar_one, clock, smtp):
    registration, stop = _first_reminder(clock, smtp)
    client.post(stop)
    manage = f"/manage/{registration.registrant.manage_token}"
    html = client.get(manage).get_data(as_text=True)
    assert 'value="1440">' in html and 'value="1440" checked' not in html
