"""When a vote opens and closes and when its result is announced, as one visitor reads it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.models import Event
from app.vote import results, service
from calendars.display import Moment, last_minute, moment


@dataclass(frozen=True)
class Timing:
    """The ``*_there`` moments are in the organisers' zone (the ceremony's for the announcement)."""

    state: str
    opens: Moment
    opens_there: Moment
    closes: Moment
    closes_there: Moment
    announcement: results.Announcement | None
    announced: Moment | None
    announced_there: Moment | None
    public: bool


def timing(event: Event, now: dt.datetime, zone: str) -> Timing:
    win, found = service.window(event), results.announcement(event)
    return Timing(
        state=win.state(now), opens=moment(win.opens, zone), opens_there=moment(win.opens, win.zone),
        closes=last_minute(win.closes, zone), closes_there=last_minute(win.closes, win.zone), announcement=found,
        announced=moment(found.at, zone) if found else None,
        announced_there=moment(found.at, found.ceremony.timezone) if found else None,
        public=found is not None and now >= found.at)
