"""Seminar rows on SQLite and PostgreSQL: instants stay aware UTC and the constraints hold."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Seminar

UTC = dt.timezone.utc


def test_seminar_instants_come_back_aware_utc(make_seminar):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    seminar = make_seminar(starts_at=dt.datetime(2023, 11, 6, 20, 30, tzinfo=shanghai),
                           ends_at=dt.datetime(2023, 11, 6, 22, 0, tzinfo=shanghai))
    db.session.expire_all()
    loaded = db.session.get(Seminar, seminar.id)
    assert loaded.starts_at == dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
    assert loaded.starts_at.tzinfo is UTC
    assert loaded.local_start.isoformat() == "2023-11-06T20:30:00+08:00"
    raw = db.session.execute(sa.text("SELECT starts_at FROM seminars")).scalar_one()
    assert str(raw).startswith("2023-11-06 12:30:00")


def test_naive_datetime_is_an_error_on_assignment(make_seminar):
    seminar = make_seminar()
    with pytest.raises(ValueError, match=r"naive datetime 2023-11-06T20:30:00"):
        seminar.starts_at = dt.datetime(2023, 11, 6, 20, 30)


def test_naive_datetime_in_constructor_is_an_error(app):
    with pytest.raises(ValueError, match="naive datetime"):
        Seminar(number=1, slug="s", title="t", timezone="UTC",
                starts_at=dt.datetime(2023, 11, 6, 12, 30), ends_at=dt.datetime(2023, 11, 6, 14, 0))


def test_query_by_instant_matches_across_zones(make_seminar):
    make_seminar()
    bogota = zoneinfo.ZoneInfo("America/Bogota")
    found = db.session.scalars(
        sa.select(Seminar.slug).where(Seminar.starts_at == dt.datetime(2023, 11, 6, 7, 30, tzinfo=bogota))
    ).all()
    assert found == ["seminar-x"]


def test_seminar_ending_before_it_starts_is_refused(make_seminar):
    with pytest.raises(sa.exc.IntegrityError):
        make_seminar(ends_at=dt.datetime(2023, 11, 6, 12, 0, tzinfo=UTC))
    db.session.rollback()


def test_seminar_number_is_unique_within_its_event(make_seminar, make_event):
    event = make_event()
    make_seminar(event=event)
    with pytest.raises(sa.exc.IntegrityError):
        make_seminar(event=event, slug="other")
    db.session.rollback()
