"""Validation of a programme file (docs/data-format.md), with errors naming entry and field."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from app.models.events import EVENT_KINDS
from app.slugs import is_slug, slugify
from calendars import zones

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ProgrammeFileError(ValueError):
    """A file that cannot be loaded; ``problems`` lists one message per entry and field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _zone(value: str) -> str:
    return zones.zone_name(value)


def _line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must be a single line without control characters")
    return value.strip()


def _wall_time(value: Any) -> dt.time:
    # YAML 1.1 reads an unquoted 20:30 as the number 1230; insist on a quoted "HH:MM".
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _HH_MM.match(value):
        raise ValueError('must be a quoted 24-hour time such as "20:30"')
    return dt.time.fromisoformat(value)


def _http_url(value: str) -> str:
    value = value.strip()
    if value and not re.match(r"^https?://[^\s/]+\S*$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


def _slug(value: str) -> str:
    if not is_slug(value):
        raise ValueError("must be lowercase ASCII letters, digits and single hyphens")
    return value


Zone = Annotated[str, AfterValidator(_zone)]
Line = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_line)]
OptionalLine = Annotated[str, Field(max_length=200), AfterValidator(_line)]
Text = Annotated[str, Field(max_length=5000)]
WallTime = Annotated[dt.time, BeforeValidator(_wall_time)]
Slug = Annotated[str, AfterValidator(_slug)]
HttpUrl = Annotated[str, Field(max_length=500), AfterValidator(_http_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MeetingIn(_Strict):
    provider: OptionalLine = "Zoom"
    join_url: HttpUrl = ""
    meeting_id: Annotated[str, Field(max_length=40), AfterValidator(_line)] = ""
    passcode: Annotated[str, Field(max_length=40), AfterValidator(_line)] = ""


class InitiativeIn(_Strict):
    city: Slug
    title: Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_line)]


def _check_order(day: dt.date, start: dt.time, end: dt.time, end_day: dt.date | None, zone: str):
    """Check the wall times exist in ``zone`` and the end follows the start."""
    begins = zones.localize(day, start, zone)
    ends = zones.localize(end_day or day, end, zone)
    if ends <= begins:
        raise ValueError("end must be after start (give end_date for a session past midnight)")


class SeminarIn(_Strict):
    number: Annotated[int, Field(ge=1, le=999)]
    slug: Slug | None = None
    title: Line
    theme: Text = ""
    date: dt.date
    start: WallTime
    end: WallTime
    #: The day the seminar ends, when it runs past midnight in its zone.
    end_date: dt.date | None = None
    timezone: Zone
    meeting: MeetingIn = MeetingIn()
    capacity: Annotated[int, Field(ge=1)] | None = None
    status: Literal["scheduled", "cancelled"] = "scheduled"
    initiatives: list[InitiativeIn] = []

    @model_validator(mode="after")
    def _times(self):
        _check_order(self.date, self.start, self.end, self.end_date, self.timezone)
        if self.slug is None:
            self.slug = f"seminar-{self.number}"
        return self


class DatesIn(_Strict):
    first: dt.date
    last: dt.date

    @model_validator(mode="after")
    def _order(self):
        if self.last < self.first:
            raise ValueError("last must be on or after first")
        return self


class EventIn(_Strict):
    slug: Slug
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    title: Line
    timezone: Zone
    location: Line = "Online"
    description: Text = ""
    #: A past edition kept for the record: ``--upcoming`` leaves its dates alone.
    historical: bool = False
    dates: DatesIn | None = None
    date: dt.date | None = None
    start: WallTime | None = None
    end: WallTime | None = None
    end_date: dt.date | None = None
    seminars: list[SeminarIn] = []

    @model_validator(mode="after")
    def _dates_or_times(self):
        timed = (self.date, self.start, self.end)
        if self.dates is None and None in timed:
            raise ValueError("give either dates: {first, last} or date, start and end")
        if self.dates is not None and any(v is not None for v in timed):
            raise ValueError("give either dates: {first, last} or date, start and end, not both")
        if self.dates is None:
            _check_order(self.date, self.start, self.end, self.end_date, self.timezone)
        return self


class CityIn(_Strict):
    name: Line
    slug: Slug | None = None
    country: Line
    region: OptionalLine = ""
    timezone: Zone

    @model_validator(mode="after")
    def _default_slug(self):
        if self.slug is None:
            self.slug = slugify(self.name)
        return self


class ProgrammeIn(_Strict):
    title: Line
    timezone: Zone


class ProgrammeFile(_Strict):
    format: Literal[1]
    programme: ProgrammeIn
    cities: list[CityIn] = []
    events: list[EventIn] = []

    @model_validator(mode="after")
    def _references(self):
        problems = []
        problems += _duplicates("cities", [c.slug for c in self.cities])
        problems += _duplicates("events", [e.slug for e in self.events])
        seminars = [s for e in self.events for s in e.seminars]
        problems += _duplicates("seminars", [s.slug for s in seminars])
        city_slugs = {c.slug for c in self.cities}
        for event in self.events:
            problems += _duplicates(f"seminars of {event.slug}", [str(s.number) for s in event.seminars], "number")
            for seminar in event.seminars:
                for initiative in seminar.initiatives:
                    if initiative.city not in city_slugs:
                        problems.append(
                            f"seminar {seminar.slug} › initiatives › city: no city with slug "
                            f"“{initiative.city}” in cities"
                        )
                problems += _duplicates(
                    f"initiatives of {seminar.slug}", [i.city for i in seminar.initiatives], "city"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _duplicates(what: str, keys: list[str], field: str = "slug") -> list[str]:
    seen, problems = set(), []
    for key in keys:
        if key in seen:
            problems.append(f"{what}: {field} “{key}” appears more than once")
        seen.add(key)
    return problems


def parse(text: str) -> ProgrammeFile:
    """Parse and validate YAML (or JSON) text; raises ProgrammeFileError listing every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ProgrammeFileError([f"not valid YAML: {error}"]) from None
    if not isinstance(raw, dict):
        raise ProgrammeFileError(["the file must be a mapping with format, programme, cities and events"])
    try:
        return ProgrammeFile.model_validate(raw)
    except ValidationError as error:
        raise ProgrammeFileError([_describe(raw, e) for e in error.errors()]) from None


def _describe(raw: Any, error: dict) -> str:
    """``events[0] (international-seminar-2023) › seminars[1] (seminar-2) › timezone: …``."""
    parts, node = [], raw
    for step in error["loc"]:
        if isinstance(step, int) and isinstance(node, list):
            node = node[step] if step < len(node) else None
            parts[-1] += f"[{step}]" + _entry_name(node)
        elif isinstance(node, dict) and step in node:
            parts.append(str(step))
            node = node[step]
        elif isinstance(step, str) and step[:1].isalpha() and not step.startswith(("function-", "literal")):
            parts.append(str(step))
            node = None
    message = error["msg"].removeprefix("Value error, ")
    return (" › ".join(parts) + ": " if parts else "") + message


def _entry_name(node: Any) -> str:
    if isinstance(node, dict):
        for key in ("slug", "name", "number", "city"):
            if key in node:
                return f" ({node[key]})"
    return ""
