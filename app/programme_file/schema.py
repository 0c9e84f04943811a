"""Validation of a programme file (docs/data-format.md), with errors naming entry and field."""
from __future__ import annotations

import collections.abc
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
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)

from app import text as text_rule
from app.models.events import EVENT_KINDS
from app.models.reminders import DEFAULT_REMINDERS, REMINDER_CHOICES
from app.slugs import is_slug, slugify
from calendars import zones
from calendars.walltimes import wall_instant

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: Dates outside this range are typing mistakes, and near year 1 or 9999 they overflow in UTC.
FIRST_YEAR, LAST_YEAR = 1970, 2200
#: Problems listed for one file: the first ones are enough to fix, and the list stays readable.
MAX_PROBLEMS = 100


class ProgrammeFileError(ValueError):
    """A file that cannot be loaded; ``problems`` lists one message per entry and field."""

    def __init__(self, problems: list[str]):
        # A problem may quote a refused name or key; a YAML error spans lines.
        problems = [text_rule.shown(p, multiline=True) for p in problems]
        super().__init__("\n".join(problems))
        self.problems = problems


def _characters(value: Any, multiline: bool = False) -> Any:
    """The text rule (app/text.py), before any other check reads the value."""
    if isinstance(value, str) and (found := text_rule.refused(value, multiline)):
        raise ValueError(found.file_message())
    return value


def _multi_line(value: Any) -> Any:
    return _characters(value, multiline=True)


def _zone(value: str) -> str:
    return zones.zone_name(value)


def _strip(value: str) -> str:
    return value.strip()


def _wall_time(value: Any) -> dt.time:
    # YAML 1.1 reads an unquoted 20:30 as the number 1230; insist on a quoted "HH:MM".
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _HH_MM.match(value):
        raise ValueError('must be a quoted 24-hour time such as "20:30"')
    return dt.time.fromisoformat(value)


def _calendar_date(value: Any) -> dt.date:
    # Pydantic would read a number as a Unix timestamp; a programme date is written YYYY-MM-DD.
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("is not a real calendar date") from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError("must be a date written YYYY-MM-DD")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must be between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _http_url(value: str) -> str:
    value = value.strip()
    if value and not re.match(r"^https?://[^\s/]+\S*$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


def _utc_offset(value: str) -> str:
    if not re.match(r"^[+-]([01]\d|2[0-3]):[0-5]\d$", value):
        raise ValueError('must be a quoted UTC offset such as "+01:00"')
    return value


def _slug(value: str) -> str:
    if not is_slug(value):
        raise ValueError("must be at most 80 lowercase ASCII letters, digits and single hyphens")
    return value


def _line_type(max_length: int, required: bool = True):
    return Annotated[str, Field(min_length=1 if required else 0, max_length=max_length), AfterValidator(_strip),
                     BeforeValidator(_characters)]


# A BeforeValidator runs before the type's own checks (and before str_strip_whitespace), so every
# text value meets the rule as written in the file.
Zone = Annotated[str, AfterValidator(_zone), BeforeValidator(_characters)]
Text = Annotated[str, Field(max_length=5000), AfterValidator(_strip), BeforeValidator(_multi_line)]
Day = Annotated[dt.date, BeforeValidator(_calendar_date)]
WallTime = Annotated[dt.time, BeforeValidator(_wall_time)]
Slug = Annotated[str, AfterValidator(_slug), BeforeValidator(_characters)]
HttpUrl = Annotated[str, Field(max_length=500), AfterValidator(_http_url), BeforeValidator(_characters)]
Count = Annotated[int, Strict()]
#: Only for a wall time that happens twice (the clocks go back): the UTC offset of the one meant.
UtcOffset = Annotated[str, Strict(), AfterValidator(_utc_offset), BeforeValidator(_characters)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MeetingIn(_Strict):
    provider: _line_type(40, required=False) = "Zoom"
    join_url: HttpUrl = ""
    meeting_id: _line_type(40, required=False) = ""
    passcode: _line_type(40, required=False) = ""


class InitiativeIn(_Strict):
    city: Slug
    title: _line_type(500)


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
    title: _line_type(200)
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
    title: _line_type(200)
    timezone: Zone
    location: _line_type(200) = "Online"
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
    name: _line_type(120)
    slug: Slug | None = None
    country: _line_type(120)
    region: _line_type(120, required=False) = ""
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
    title: _line_type(200)
    timezone: Zone


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


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (the second would win silently),
    a key that is not a plain value, and aliases (``*name``), whose repeats can multiply a small
    file into an enormous one."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not accepted; write the entry out",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        keys = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, collections.abc.Hashable):
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value",
                                                        key_node.start_mark)
            if key in keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key “{key}” appears twice in one entry", key_node.start_mark)
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_bytes(raw: bytes) -> ProgrammeFile:
    """Parse a file's bytes, which must be UTF-8 text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProgrammeFileError([f"the file is not UTF-8 text (byte {error.start})"]) from None
    return parse(text)


def parse(text: str) -> ProgrammeFile:
    """Parse and validate YAML (or JSON) text; raises ProgrammeFileError listing every problem."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except (yaml.YAMLError, ValueError) as error:
        raise ProgrammeFileError([f"not valid YAML: {error}"]) from None
    except RecursionError:
        raise ProgrammeFileError(["not valid YAML: it is nested too deeply"]) from None
    if not isinstance(raw, dict):
        raise ProgrammeFileError(["the file must be a mapping with format, programme, cities and events"])
    try:
        data = ProgrammeFile.model_validate(raw)
    except ValidationError as error:
        raise ProgrammeFileError([_describe(raw, e) for e in error.errors()[:MAX_PROBLEMS]]) from None
    problems = cross_check(data)
    if problems:
        raise ProgrammeFileError(problems[:MAX_PROBLEMS])
    return data


def _describe(raw: Any, error: dict) -> str:
    """``events[0] (international-seminar-2023) › seminars[1] (seminar-2) › timezone: …``."""
    parts, node = [], raw
    for step in error["loc"]:
        if isinstance(step, int) and isinstance(node, list) and parts:
            node = node[step] if step < len(node) else None
            parts[-1] += f"[{step}]" + _entry_name(node)
        elif isinstance(node, dict) and step in node:
            parts.append(str(step))
            node = node[step]
        elif isinstance(step, str) and step[:1].isalpha() and not step.startswith(("function-", "literal")):
            parts.append(str(step))
            node = None
    message = error["msg"].removeprefix("Value error, ")
    # Checks across fields of one entry name their field first: "end: must be after start".
    field = re.match(r"^([a-z_]+): ", message)
    if error["type"] == "value_error" and field:
        parts.append(field.group(1))
        message = message[field.end():]
    return (" › ".join(parts) + (": " if parts else "")) + message


def _entry_name(node: Any) -> str:
    if isinstance(node, dict):
        for key in ("slug", "name", "number", "city"):
            if key in node and isinstance(node[key], (str, int)):
                return f" ({str(node[key])[:80]})"
    return ""
