"""The edit rules registrants rely on, as the seminar save applies them."""
from __future__ import annotations

import datetime as dt

import pytest

from app.extensions import db
from app.field_error import FieldError
from tests.app.helpers.reminders import outbox, seat, seminar
from tests.app.helpers.seminars import LONG_AGO, NEW_START, START, UTC, cancel, move, save


@pytest.mark.parametrize("start, end, message", [
    (NEW_START, NEW_START, "The seminar must end after it starts."),
    (NEW_START.replace(tzinfo=None), NEW_START + dt.timedelta(hours=1), "Times must carry their zone."),
    (dt.datetime(2023, 10, 1, tzinfo=UTC), dt.datetime(2023, 10, 1, 2, tzinfo=UTC), "The new start is in the past."),
])
def test_a_move_that_cannot_be_made_is_refused_and_changes_nothing(seminar_one, clock, smtp, start, end, message):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    with pytest.raises(FieldError, match=message):
        save(seminar(), clock(), starts_at=start, ends_at=end)
    db.session.rollback()
    assert (seminar().starts_at, outbox()) == (START, [])


def test_a_cancelled_seminar_cannot_be_moved(seminar_one, clock):
    cancel(seminar(), clock())
    with pytest.raises(FieldError, match="Seminar 1 is cancelled; it cannot be moved."):
        move(clock)
