from __future__ import annotations

import datetime as dt

from calendars.display import dual_range, for_reader

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
END = dt.datetime(2023, 11, 6, 14, 0, tzinfo=UTC)


def test_for_reader_online_shows_reader_zone_first():
    t = for_reader(START, END, reader_zone="America/Bogota", event_zone="Asia/Shanghai", in_person=False)
    assert (t.primary.zone, t.primary.times_text) == ("America/Bogota", "07:30–09:00")
    assert (t.secondary.zone, t.secondary.times_text) == ("Asia/Shanghai", "20:30–22:00")
    assert not t.day_differs
    assert (t.start_iso, t.end_iso) == ("2023-11-06T12:30:00Z", "2023-11-06T14:00:00Z")


def test_for_reader_in_person_shows_venue_zone_first():
    t = for_reader(START, END, reader_zone="America/Bogota", event_zone="Asia/Shanghai", in_person=True)
    assert (t.primary.zone, t.secondary.zone) == ("Asia/Shanghai", "America/Bogota")


def test_dual_range_marks_a_different_date():
    t = dual_range(START, END, "Pacific/Auckland", "Asia/Shanghai")
    assert (t.primary.day_text, t.secondary.day_text, t.day_differs) == ("Tue, 7 Nov 2023", "Mon, 6 Nov 2023", True)


def test_dual_range_same_zone_has_no_secondary():
    t = dual_range(START, END, "Asia/Shanghai", "PRC")
    assert t.secondary is None and not t.day_differs
