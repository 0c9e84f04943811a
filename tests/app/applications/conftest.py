"""Fixtures of the tour application tests."""
from __future__ import annotations

import datetime as dt

import pytest

from app.extensions import db
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from tests.conftest import FILES

UTC = dt.timezone.utc


@pytest.fixture()
def tours(app, clock):
    """The 2015 study tours, a month and a half before the first leg."""
    clock.now = dt.datetime(2015, 3, 2, 9, 0, tzinfo=UTC)
    apply_programme(parse((FILES / "study-tours-2015.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()
