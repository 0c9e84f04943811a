"""Events in the console: an all-day range or a timed event; new dates raise its sequence."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.extensions import db
from app.models import Event
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import field_errors

UTC = dt.timezone.utc
NEW = "/organise/p/award-2023/events/new"


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_event_all_day_range_and_timed_event(editor_client, make_event):
    client = editor_client
    for slug, kind in [("international-seminar-2023", "seminar-series"), ("city-of-your-choice-2023", "vote"),
                       ("award-ceremony-2023", "ceremony"), ("global-mayors-forum-2023", "forum"),
                       ("metropolis-board-2012", "meeting")]:  # the five events of the programme
        make_event(slug=slug, kind=kind, title=slug)
    base = {"slug": "closing-forum", "kind": "forum", "title": "Closing forum", "description": "",
            "location": "Guangzhou, China", "timezone": "Asia/Shanghai"}
    backwards = post_form(client, NEW, {**base, "shape": "days", "first_day": "2023-12-08", "last_day": "2023-12-07"})
    assert field_errors(backwards.get_data(as_text=True)) == ["The last day must be on or after the first day."]
    missing = post_form(client, NEW, {**base, "shape": "timed", "date": "2023-12-08"})
    assert field_errors(missing.get_data(as_text=True)) == ["Please fill this in.", "Please fill this in."]
    assert _count(Event) == 5
    response = post_form(client, NEW, {**base, "shape": "timed", "date": "2023-12-08",
                                                          "start": "09:00", "end": "11:30"})
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2023/events/closing-forum")
    event = db.session.scalar(sa.select(Event).where(Event.slug == "closing-forum"))
    assert (event.starts_at, event.ends_at, event.first_day) == (
        dt.datetime(2023, 12, 8, 1, 0, tzinfo=UTC), dt.datetime(2023, 12, 8, 3, 30, tzinfo=UTC), None)
    assert "DTSTART;TZID=Asia/Shanghai:20231208T090000\r\n" in client.get(
        "/calendars/programme.ics").get_data(as_text=True)
    taken = post_form(client, NEW, {**base, "slug": "award-ceremony-2023", "shape": "days",
                                    "first_day": "2023-12-08", "last_day": "2023-12-08"})
    assert field_errors(taken.get_data(as_text=True)) == [
        "Another event already uses the address name “award-ceremony-2023”."]


def test_event_dates_change_raises_its_sequence(editor_client, make_vote_event):
    client = editor_client
    vote = make_vote_event(description="Attend the seminars, then vote.")
    sequence = vote.sequence
    response = post_form(client, "/organise/p/award-2023/events/city-of-your-choice-2023", {
        "slug": vote.slug, "kind": vote.kind, "title": vote.title, "description": vote.description,
        "location": vote.location, "timezone": vote.timezone, "shape": "days", "first_day": "2023-11-01",
        "last_day": "2023-12-02"})
    assert response.status_code == 303
    db.session.expire_all()
    assert (vote.last_day, vote.sequence) == (dt.date(2023, 12, 2), sequence + 1)
