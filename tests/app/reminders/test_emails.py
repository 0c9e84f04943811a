"""How long until a seminar, as the reminder's first line says it (English: the source text)."""
from __future__ import annotations

import datetime as dt

import pytest

from app.reminders.emails import starts_in

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(("before", "expected"), [
    (dt.timedelta(days=3), "Seminar 1 starts in 3 days."),
    (dt.timedelta(hours=48), "Seminar 1 starts in 2 days."),
    (dt.timedelta(hours=24), "Seminar 1 starts in 24 hours."),
    (dt.timedelta(minutes=90), "Seminar 1 starts in 2 hours."),
    (dt.timedelta(minutes=60), "Seminar 1 starts in 1 hour."),
    (dt.timedelta(minutes=55), "Seminar 1 starts in 1 hour."),
    (dt.timedelta(minutes=35), "Seminar 1 starts in 35 minutes."),
    (dt.timedelta(minutes=1), "Seminar 1 starts in 1 minute."),
    (dt.timedelta(seconds=5), "Seminar 1 starts in 1 minute."),
])
def test_starts_in_rounds_as_a_person_says_it(app, before, expected):
    assert starts_in(1, START, START - before) == expected
