"""An exported programme file reads back as the same programme, a wall time that happens twice included."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_login import login_user

from app.extensions import db
from app.programme_file.apply import instants
from app.programme_file.export import export_text
from app.programme_file.importer import run_import
from app.programme_file.parsing import ProgrammeFileError, parse
from tests.app.helpers.organise import make_organiser
from tests.app.helpers.reminders import seminar

UTC = dt.timezone.utc
TEMPLATE = """format: 1
programme: {{title: T, timezone: Asia/Shanghai}}
events:
  - slug: series
    kind: seminar-series
    title: Series
    timezone: Europe/Berlin
    dates: {{first: 2028-10-29, last: 2028-10-29}}
    seminars:
      - {{number: 1, title: Night owls, date: 2028-10-29, start: "02:30", end: "04:00", timezone: Europe/Berlin{extra}}}
"""


def _start(extra: str) -> dt.datetime:
    file = parse(TEMPLATE.format(extra=extra))
    return instants("seminar", file.events[0].seminars[0])[0]


def test_file_wall_time_that_happens_twice_needs_its_offset(app):
    with pytest.raises(ProgrammeFileError) as refused:
        parse(TEMPLATE.format(extra=""))
    assert refused.value.problems == [
        "events[0] (series) › seminars[0] (1) › start: Sun 29 Oct 2028 02:30 in Europe/Berlin happens twice because "
        "the clocks go back: first at UTC+2, then at UTC+1. Choose one."]
    assert _start(', start_offset: "+02:00"') == dt.datetime(2028, 10, 29, 0, 30, tzinfo=UTC)
    assert _start(', start_offset: "+01:00"') == dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC)
    with pytest.raises(ProgrammeFileError) as wrong:
        parse(TEMPLATE.format(extra=', start_offset: "+03:00"'))
    assert wrong.value.problems == [
        "events[0] (series) › seminars[0] (1) › start: Sun 29 Oct 2028 02:30 in Europe/Berlin is at +01:00 or "
        "+02:00, not +03:00"]
    with pytest.raises(ProgrammeFileError) as malformed:
        parse(TEMPLATE.format(extra=", start_offset: 1"))
    assert malformed.value.problems == [
        "events[0] (series) › seminars[0] (1) › start_offset: Input should be a valid string"]


def test_export_then_import_changes_nothing_even_across_a_dst_change(app, demo, clock):
    s2 = seminar("seminar-2")
    s2.timezone = "Europe/Berlin"
    s2.starts_at = dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC)  # the second 02:30, UTC+1
    s2.ends_at = dt.datetime(2028, 10, 29, 3, 0, tzinfo=UTC)
    db.session.commit()
    sequence = s2.sequence
    text = export_text("T", "Asia/Shanghai")
    assert "date: '2028-10-29'\n    start: 02:30\n    end: 04:00\n    start_offset: +01:00\n" in text
    with app.test_request_context():
        login_user(make_organiser())
        result = run_import(text, now=clock(), notify=True, apply=True)
    assert result.problems == [] and result.applied
    assert result.summary == "0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn"
    db.session.expire_all()
    assert (seminar("seminar-2").starts_at, seminar("seminar-2").sequence) == (
        dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC), sequence)
