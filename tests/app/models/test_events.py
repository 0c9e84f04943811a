"""An event is either all-day dates or two instants, never both."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event

UTC = dt.timezone.utc


def test_all_day_event_keeps_dates_not_midnights(make_event):
    event = make_event(slug="vote", kind="vote", first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 11, 30))
    db.session.expire_all()
    loaded = db.session.get(Event, event.id)
    assert (loaded.first_day, loaded.last_day, loaded.starts_at, loaded.all_day) == (
        dt.date(2023, 11, 1), dt.date(2023, 11, 30), None, True)
    assert type(loaded.first_day) is dt.date


def test_event_with_both_dates_and_instants_is_refused(make_event):
    with pytest.raises(sa.exc.IntegrityError):
        make_event(starts_at=dt.datetime(2023, 11, 6, tzinfo=UTC), ends_at=dt.datetime(2023, 11, 7, tzinfo=UTC))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
