"""Links that hand a feed or one event to a calendar client, or a venue to a map.

Google and Outlook.com document none of these; the formats are the ones they have accepted for
years (add-by-URL for a subscription, a prefilled form for one event). Times go in UTC.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from calendars import geo, zones


def webcal(feed_url: str) -> str:
    """``webcal://`` makes Apple Calendar, Thunderbird and Outlook offer to subscribe."""
    return "webcal://" + feed_url.split("://", 1)[1]


def google_subscribe(feed_url: str) -> str:
    """Google Calendar's add-by-URL page for ``feed_url`` (it needs a public https address)."""
    return "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(feed_url)})


def outlook_subscribe(feed_url: str, name: str) -> str:
    """Outlook.com's subscribe-from-web page, proposing ``name`` for the calendar."""
    return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": feed_url, "name": name})


def _utc(value: dt.datetime) -> dt.datetime:
    return zones.to_utc(value).replace(microsecond=0)


def google_event(title: str, start: dt.datetime, end: dt.datetime, details: str, location: str) -> str:
    """A prefilled Google Calendar event; aware ``start``/``end`` are written in UTC."""
    dates = f"{_utc(start):%Y%m%dT%H%M%SZ}/{_utc(end):%Y%m%dT%H%M%SZ}"
    query = {"action": "TEMPLATE", "text": title, "dates": dates, "details": details, "location": location}
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def outlook_event(title: str, start: dt.datetime, end: dt.datetime, details: str, location: str) -> str:
    """A prefilled Outlook.com event; aware ``start``/``end`` are written in UTC."""
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": title,
             "startdt": f"{_utc(start):%Y-%m-%dT%H:%M:%SZ}", "enddt": f"{_utc(end):%Y-%m-%dT%H:%M:%SZ}",
             "body": details, "location": location}
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query, quote_via=quote)


def openstreetmap(lat: float, lon: float, zoom: int = 17) -> str:
    """A plain link to OpenStreetMap's own page with a marker at ``lat``/``lon`` (degrees),
    centred there at ``zoom`` (0-19; 17 shows the streets around a building). No tiles or scripts
    on our pages: the visitor's browser talks to OpenStreetMap only when they follow the link."""
    lat, lon = geo.check(lat, lon)
    if isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= 19:
        raise ValueError(f"zoom {zoom!r} is not a whole number from 0 to 19")
    at, on = geo.degrees(lat), geo.degrees(lon)
    return f"https://www.openstreetmap.org/?mlat={at}&mlon={on}#map={zoom}/{at}/{on}"


def openstreetmap_search(query: str) -> str:
    """OpenStreetMap's search for ``query`` (a venue's address), for a venue without coordinates;
    ValueError for a blank query, which would open an empty search."""
    if not query.strip():
        raise ValueError("an empty query finds nothing")
    return "https://www.openstreetmap.org/search?" + urlencode({"query": query.strip()}, quote_via=quote)
