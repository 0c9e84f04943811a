"""Column types: instants stored as UTC and always read back timezone-aware."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper

UTC = dt.timezone.utc


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """Convert an aware datetime to UTC; a naive one is an error, never a guess."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"naive datetime {value.isoformat()}: give an aware instant")
    return value.astimezone(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """An instant: ``timestamptz`` on PostgreSQL, a naive UTC value on SQLite.

    Both come back as aware datetimes in UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        value = as_utc(value)
        if value is not None and dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _reject_naive(target, value, oldvalue, initiator):
    return as_utc(value)


@event.listens_for(Mapper, "mapper_configured")
def _guard_instants(mapper, class_):
    """Check instants when they are assigned, not only at flush, so the error points at the caller."""
    for prop in mapper.column_attrs:
        if any(isinstance(col.type, UTCDateTime) for col in prop.columns):
            event.listen(getattr(class_, prop.key), "set", _reject_naive, retval=True)
