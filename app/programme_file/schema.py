"""The entries of a programme file (docs/data-format.md) and the rules across them; a problem
names its entry and field."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from flask_babel import gettext as _
from pydantic import BeforeValidator, Field, Strict, field_validator, model_validator

from app.models.events import EVENT_KINDS
from app.models.reminders import DEFAULT_REMINDERS, REMINDER_CHOICES
from app.programme_file.languages import Texts, code_of
from app.programme_file.fields import Count, Day, HttpUrl, Slug, Text, UtcOffset, WallTime, Zone, line_type
from app.slugs import RESERVED_SLUGS, is_slug, slugify
from app.time_problems import time_refusal
from calendars.walltimes import wall_instant


class _Strict(Texts):
    """An entry: unknown fields refused, text stripped; fields named in TRANSLATED may be given per
    language (languages.py)."""


class MeetingIn(_Strict):
    provider: line_type(40, required=False) = "Zoom"
    join_url: HttpUrl = ""
    meeting_id: line_type(40, required=False) = ""
    passcode: line_type(40, required=False) = ""


class InitiativeIn(_Strict):
    TRANSLATED = ("title",)
    city: Slug
    title: line_type(500)


def check_times(day: dt.date, start: dt.time, end: dt.time, end_day: dt.date | None, zone: str,
                 start_offset: str | None = None, end_offset: str | None = None):
    """Check both wall times exist in ``zone`` and the end follows the start; messages name the field."""
    try:
        begins = wall_instant(day, start, zone, start_offset)
    except ValueError as error:
        raise ValueError(f"start: {time_refusal(error)}") from None
    try:
        ends = wall_instant(end_day or day, end, zone, end_offset)
    except ValueError as error:
        raise ValueError(f"end: {time_refusal(error)}") from None
    if ends <= begins:
        raise ValueError("end: " + _("must be after start (give end_date for a session past midnight)"))


class SeminarIn(_Strict):
    TRANSLATED = ("title", "theme")
    number: Annotated[Count, Field(ge=1, le=999)]
    slug: Slug | None = None
    title: line_type(200)
    theme: Text = ""
    date: Day
    start: WallTime
    end: WallTime
    #: The day the seminar ends, when it runs past midnight in its zone.
    end_date: Day | None = None
    start_offset: UtcOffset | None = None
    end_offset: UtcOffset | None = None
    timezone: Zone
    meeting: MeetingIn = MeetingIn()
    capacity: Annotated[Count, Field(ge=1, le=1_000_000)] | None = None
    status: Literal["scheduled", "cancelled"] = "scheduled"
    #: Minutes before the start at which reminders go out (among REMINDER_CHOICES).
    reminders: list[Count] = Field(default_factory=lambda: list(DEFAULT_REMINDERS))
    initiatives: list[InitiativeIn] = []

    @field_validator("reminders")
    @classmethod
    def _reminders(cls, value: list[int]) -> list[int]:
        unknown = [m for m in value if m not in REMINDER_CHOICES]
        if unknown:
            raise ValueError(_("%(minutes)s is not a reminder on offer; choose among %(offered)s", minutes=unknown[0],
                               offered=", ".join(str(m) for m in REMINDER_CHOICES)))
        return sorted(set(value), reverse=True)

    @model_validator(mode="after")
    def _times(self):
        check_times(self.date, self.start, self.end, self.end_date, self.timezone, self.start_offset,
                     self.end_offset)
        if self.slug is None:
            self.slug = f"seminar-{self.number}"
        return self


class DatesIn(_Strict):
    first: Day
    last: Day

    @model_validator(mode="after")
    def _order(self):
        if self.last < self.first:
            raise ValueError("last: " + _("must be on or after first"))
        return self


class SessionIn(_Strict):
    """A session of a multi-day meeting: a timed event within it."""

    TRANSLATED = ("title", "description")

    slug: Slug
    kind: Literal[EVENT_KINDS] = "meeting"  # type: ignore[valid-type]
    title: line_type(200)
    description: Text = ""
    venue: Slug | None = None
    date: Day
    start: WallTime
    end: WallTime
    end_date: Day | None = None
    start_offset: UtcOffset | None = None
    end_offset: UtcOffset | None = None
    #: Default: the meeting's zone.
    timezone: Zone | None = None
    #: The hours are a placeholder until the organisers announce them.
    provisional: Annotated[bool, Strict()] = False


class EventIn(_Strict):
    TRANSLATED = ("title", "description", "location")
    slug: Slug
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    title: line_type(200)
    timezone: Zone
    location: line_type(200) = "Online"
    #: Where people meet in person: a venue of the file's venues.
    venue: Slug | None = None
    #: The times are a placeholder until the organisers announce them.
    provisional: Annotated[bool, Strict()] = False
    description: Text = ""
    #: A past edition kept for the record: ``--upcoming`` leaves its dates alone.
    historical: Annotated[bool, Strict()] = False
    dates: DatesIn | None = None
    date: Day | None = None
    start: WallTime | None = None
    end: WallTime | None = None
    end_date: Day | None = None
    start_offset: UtcOffset | None = None
    end_offset: UtcOffset | None = None
    seminars: list[SeminarIn] = []
    #: The timetable of a multi-day meeting.
    sessions: list[SessionIn] = []

    @model_validator(mode="after")
    def _dates_or_times(self):
        timed = (self.date, self.start, self.end, self.end_date)
        if self.dates is not None and any(v is not None for v in timed):
            raise ValueError("dates: " + _("give either dates: {first, last} or date, start and end, not both"))
        if self.dates is None:
            missing = [name for name in ("date", "start", "end") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"{missing[0]}: " + _("required (or give dates: {first, last} for an all-day range)"))
            check_times(self.date, self.start, self.end, self.end_date, self.timezone, self.start_offset,
                         self.end_offset)
        for session in self.sessions:  # its times are checked with the rules across entries
            if session.timezone is None:
                session.timezone = self.timezone
        return self


class VenueIn(_Strict):
    TRANSLATED = ("name",)
    slug: Slug
    name: line_type(200)
    address: Text = ""
    city: Slug
    #: Default: the city's zone.
    timezone: Zone | None = None
    #: WGS 84 degrees; both or neither.
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None

    @model_validator(mode="after")
    def _both_coordinates(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude: " + _("give both latitude and longitude, or neither"))
        return self


class LegIn(_Strict):
    """A visit to one city: days (``dates``) or times (``date``, ``start``, ``end``) in its zone."""

    TRANSLATED = ("host",)

    city: Slug
    #: Default: the city's zone.
    timezone: Zone | None = None
    venue: Slug | None = None
    host: line_type(200, required=False) = ""
    dates: DatesIn | None = None
    date: Day | None = None
    start: WallTime | None = None
    end: WallTime | None = None
    end_date: Day | None = None

    @model_validator(mode="after")
    def _dates_or_times(self):
        timed = (self.date, self.start, self.end, self.end_date)
        if self.dates is not None and any(v is not None for v in timed):
            raise ValueError("dates: " + _("give either dates: {first, last} or date, start and end, not both"))
        if self.dates is None:
            missing = [name for name in ("date", "start", "end") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"{missing[0]}: " + _("required (or give dates: {first, last} for whole days)"))
        return self


class TourIn(_Strict):
    TRANSLATED = ("title", "description", "audience")
    slug: Slug
    title: line_type(200)
    description: Text = ""
    #: Who is invited to apply.
    audience: line_type(200, required=False) = ""
    capacity: Annotated[Count, Field(ge=1, le=100_000)] | None = None
    #: An itinerary made up for the demo: pages and feeds say so.
    illustrative: Annotated[bool, Strict()] = False
    #: May be empty while the organisers plan it (it then takes no applications).
    legs: list[LegIn] = []


class CityIn(_Strict):
    TRANSLATED = ("name", "country", "region")
    name: line_type(120)
    slug: Slug | None = None
    country: line_type(120)
    region: line_type(120, required=False) = ""
    timezone: Zone

    def with_languages(self) -> None:
        """The slug defaults to one made from the name, else from its English name (a Chinese name
        gives none)."""
        if self.slug is None:
            english = self.translations().get("name", {}).get("en", "")
            derived = next((s for s in (slugify(self.name), slugify(english)) if is_slug(s)), slugify(self.name))
            if not is_slug(derived):
                raise ValueError("slug: " + _("the name gives no usable slug (“%(slug)s”); add a slug", slug=derived))
            self.slug = derived


class ProgrammeIn(_Strict):
    TRANSLATED = ("title", "description")
    #: Optional in a file imported into a programme (it must then name that programme);
    #: required to load a file into a new one.
    slug: Slug | None = None
    title: line_type(200)
    description: Text = ""
    #: The language of the texts written as plain strings (and of each mapping's main text).
    language: Annotated[str, BeforeValidator(code_of)] = "en"
    timezone: Zone
    #: Default: the first and last day of its events and seminars, in their own zones.
    dates: DatesIn | None = None
    status: Literal["draft", "published", "archived"] = "published"
    #: The programme the single-programme service's URLs still serve (at most one per service).
    serves_old_urls: Annotated[bool, Strict()] = False
    #: A past programme kept for the record: ``demo load --upcoming`` leaves all of it alone.
    historical: Annotated[bool, Strict()] = False

    @field_validator("slug")
    @classmethod
    def _not_reserved(cls, value: str | None) -> str | None:
        if value is not None and value in RESERVED_SLUGS:
            raise ValueError(_("“%(slug)s” is a reserved path of the service (%(reserved)s); choose another slug",
                               slug=value, reserved=", ".join(sorted(RESERVED_SLUGS))))
        return value


class ProgrammeFile(_Strict):
    format: Literal[1]
    programme: ProgrammeIn
    cities: list[CityIn] = []
    venues: list[VenueIn] = []
    events: list[EventIn] = []
    tours: list[TourIn] = []
