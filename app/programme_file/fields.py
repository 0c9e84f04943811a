"""The field types of a programme file (docs/data-format.md): each value meets the text rule, then
its own format, so a problem names the field and says what is expected."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from flask_babel import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field, Strict

from app import text as text_rule
from app.slugs import is_slug
from app.time_problems import zone_refusal
from calendars import zones

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: Dates outside this range are typing mistakes, and near year 1 or 9999 they overflow in UTC.
FIRST_YEAR, LAST_YEAR = 1970, 2200


def _characters(value: Any, multiline: bool = False) -> Any:
    """The text rule (app/text.py), before any other check reads the value."""
    if isinstance(value, str) and (found := text_rule.refused(value, multiline)):
        raise ValueError(found.file_message())
    return value


def _multi_line(value: Any) -> Any:
    return _characters(value, multiline=True)


def _zone(value: str) -> str:
    try:
        return zones.zone_name(value)
    except zones.UnknownZone as error:
        raise ValueError(zone_refusal(error.name)) from None


def _strip(value: str) -> str:
    return value.strip()


def _wall_time(value: Any) -> dt.time:
    # YAML 1.1 reads an unquoted 20:30 as the number 1230; insist on a quoted "HH:MM".
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _HH_MM.match(value):
        raise ValueError(_('must be a quoted 24-hour time such as "20:30"'))
    return dt.time.fromisoformat(value)


def _calendar_date(value: Any) -> dt.date:
    # Pydantic would read a number as a Unix timestamp; a programme date is written YYYY-MM-DD.
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("is not a real calendar date")) from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(_("must be a date written YYYY-MM-DD"))
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(_("must be between %(first)s and %(last)s", first=FIRST_YEAR, last=LAST_YEAR))
    return value


def _http_url(value: str) -> str:
    value = value.strip()
    if value and not re.match(r"^https?://[^\s/]+\S*$", value):
        raise ValueError(_("must be an http:// or https:// address"))
    return value


def _utc_offset(value: str) -> str:
    if not re.match(r"^[+-]([01]\d|2[0-3]):[0-5]\d$", value):
        raise ValueError(_('must be a quoted UTC offset such as "+01:00"'))
    return value


def _slug(value: str) -> str:
    if not is_slug(value):
        raise ValueError(_("must be at most 80 lowercase ASCII letters, digits and single hyphens"))
    return value


def line_type(max_length: int, required: bool = True):
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
