"""A seminar's editable fields: what the console's form sends, and what the audit log compares."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.models import Seminar


@dataclass
class SeminarData:
    event_id: int
    number: int
    slug: str
    title: str
    theme: str
    timezone: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    meeting_provider: str
    join_url: str
    meeting_id: str
    passcode: str
    capacity: int | None
    reminder_offsets: list[int]
    status: str
    #: The other languages' title and theme (models/translated.py): saved with the rest, never a new time.
    translations: dict = field(default_factory=dict)


def snapshot(seminar: Seminar) -> dict:
    """The editable fields, times read in the seminar's own zone (as the log shows them)."""
    values = {name: getattr(seminar, name) for name in SeminarData.__dataclass_fields__}
    values["starts_at"], values["ends_at"] = seminar.local_start, seminar.local_end
    values["translations"] = seminar.translations or None  # none written: the log shows no empty change
    return values
