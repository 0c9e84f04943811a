"""Which zone a visitor reads times in, in order: ?tz=, the tz cookie, the browser's, the default."""
from __future__ import annotations

import re
from dataclasses import dataclass

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


_LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~/%]*")


def safe_next(path: str | None) -> str:
    """A path on this site to return to: ``/`` then no second slash or backslash, and nothing but
    URL path characters (no tab, CR/LF or space that a browser would drop to reach another host).
    """
    if not path or len(path) > 300 or not _LOCAL_PATH.fullmatch(path):
        return "/"
    return path
