"""The console's programme import: a preview first, then all of the file or none of it."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
import yaml

from app.extensions import db
from app.models import AuditEntry, City
from tests.app.helpers.fanout import finish_fanouts
from tests.app.helpers.organise import apply_fields, preview, signed_in
from tests.app.helpers.reminders import outbox, seat, seminar
from tests.app.helpers.programme_file import (SERIES, apply_text, audit_entries, edit, export, lead, listed,
                                            refused, seminar_in, sequences, series_index, snapshot)
from tests.app.helpers.seminars import cancel

UTC = dt.timezone.utc
LONG_AGO = dt.datetime(2023, 10, 29, 8, 0, tzinfo=UTC)
APPLY = "/organise/p/award-2023/import/apply"
NOTHING = "0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn"


def test_import_of_the_unchanged_export_changes_nothing(client, demo, clock):
    signed_in(client)
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=LONG_AGO)
    before, numbers = snapshot(), sequences()
    page = preview(client, export(client))
    assert page.status_code == 200
    assert lead(page.get_data(as_text=True)) == f"Applying this file: {NOTHING}."
    assert listed(page.get_data(as_text=True)) == {"added": [], "changed": [], "removed": []}
    response = client.post(APPLY, data=apply_fields(page.get_data(as_text=True)))
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2023/")
    assert f"Import applied: {NOTHING}." in client.get("/organise/p/award-2023/").get_data(as_text=True)
    after = snapshot()
    assert sequences() == numbers
    assert {name: rows for name, rows in after.items() if name != "audit_entries"} == \
           {name: rows for name, rows in before.items() if name != "audit_entries"}
    assert audit_entries() == [("imported", "programme", "award-2023")]


def _move_and_rework_cities(data: dict) -> None:
    seminar_in(data, "seminar-2").update(start="20:30", end="22:00")
    next(c for c in data["cities"] if c["slug"] == "ramallah")["country"] = "State of Palestine"
    data["cities"] = [c for c in data["cities"] if c["slug"] != "rosario"]
    data["cities"].append({"name": "Lisbon", "country": "Portugal", "timezone": "Europe/Lisbon"})


def test_preview_lists_the_changes_and_writes_nothing_then_apply_does_it_all(client, demo, clock):
    signed_in(client)
    db.session.add(City(slug="rosario", name="Rosario", country="Argentina", timezone="America/Argentina/Cordoba"))
    db.session.commit()
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=LONG_AGO)
    seat(seminar("seminar-2"), "ravi@example.org", "Asia/Kolkata", confirmed_at=LONG_AGO, name="Ravi")
    seat(seminar("seminar-2"), "pat@example.org", confirmed_at=LONG_AGO, status="pending", name="Pat")
    text = edit(export(client), _move_and_rework_cities)
    before, numbers = snapshot(), sequences()

    page = preview(client, text)
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert lead(shown) == ("Applying this file: 1 added, 2 changed, 1 removed; 2 registrant emails, "
                           "0 queued reminders withdrawn.")
    assert listed(shown) == {"added": ["city lisbon"],
                             "changed": ["city ramallah: country", "seminar seminar-2: starts_at, ends_at"],
                             "removed": ["city rosario"]}
    assert "Registrants of seminar-2 are affected" in shown
    assert snapshot() == before
    assert outbox() == []

    response = client.post(APPLY, data=apply_fields(shown))
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2023/")
    moved = seminar("seminar-2")
    assert (f"{moved.local_start:%Y-%m-%d %H:%M %Z}", f"{moved.local_end:%H:%M}") == ("2023-11-07 20:30 CST", "22:00")
    assert sequences() == {**numbers, "seminar-2": numbers["seminar-2"] + 1}
    assert outbox() == []  # the import recorded a fan-out; the job queues its emails
    finish_fanouts()
    assert outbox() == [("moved", "ana@example.org", "pending"), ("moved", "ravi@example.org", "pending")]
    cities = {c.slug: (c.name, c.country, c.timezone) for c in db.session.scalars(sa.select(City))}
    assert "rosario" not in cities
    assert (cities["ramallah"], cities["lisbon"]) == (("Ramallah", "State of Palestine", "Asia/Hebron"),
                                                      ("Lisbon", "Portugal", "Europe/Lisbon"))
    assert audit_entries() == [("removed", "city", "rosario"), ("moved", "seminar", "seminar-2"),
                               ("changed", "city", "ramallah"), ("added", "city", "lisbon"),
                               ("imported", "programme", "award-2023")]
    ramallah = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.key == "ramallah"))
    assert ramallah.changes == {"country": ["Palestine", "State of Palestine"]}
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "moved"))
    assert entry.changes == {"starts_at": ["2023-11-07T19:30+08:00", "2023-11-07T20:30+08:00"],
                             "ends_at": ["2023-11-07T21:00+08:00", "2023-11-07T22:00+08:00"]}
    assert (entry.actor, entry.at) == ("editor@example.org", clock())


def test_apply_without_notify_moves_the_seminar_and_emails_nobody(client, demo):
    signed_in(client)
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=LONG_AGO)
    page = preview(client, edit(export(client), _move_and_rework_cities))
    response = client.post(APPLY, data=apply_fields(page.get_data(as_text=True), notify=False))
    assert response.status_code == 303
    assert f"{seminar('seminar-2').local_start:%H:%M}" == "20:30"
    assert outbox() == []
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "imported"))
    assert entry.summary == "1 added, 2 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn"


def _unknown_city(data):
    seminar_in(data, "seminar-2")["initiatives"][0]["city"] = "atlantis"


def _end_before_start(data):
    seminar_in(data, "seminar-2")["end"] = "19:00"


def _unknown_zone(data):
    seminar_in(data, "seminar-2")["timezone"] = "Mars/Olympus"


@pytest.mark.parametrize("breakage, problem", [
    (_unknown_city, "initiatives[0] (atlantis) › city: no city with slug “atlantis” in cities"),
    (_end_before_start, "end: must be after start (give end_date for a session past midnight)"),
    (_unknown_zone, "timezone: “Mars/Olympus” is not a time zone we know. Use an IANA name such as "
                    "Europe/Berlin, America/Bogota or Asia/Shanghai."),
])
def test_a_file_with_one_broken_row_is_refused_whole(client, demo, breakage, problem):
    signed_in(client)
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=LONG_AGO)
    text = export(client)
    where = f"events[{series_index(text)}] ({SERIES}) › seminars[1] (seminar-2) › "

    def change(data):
        _move_and_rework_cities(data)
        seminar_in(data, "seminar-1")["title"] = "A valid new title"
        breakage(data)

    broken = edit(text, change)
    for send in (preview, apply_text):
        assert refused(client, broken, send) == [where + problem]


def test_a_file_leaving_out_a_seminar_with_registrations_is_refused(client, demo):
    signed_in(client)
    seat(seminar("seminar-3"), "ana@example.org", confirmed_at=LONG_AGO)
    seat(seminar("seminar-3"), "ravi@example.org", confirmed_at=LONG_AGO, status="cancelled", name="Ravi")
    text = edit(export(client), lambda data: next(e for e in data["events"] if e["slug"] == SERIES)["seminars"].pop(2))
    assert refused(client, text) == [
        "seminar “seminar-3”: not in the file, but it has 2 registrations; keep it in the file "
        "(status: cancelled to cancel it)"]


def test_a_file_that_uncancels_a_cancelled_seminar_is_refused(client, demo, clock):
    signed_in(client)
    text = export(client)
    cancel(seminar("seminar-2"), clock())
    assert refused(client, text) == [
        f"events[{series_index(text)}] ({SERIES}) › seminars[1] (seminar-2) › status: Seminar 2 was cancelled "
        "and registrants were told; it stays cancelled (add a new seminar for a new date)"]


def test_a_file_that_moves_a_seminar_into_the_past_is_refused(client, demo, clock):
    signed_in(client)
    text = edit(export(client), lambda data: seminar_in(data, "seminar-2").update(date="2023-10-29"))
    assert refused(client, text, preview) == [
        f"events[{series_index(text)}] ({SERIES}) › seminars[1] (seminar-2) › date: The new start is in the past."]


def test_apply_after_the_programme_changed_answers_409_and_writes_nothing(client, demo):
    signed_in(client)
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=LONG_AGO)
    page = preview(client, edit(export(client), _move_and_rework_cities))
    kazan = db.session.scalar(sa.select(City).where(City.slug == "kazan"))
    kazan.name = "Kazan (Tatarstan)"
    db.session.commit()
    before = snapshot()
    response = client.post(APPLY, data=apply_fields(page.get_data(as_text=True)))
    shown = response.get_data(as_text=True)
    assert response.status_code == 409
    assert ("The programme changed since your preview (someone saved an edit). Nothing was applied; here is the "
            "preview again, against the programme as it is now.") in shown
    assert listed(shown)["changed"] == ["city kazan: name", "city ramallah: country",
                                        "seminar seminar-2: starts_at, ends_at"]
    assert snapshot() == before
    assert f"{seminar('seminar-2').local_start:%H:%M}" == "19:30"
    again = client.post(APPLY, data=apply_fields(shown))  # the refreshed preview applies
    assert (again.status_code, f"{seminar('seminar-2').local_start:%H:%M}") == (303, "20:30")


def test_a_file_that_is_not_utf8_is_refused_with_a_message(client, demo):
    signed_in(client)
    raw = export(client).encode("utf-8").replace("São Paulo".encode("utf-8"), "São Paulo".encode("latin-1"), 1)
    position = raw.index("São Paulo".encode("latin-1")) + 1
    before = snapshot()
    response = preview(client, raw)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.findall(r'<p class="error" role="alert">([^<]+)</p>', page) == [
        f"The file is not UTF-8 text (byte {position})."]
    assert snapshot() == before


def test_an_import_that_adds_seats_promotes_the_waiting_list(client, demo, clock):
    """The seminar form promotes waitlisted registrants when seats are added; an import must too."""
    signed_in(client)
    two = seminar("seminar-2")
    two.capacity = 1
    db.session.commit()
    seat(two, "ana@example.org", confirmed_at=LONG_AGO)
    waiting = seat(two, "ravi@example.org", confirmed_at=LONG_AGO, status="waitlisted", name="Ravi")
    response = apply_text(client, edit(export(client), lambda data: seminar_in(data, "seminar-2").update(capacity=2)))
    assert response.status_code == 303
    assert seminar("seminar-2").capacity == 2
    db.session.refresh(waiting)
    assert waiting.status == "confirmed"


def _three_seats(clock):
    for address in ("ana@example.org", "ravi@example.org", "pat@example.org"):
        seat(seminar("seminar-2"), address, confirmed_at=LONG_AGO)


def _seminar_over(clock):
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = dt.datetime(2023, 11, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("setup, change, field", [
    (_three_seats, {"capacity": 1}, "capacity"),
    (_seminar_over, {"status": "cancelled"}, "status"),
])
def test_an_import_is_refused_where_the_seminar_form_refuses(client, demo, clock, setup, change, field):
    """The seminar form refuses fewer seats than are taken, and cancelling a seminar that is over."""
    setup(clock)
    signed_in(client)
    text = edit(export(client), lambda data: seminar_in(data, "seminar-2").update(change))
    [problem] = refused(client, text)
    assert problem.startswith(f"events[{series_index(text)}] ({SERIES}) › seminars[1] (seminar-2) › {field}: ")


def test_import_adding_a_reminder_late_does_not_send_it_late(client, demo, clock):
    seat(seminar("seminar-2"), "ana@example.org", offsets=(1440, 180, 60), confirmed_at=clock())
    clock.now = dt.datetime(2023, 11, 7, 8, 45, tzinfo=UTC)  # the 3-hour reminder fell due 15 minutes ago
    signed_in(client)
    text = edit(export(client), lambda data: seminar_in(data, "seminar-2").update(reminders=[1440, 180, 60]))
    page = preview(client, text).get_data(as_text=True)
    assert client.post(APPLY, data=apply_fields(page)).status_code == 303
    assert seminar("seminar-2").rescheduled_at == clock()
    from app.reminders.service import queue_due

    queue_due(clock() + dt.timedelta(minutes=1))
    db.session.commit()
    assert outbox() == []
    assert yaml.safe_load(export(client))["format"] == 1
