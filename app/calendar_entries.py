"""A seminar (a row) as a calendar entry, for the feeds and the emailed invitations alike: one UID
rule, one location, one list of presenters, one "when" text, and the words of the entry (summary and
description, in the reader's zone and the organisers'). A calendar matches a feed's event and an
invitation's by UID, so both must build it here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app

from app.i18n import cldr
from calendars import ical, zones


@dataclass(frozen=True, slots=True)
class Presenter:
    city_slug: str
    city: str
    country: str
    initiative: str


@dataclass(frozen=True, slots=True)
class SeminarText:
    """What a seminar's feed entry says; plain values read from the database."""

    number: int
    title: str
    theme: str
    series: str
    provider: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    zone: str
    cancelled: bool
    presenters: tuple[Presenter, ...]
    url: str


@dataclass(frozen=True, slots=True)
class Meeting:
    join_url: str
    meeting_id: str
    passcode: str


#: What a page or a calendar says of hours the organisers have not announced.
PROVISIONAL = "The hours are placeholders until the organisers announce them."


def uid_domain() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def seminar_uid(slug: str) -> str:
    return f"seminar-{slug}@{uid_domain()}"


def location(provider: str) -> str:
    """Where a seminar takes place, as calendars and "add to calendar" links show it."""
    return f"Online ({provider})"


def presenters(initiatives) -> tuple[Presenter, ...]:
    """The presenting cities of a seminar's loaded initiatives, in their order."""
    return tuple(Presenter(i.city.slug, i.city.name, i.city.country, i.title) for i in initiatives)


def seminar_text(seminar, *, series: str, presenters: tuple[Presenter, ...], url: str,
                 cancelled: bool) -> SeminarText:
    """What the entry of ``seminar`` (a Seminar or a row with the same column names) says."""
    return SeminarText(
        number=seminar.number, title=seminar.title, theme=seminar.theme, series=series,
        provider=seminar.meeting_provider, starts_at=seminar.starts_at, ends_at=seminar.ends_at,
        zone=seminar.timezone, cancelled=cancelled, presenters=presenters, url=url)


def seminar_entry(seminar, *, summary: str, description: str, url: str, cancelled: bool) -> ical.Entry:
    """The calendar entry of ``seminar`` (a Seminar or a row with the same column names)."""
    return ical.Entry(
        uid=seminar_uid(seminar.slug), summary=summary, start=seminar.starts_at, end=seminar.ends_at,
        sequence=seminar.sequence, last_modified=seminar.updated_at, description=description, url=url,
        location=location(seminar.meeting_provider), cancelled=cancelled)


def when_text(local: zones.LocalRange) -> str:
    """``Mon 6 Nov 2023, 15:30–17:00 Moscow time (Europe/Moscow, UTC+3)``."""
    return f"{local.day_text}, {local.times_text} {local.label} ({local.zone}, {local.offset_text})"


def when_lines(start: dt.datetime, end: dt.datetime, feed_zone: str, organiser_zone: str) -> list[str]:
    """``When: <when_text>`` and, when the zones differ, the organisers' reading below it."""
    lines = []
    for index, zone in enumerate(dict.fromkeys((feed_zone, organiser_zone))):
        prefix = "When: " if index == 0 else "    = "
        lines.append(prefix + when_text(zones.local_range(start, end, zone, cldr())))
    return lines


def seminar_summary(seminar: SeminarText) -> str:
    text = f"Seminar {seminar.number}: {seminar.title}"
    return f"Cancelled: {text}" if seminar.cancelled else text


def seminar_description(seminar: SeminarText, feed_zone: str, *, first_city: str | None = None,
                        meeting: Meeting | None = None) -> str:
    """The DESCRIPTION: status, theme, times in both zones, presenters (``first_city``'s first),
    then either the meeting details (personal feeds) or where they come from (public feeds)."""
    parts = []
    if seminar.cancelled:
        parts.append("CANCELLED: this seminar will not take place.\n")
    parts.append(f"Seminar {seminar.number} of the {seminar.series}, online on {seminar.provider}.")
    if seminar.theme:
        parts.append(f"Theme: {seminar.theme}")
    parts.append("")
    parts += when_lines(seminar.starts_at, seminar.ends_at, feed_zone, seminar.zone)
    presenters = sorted(seminar.presenters, key=lambda p: p.city_slug != first_city)
    if presenters:
        parts += ["", "Presenting cities and initiatives:"]
        parts += [f"- {p.city}, {p.country}: {p.initiative}" for p in presenters]
    parts.append("")
    if meeting is not None:
        parts.append(f"Join: {meeting.join_url}" if meeting.join_url else "Join link: not published yet")
        if meeting.meeting_id:
            parts.append(f"Meeting ID: {meeting.meeting_id}")
        if meeting.passcode:
            parts.append(f"Passcode: {meeting.passcode}")
    else:
        parts.append(f"Registered attendees receive the {seminar.provider} link, meeting ID and passcode by email.")
    parts.append(f"Details and registration: {seminar.url}")
    return "\n".join(parts)


def event_description(description: str, *, all_day: bool, first_day=None, last_day=None, start=None,
                      end=None, event_zone: str, feed_zone: str, url: str) -> str:
    parts = [description.strip()] if description.strip() else []
    if all_day:
        offset = zones.offset_label(dt.datetime.combine(first_day, dt.time(12), zones.get_zone(event_zone)))
        parts.append(f"Dates: {zones.format_date_range(first_day, last_day)} "
                     f"({zones.zone_label(event_zone)}, {offset})")
    else:
        parts += when_lines(start, end, event_zone, feed_zone)
    parts.append(f"More: {url}")
    return "\n".join(parts)
