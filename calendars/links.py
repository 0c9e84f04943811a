"""Links that hand a feed or one event to a calendar client.

Google and Outlook.com document none of these; the formats are the ones they have accepted for
years (add-by-URL for a subscription, a prefilled form for one event). Times go in UTC.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from calendars import zones


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
