"""The entries of a programme file (docs/data-format.md) and the rules across them; a problem
names its entry and field."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from app.models.events import EVENT_KINDS
from app.models.reminders import DEFAULT_REMINDERS, REMINDER_CHOICES
from app.programme_file.fields import Count, Day, HttpUrl, Slug, Text, UtcOffset, WallTime, Zone, line_type
from app.slugs import RESERVED_SLUGS, is_slug, slugify
from calendars.walltimes import wall_instant


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MeetingIn(_Strict):
    provider: line_type(40, required=False) = "Zoom"
    join_url: HttpUrl = ""
    meeting_id: line_type(40, required=False) = ""
    passcode: line_type(40, required=False) = ""


class InitiativeIn(_Strict):
    city: Slug
    title: line_type(500)


def _check_times(day: dt.date, start: dt.time, end: dt.time, end_day: dt.date | None, zone: str,
                 start_offset: str | None = None, end_offset: str | None = None):
    """Check both wall times exist in ``zone`` and the end follows the start; messages name the field."""
    try:
        begins = wall_instant(day, start, zone, start_offset)
    except ValueError as error:
        raise ValueError(f"start: {error}") from None
    try:
        ends = wall_instant(end_day or day, end, zone, end_offset)
    except ValueError as error:
        raise ValueError(f"end: {error}") from None
    if ends <= begins:
        raise ValueError("end: must be after start (give end_date for a session past midnight)")


class SeminarIn(_Strict):
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
            raise ValueError(f"{unknown[0]} is not a reminder on offer; choose among "
                             + ", ".join(str(m) for m in REMINDER_CHOICES))
        return sorted(set(value), reverse=True)

    @model_validator(mode="after")
    def _times(self):
        _check_times(self.date, self.start, self.end, self.end_date, self.timezone, self.start_offset,
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
            raise ValueError("last: must be on or after first")
        return self


class EventIn(_Strict):
    slug: Slug
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    title: line_type(200)
    timezone: Zone
    location: line_type(200) = "Online"
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

    @model_validator(mode="after")
    def _dates_or_times(self):
        timed = (self.date, self.start, self.end, self.end_date)
        if self.dates is not None and any(v is not None for v in timed):
            raise ValueError("dates: give either dates: {first, last} or date, start and end, not both")
        if self.dates is None:
            missing = [name for name in ("date", "start", "end") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"{missing[0]}: required (or give dates: {{first, last}} for an all-day range)")
            _check_times(self.date, self.start, self.end, self.end_date, self.timezone, self.start_offset,
                         self.end_offset)
        return self


class CityIn(_Strict):
    name: line_type(120)
    slug: Slug | None = None
    country: line_type(120)
    region: line_type(120, required=False) = ""
    timezone: Zone

    @model_validator(mode="after")
    def _default_slug(self):
        if self.slug is None:
            derived = slugify(self.name)
            if not is_slug(derived):
                raise ValueError(f"slug: the name gives no usable slug (“{derived}”); add a slug")
            self.slug = derived
        return self


class ProgrammeIn(_Strict):
    #: Optional in a file imported into a programme (it must then name that programme);
    #: required to load a file into a new one.
    slug: Slug | None = None
    title: line_type(200)
    description: Text = ""
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
            raise ValueError(f"“{value}” is a reserved path of the service ({', '.join(sorted(RESERVED_SLUGS))}); "
                             "choose another slug")
        return value


class ProgrammeFile(_Strict):
    format: Literal[1]
    programme: ProgrammeIn
    cities: list[CityIn] = []
    events: list[EventIn] = []


def cross_check(data: ProgrammeFile) -> list[str]:
    """Rules across entries: unique slugs and numbers, initiatives naming a listed city."""
    problems = []
    problems += _duplicates("cities", [(i, c.name, c.slug) for i, c in enumerate(data.cities)], "slug")
    problems += _duplicates("events", [(i, e.slug, e.slug) for i, e in enumerate(data.events)], "slug")
    seen_seminars: dict[str, str] = {}
    city_slugs = {c.slug for c in data.cities}
    for e, event in enumerate(data.events):
        where = f"events[{e}] ({event.slug})"
        problems += _duplicates(f"{where} › seminars",
                                [(i, s.slug, s.number) for i, s in enumerate(event.seminars)], "number")
        for s, seminar in enumerate(event.seminars):
            entry = f"{where} › seminars[{s}] ({seminar.slug})"
            if seminar.slug in seen_seminars:
                problems.append(f"{entry} › slug: “{seminar.slug}” is also used by {seen_seminars[seminar.slug]}")
            seen_seminars.setdefault(seminar.slug, entry)
            for i, initiative in enumerate(seminar.initiatives):
                if initiative.city not in city_slugs:
                    problems.append(f"{entry} › initiatives[{i}] ({initiative.city}) › city: "
                                    f"no city with slug “{initiative.city}” in cities")
            problems += _duplicates(f"{entry} › initiatives",
                                    [(i, x.city, x.city) for i, x in enumerate(seminar.initiatives)], "city")
    return problems


def _duplicates(where: str, entries: list[tuple[int, str, object]], field: str) -> list[str]:
    seen, problems = {}, []
    for index, name, key in entries:
        if key in seen:
            problems.append(f"{where}[{index}] ({name}) › {field}: “{key}” is also used by "
                            f"{where.rsplit(' › ', 1)[-1]}[{seen[key]}]")
        seen.setdefault(key, index)
    return problems
