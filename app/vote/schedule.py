"""When a vote is open and when its result is announced: the window, the ceremony that announces
it, and both as one visitor reads them. Service, results, emails and pages all read the vote's
timing here, so none of them needs another to know it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Event
from app.programme.service import event_end, event_start
from app.i18n import cldr
from calendars.display import Moment, last_minute, moment


@dataclass(frozen=True)
class Window:
    """When votes are taken: ``opens`` included, ``closes`` excluded (aware instants)."""

    opens: dt.datetime
    closes: dt.datetime
    #: The zone the organisers set the dates in.
    zone: str
    #: Its programme is archived: no vote is taken, whatever the dates say.
    archived: bool = False

    @property
    def last_second(self) -> dt.datetime:
        """The last instant that still counts, to the second (the console shows it)."""
        return self.closes - dt.timedelta(seconds=1)

    def state(self, now: dt.datetime) -> str:
        """``"upcoming"``, ``"open"``, ``"closed"``, or ``"archived"`` at any instant."""
        if self.archived:
            return "archived"
        return "upcoming" if now < self.opens else "open" if now < self.closes else "closed"


def window(event: Event) -> Window:
    """An all-day vote opens at midnight starting its first day and closes at midnight ending its
    last day, in its own zone; a timed one uses its start and end."""
    return Window(event_start(event), event_end(event), event.timezone, event.programme.archived)


@dataclass(frozen=True)
class Announcement:
    """When the result becomes public, and the event where it is announced."""

    at: dt.datetime
    ceremony: Event


def announcement(event: Event) -> Announcement | None:
    """The first ceremony of its programme that starts once voting has closed; None when there is
    none, and then the result stays with the organisers."""
    closes = window(event).closes
    ceremonies = [(event_start(e), e.id, e) for e in db.session.scalars(sa.select(Event).where(
        Event.kind == "ceremony", Event.programme_id == event.programme_id))]
    after = sorted((start, key, e) for start, key, e in ceremonies if start >= closes)
    return Announcement(after[0][0], after[0][2]) if after else None


def is_public(event: Event, now: dt.datetime) -> bool:
    found = announcement(event)
    return found is not None and now >= found.at


@dataclass(frozen=True)
class Timing:
    """The ``*_there`` moments are in the organisers' zone (the ceremony's for the announcement)."""

    state: str
    opens: Moment
    opens_there: Moment
    closes: Moment
    closes_there: Moment
    announcement: Announcement | None
    announced: Moment | None
    announced_there: Moment | None
    public: bool


def timing(event: Event, now: dt.datetime, zone: str) -> Timing:
    """When a vote opens and closes and when its result is announced, as one visitor reads it."""
    win, found = window(event), announcement(event)
    loc = cldr()
    return Timing(
        state=win.state(now), opens=moment(win.opens, zone, loc), opens_there=moment(win.opens, win.zone, loc),
        closes=last_minute(win.closes, zone, loc), closes_there=last_minute(win.closes, win.zone, loc),
        announcement=found, announced=moment(found.at, zone, loc) if found else None,
        announced_there=moment(found.at, found.ceremony.timezone, loc) if found else None,
        public=found is not None and now >= found.at)
