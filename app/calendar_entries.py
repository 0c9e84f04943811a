"""A seminar (a row) as a calendar entry, for the feeds and the emailed invitations alike: one UID
rule, one location, one list of presenters, one "when" text, and the words of the entry (summary and
description, in the reader's zone and the organisers'). A calendar matches a feed's event and an
invitation's by UID, so both must build it here.

The words follow the language in force (``app.i18n.cldr``: a feed's ``?lang``, a recipient's forced
with ``app.mail.in_language``), and so do the organisers' texts (titles, cities, initiatives) where
they wrote that language (``app.content``), else they read as written.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext, get_translations
from flask_babel import lazy_gettext as _l

from app.content import text
from app.i18n import cldr
from calendars import ical, zones


#: The catalog's lookup while ``one_catalog`` holds it, else None (each call asks Flask-Babel).
_lookup: ContextVar[Callable[[str], str] | None] = ContextVar("calendar_entries_lookup", default=None)
#: The CLDR locale while ``one_catalog`` holds it, else None (each call asks Flask-Babel).
_locale: ContextVar[str | None] = ContextVar("calendar_entries_locale", default=None)


@contextmanager
def one_catalog() -> Iterator[None]:
    """Write many entries in the language in force with its catalog and locale looked up once: a
    cold feed has thousands of lines, and Flask-Babel finds both through the app context on every
    call. Each message is looked up once too (a feed repeats a dozen labels per seminar)."""
    ugettext, found = get_translations().ugettext, {}

    def lookup(msgid: str) -> str:
        text = found.get(msgid)
        if text is None:
            text = found[msgid] = ugettext(msgid)
        return text

    tokens = _lookup.set(lookup), _locale.set(cldr())
    try:
        yield
    finally:
        _lookup.reset(tokens[0])
        _locale.reset(tokens[1])


def _cldr() -> str:
    return _locale.get() or cldr()


def _(msgid: str, **variables) -> str:
    """``flask_babel.gettext``, through the catalog ``one_catalog`` holds if it holds one."""
    lookup = _lookup.get()
    if lookup is None:
        return gettext(msgid, **variables)
    text = lookup(msgid)
    return text % variables if variables else text


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
PROVISIONAL = _l("The hours are placeholders until the organisers announce them.")


def uid_domain() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def seminar_uid(slug: str) -> str:
    return f"seminar-{slug}@{uid_domain()}"


def location(provider: str) -> str:
    """Where a seminar takes place, as calendars and "add to calendar" links show it."""
    return _("Online (%(provider)s)", provider=provider)


def presenters(initiatives) -> tuple[Presenter, ...]:
    """The presenting cities of a seminar's loaded initiatives, in their order."""
    return tuple(Presenter(i.city.slug, text(i.city, "name"), text(i.city, "country"), text(i, "title"))
                 for i in initiatives)


def seminar_text(seminar, *, series: str, presenters: tuple[Presenter, ...], url: str,
                 cancelled: bool, language: str | None = None) -> SeminarText:
    """What the entry of ``seminar`` (a Seminar or a row with the same column names, ``translations``
    included) says in ``language`` (default: the one in force); ``series`` is already in it."""
    return SeminarText(
        number=seminar.number, title=text(seminar, "title", language), theme=text(seminar, "theme", language),
        series=series,
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
    return _("%(day)s, %(times)s %(zone_name)s (%(zone)s, %(offset)s)", day=local.day_text, times=local.times_text,
             zone_name=local.label, zone=local.zone, offset=local.offset_text)


def when_lines(start: dt.datetime, end: dt.datetime, feed_zone: str, organiser_zone: str) -> list[str]:
    """``When: <when_text>`` and, when the zones differ, the organisers' reading below it."""
    lines = []
    for index, zone in enumerate(dict.fromkeys((feed_zone, organiser_zone))):
        when = when_text(zones.local_range(start, end, zone, _cldr()))
        lines.append(_("When: %(when)s", when=when) if index == 0 else f"    = {when}")
    return lines


def seminar_summary(seminar: SeminarText) -> str:
    if seminar.cancelled:
        return _("Cancelled: Seminar %(number)s: %(title)s", number=seminar.number, title=seminar.title)
    return _("Seminar %(number)s: %(title)s", number=seminar.number, title=seminar.title)


def seminar_description(seminar: SeminarText, feed_zone: str, *, first_city: str | None = None,
                        meeting: Meeting | None = None) -> str:
    """The DESCRIPTION: status, theme, times in both zones, presenters (``first_city``'s first),
    then either the meeting details (personal feeds) or where they come from (public feeds)."""
    return describe(seminar, first_city=first_city, meeting=meeting).in_zone(feed_zone)


@dataclass(frozen=True, slots=True)
class Description:
    """A seminar's DESCRIPTION written but for its first "When:" line, which names the feed's
    zone: a feed in another zone rewords that one line, not the whole text."""

    before: str
    after: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    zone: str  #: the organisers'
    organisers: str  #: the line giving the organisers' reading, shown when the feed's zone is another

    def in_zone(self, feed_zone: str) -> str:
        """The whole text for a feed in ``feed_zone``, in the language in force."""
        return f"{self.before}{self.when(feed_zone)}{self.after}"

    def when(self, feed_zone: str) -> str:
        """The lines between ``before`` and ``after``."""
        when = _("When: %(when)s", when=when_text(zones.local_range(self.starts_at, self.ends_at, feed_zone,
                                                                     _cldr())))
        return when if feed_zone == self.zone else f"{when}\n{self.organisers}"

    def escaped(self) -> tuple[bytes, bytes]:
        """``before`` and ``after`` escaped for iCalendar (``ical.escape_text``): escaping works
        character by character, so the parts escaped apart join as the whole text escaped."""
        return ical.escape_text(self.before), ical.escape_text(self.after)


def describe(seminar: SeminarText, *, first_city: str | None = None, meeting: Meeting | None = None) -> Description:
    """``seminar_description`` for any zone (``Description.in_zone``)."""
    parts = []
    if seminar.cancelled:
        parts.append(_("CANCELLED: this seminar will not take place.") + "\n")
    parts.append(_("Seminar %(number)s of the %(series)s, online on %(provider)s.", number=seminar.number,
                   series=seminar.series, provider=seminar.provider))
    if seminar.theme:
        parts.append(_("Theme: %(theme)s", theme=seminar.theme))
    before = "\n".join(parts) + "\n\n"
    parts = []
    presenters = sorted(seminar.presenters, key=lambda p: p.city_slug != first_city)
    if presenters:
        parts += ["", _("Presenting cities and initiatives:")]
        parts += ["- " + _("%(city)s, %(country)s: %(initiative)s", city=p.city, country=p.country,
                           initiative=p.initiative) for p in presenters]
    parts.append("")
    if meeting is not None:
        parts.append(_("Join: %(url)s", url=meeting.join_url) if meeting.join_url
                     else _("Join link: not published yet"))
        if meeting.meeting_id:
            parts.append(_("Meeting ID: %(id)s", id=meeting.meeting_id))
        if meeting.passcode:
            parts.append(_("Passcode: %(passcode)s", passcode=meeting.passcode))
    else:
        parts.append(_("Registered attendees receive the %(provider)s link, meeting ID and passcode by email.",
                       provider=seminar.provider))
    parts.append(_("Details and registration: %(url)s", url=seminar.url))
    organisers = "    = " + when_text(zones.local_range(seminar.starts_at, seminar.ends_at, seminar.zone, _cldr()))
    return Description(before, "\n" + "\n".join(parts), seminar.starts_at, seminar.ends_at, seminar.zone,
                       organisers)


def event_description(description: str, *, all_day: bool, first_day=None, last_day=None, start=None,
                      end=None, event_zone: str, feed_zone: str, url: str) -> str:
    parts = [description.strip()] if description.strip() else []
    if all_day:
        offset = zones.offset_label(dt.datetime.combine(first_day, dt.time(12), zones.get_zone(event_zone)))
        parts.append(_("Dates: %(dates)s (%(zone)s, %(offset)s)",
                       dates=zones.format_date_range(first_day, last_day, _cldr()),
                       zone=zones.zone_label(event_zone, _cldr()), offset=offset))
    else:
        parts += when_lines(start, end, event_zone, feed_zone)
    parts.append(_("More: %(url)s", url=url))
    return "\n".join(parts)
