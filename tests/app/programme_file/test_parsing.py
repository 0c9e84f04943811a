"""The programme file is read whole: every problem is named by entry and field, and nothing is guessed."""
from __future__ import annotations

import datetime as dt

import pytest

from app.programme_file.apply import instants
from app.programme_file.parsing import ProgrammeFileError, parse, parse_bytes
from tests.conftest import DEMO_FILE

UTC = dt.timezone.utc
DEMO_TEXT = DEMO_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (("timezone: Asia/Tehran", "timezone: Asia/Teheran"),
         "cities[2] (Tehran) › timezone: “Asia/Teheran” is not a time zone we know. "
         "Use an IANA name such as Europe/Berlin, America/Bogota or Asia/Shanghai."),
        (("        title: Beyond smart city\n", ""),
         "events[0] (international-seminar-2023) › seminars[2] (seminar-3) › title: this field is required"),
        (('end: "22:30"', "end: 22:30"),
         'events[0] (international-seminar-2023) › seminars[3] (seminar-4) › end: '
         'must be a quoted 24-hour time such as "20:30"'),
        (('start: "19:30"', 'start: "21:30"'),
         "events[0] (international-seminar-2023) › seminars[1] (seminar-2) › "
         "end: must be after start (give end_date for a session past midnight)"),
        (("{city: kazan,", "{city: kazan-city,"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › initiatives[1] (kazan-city) › "
         "city: no city with slug “kazan-city” in cities"),
        (('start: "19:30"', 'start: "19:30"\n        start: "03:00"'),
         'not valid YAML: the key “start” appears twice in one entry\n  in "<unicode string>", line 66, column 9:\n'
         '            start: "03:00"\n            ^'),
        (("date: 2023-11-06", "date: 86400"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › date: must be a date written YYYY-MM-DD"),
        (("date: 2023-11-06", "date: 0001-01-01"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › date: must be between 1970 and 2200"),
        (("number: 1\n", "number: true\n"),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › number: must be a whole number"),
        (("number: 2\n", "number: 1\n"),
         "events[0] (international-seminar-2023) › seminars[1] (seminar-2) › number: “1” is also used by seminars[0]"),
        (("{name: Kazan,", '{name: "!!!",'),
         "cities[1] (!!!) › slug: the name gives no usable slug (“”); add a slug"),
        (("  - {name: Kazan,", "  - {name: Xianning, country: China, timezone: Asia/Shanghai}\n  - {name: Kazan,"),
         "cities[1] (Xianning) › slug: “xianning” is also used by cities[0]"),
        (("dates: {first: 2023-11-01, last: 2023-11-30}",
          "dates: {first: 2023-11-01, last: 2023-11-30}\n    end_date: 2023-12-01"),
         "events[1] (city-of-your-choice-2023) › dates: give either dates: {first, last} or date, start and end, "
         "not both"),
        (("    date: 2023-12-07\n", ""),
         "events[2] (award-ceremony-2023) › date: required (or give dates: {first, last} for an all-day range)"),
        (("theme: Making our cities and regions safe and resilient for all — responding to emerging and new challenges",
          "theme: \"Making\\x00 our cities\""),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › theme: has an invisible or control "
         "character at position 7 (U+0000)"),
        (("provider: Zoom, join_url: \"https://zoom.us/j/82318937943\"", "provider: " + "Z" * 41 + ", join_url: \"https://zoom.us/j/82318937943\""),
         "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › meeting › provider: "
         "must be at most 40 characters"),
        (("join_url: \"https://zoom.us/j/84265828099\"", "join_url: \"javascript:alert(1)\""),
         "events[0] (international-seminar-2023) › seminars[1] (seminar-2) › meeting › join_url: "
         "must be an http:// or https:// address"),
    ],
)
def test_parse_refuses_bad_entries_naming_entry_and_field(edit, problem):
    old, new = edit
    assert old in DEMO_TEXT
    with pytest.raises(ProgrammeFileError) as error:
        parse(DEMO_TEXT.replace(old, new, 1))
    assert error.value.problems == [problem]


def test_parse_refuses_a_nonexistent_wall_time():
    text = DEMO_TEXT.replace("timezone: Asia/Shanghai\n        meeting: {provider: Zoom, join_url: \"https://zoom.us/j/82318937943\"",
                             "timezone: Europe/Berlin\n        meeting: {provider: Zoom, join_url: \"https://zoom.us/j/82318937943\"")
    text = text.replace("date: 2023-11-06\n        start: \"20:30\"", "date: 2024-03-31\n        start: \"02:30\"")
    with pytest.raises(ProgrammeFileError) as error:
        parse(text)
    assert error.value.problems == [
        "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › start: Sun, 31 Mar 2024 02:30 in "
        "Europe/Berlin does not exist: the clocks skip that hour for a daylight-saving change."]


def test_parse_refuses_text_that_is_not_utf8():
    with pytest.raises(ProgrammeFileError) as error:
        parse_bytes(DEMO_TEXT.encode("utf-16"))
    assert error.value.problems == ["the file is not UTF-8 text (byte 0)"]


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
        "events[0] (series) › seminars[0] (1) › start: Sun, 29 Oct 2028 02:30 in Europe/Berlin happens twice because "
        "the clocks go back: first at UTC+2, then at UTC+1. Choose one."]
    assert _start(', start_offset: "+02:00"') == dt.datetime(2028, 10, 29, 0, 30, tzinfo=UTC)
    assert _start(', start_offset: "+01:00"') == dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC)
    with pytest.raises(ProgrammeFileError) as wrong:
        parse(TEMPLATE.format(extra=', start_offset: "+03:00"'))
    assert wrong.value.problems == [
        "events[0] (series) › seminars[0] (1) › start: Sun, 29 Oct 2028 02:30 in Europe/Berlin is at +01:00 or "
        "+02:00, not +03:00"]
    with pytest.raises(ProgrammeFileError) as malformed:
        parse(TEMPLATE.format(extra=", start_offset: 1"))
    assert malformed.value.problems == [
        "events[0] (series) › seminars[0] (1) › start_offset: must be text"]
