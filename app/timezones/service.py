"""Which zone a visitor reads times in, in order: ?tz=, the tz cookie, the browser's, the default."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import pgettext

from calendars import zones

CHOSEN_COOKIE = "tz"
BROWSER_COOKIE = "browser_tz"


@dataclass(frozen=True)
class VisitorZone:
    name: str
    #: "query", "cookie", "browser" or "default": where ``name`` came from.
    source: str
    #: The zone the browser reported (canonical), when it did.
    browser: str | None = None

    @property
    def differs_from_browser(self) -> bool:
        return self.browser is not None and self.browser != self.name


def _valid_or_none(name: str | None) -> str | None:
    try:
        return zones.zone_name(name) if name else None
    except zones.UnknownZone:
        return None


def resolve(query: str | None, chosen: str | None, browser: str | None, default: str) -> VisitorZone:
    """Resolve the visitor's zone. A bad ?tz raises UnknownZone; a bad cookie is ignored."""
    detected = _valid_or_none(browser)
    if query is not None and query.strip():
        return VisitorZone(zones.zone_name(query), "query", detected)
    if remembered := _valid_or_none(chosen):
        return VisitorZone(remembered, "cookie", detected)
    if detected:
        return VisitorZone(detected, "browser", detected)
    return VisitorZone(zones.zone_name(default), "default", None)


def region_name(region: str) -> str:
    """A region of the tz database (the first part of a zone's name) in the reader's language, as
    a picker heads its group; an unknown one as the database spells it. The context tells
    translators these are places ("Indian" is the Indian Ocean)."""
    names = {
        "UTC": pgettext("time zone region", "UTC"),
        "Africa": pgettext("time zone region", "Africa"),
        "America": pgettext("time zone region", "America"),
        "Antarctica": pgettext("time zone region", "Antarctica"),
        "Arctic": pgettext("time zone region", "Arctic"),
        "Asia": pgettext("time zone region", "Asia"),
        "Atlantic": pgettext("time zone region", "Atlantic"),
        "Australia": pgettext("time zone region", "Australia"),
        "Europe": pgettext("time zone region", "Europe"),
        "Indian": pgettext("time zone region", "Indian"),
        "Pacific": pgettext("time zone region", "Pacific"),
    }
    return names.get(region, region)


def zone_groups(now: dt.datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """``zones.zone_choices`` with each region named in the reader's language."""
    return [(region_name(region), options) for region, options in zones.zone_choices(now)]


_LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~/%]*")


def safe_next(path: str | None) -> str:
    """A path on this site to return to: ``/`` then no second slash or backslash, and nothing but
    URL path characters (no tab, CR/LF or space that a browser would drop to reach another host).
    """
    if not path or len(path) > 300 or not _LOCAL_PATH.fullmatch(path):
        return "/"
    return path
