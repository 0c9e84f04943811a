"""Saving and cancelling seminar 1 of the demo directly, and reading what that sends."""
from __future__ import annotations

import datetime as dt


from app.seminars.edit import save_seminar
from app.seminars.fields import SeminarData, snapshot
from tests.app.helpers.fanout import finish_fanouts
from tests.app.helpers.reminders import seminar

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
LONG_AGO = dt.datetime(2023, 10, 30, 8, 0, tzinfo=UTC)
#: Seminar 1 moved a day and an hour later: Tue 7 Nov 2023 21:30 in Guangzhou.
NEW_START = START + dt.timedelta(days=1, hours=1)


def ics_of(message) -> str:
    [part] = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    return part.get_content().replace("\r\n ", "").replace("\r\n", "\n")


def save(one, now, note="", **changes):
    """The console's save of ``one`` with ``changes``: the one path an edit and what it sets off take,
    then the fan-out job's run that queues its emails."""
    report = save_seminar(one, SeminarData(**{**snapshot(one), **changes}), now=now, notify=True, note=note).report
    finish_fanouts()
    return report


def cancel(one, now, note=""):
    return save(one, now, note, status="cancelled")


def move(clock, **when):
    one = seminar()
    return save(one, clock(), starts_at=when.get("start", NEW_START),
                ends_at=when.get("end", NEW_START + dt.timedelta(minutes=90)))
