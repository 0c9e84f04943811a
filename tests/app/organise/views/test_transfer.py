"""What an adversarial review of the console found, each held by a test: large and hostile import
files, huge ids, a stale seminar form, a move that also frees seats, a late reminder via import."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
import yaml

from app.extensions import db
from app.models import Event
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import seminar_form, signed_in
from tests.app.helpers.pages import error_page
from tests.app.helpers.reminders import outbox, seat, seminar
from tests.app.programme_file.test_importer import apply_fields, edit, export, lead, preview, problems, seminar_in, snapshot

UTC = dt.timezone.utc


def test_import_accepts_a_file_larger_than_other_forms(client, demo):
    signed_in(client)
    text = export(client) + "#" + "x" * 99_000 + "\n"  # over MAX_CONTENT_LENGTH (64 KiB), under 512 KiB
    page = preview(client, text)
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    assert lead(page.get_data(as_text=True)).startswith("Applying this file: 0 added, 0 changed, 0 removed")
    applied = client.post("/organise/import/apply", data=apply_fields(page.get_data(as_text=True)))
    assert (applied.status_code, applied.headers["Location"]) == (303, "/organise/")
    too_big = preview(client, text + "#" + "y" * 600_000)
    assert too_big.status_code == 413


@pytest.mark.parametrize("text, message", [
    ("format: 1\n? [a, b]\n: 1\n", "not valid YAML: a key must be a plain value"),
    ("[" * 3000 + "]" * 3000, "not valid YAML: it is nested too deeply"),
    ("a: &x [1, 2]\nb: *x\n", "not valid YAML: aliases (*name) are not accepted; write the entry out"),
])
def test_import_refuses_hostile_yaml_with_a_message(client, demo, text, message):
    signed_in(client)
    before = snapshot()
    page = preview(client, text).get_data(as_text=True)
    assert problems(page)[0].startswith(message)
    assert snapshot() == before


def test_import_refuses_invisible_direction_characters_in_a_title(client, demo):
    signed_in(client)
    text = edit(export(client), lambda data: seminar_in(data, "seminar-2").update(title="Evil \u202etxt.exe"))
    assert problems(preview(client, text).get_data(as_text=True)) == [
        "events[2] (international-seminar-2023) › seminars[1] (seminar-2) › title: has an invisible or control "
        "character at position 6 (U+202E)"]


NO_URL = (404, "Page not found", "The requested URL was not found on the server. If you entered the URL manually "
          "please check your spelling and try again.")
POST_ONLY = (405, "Method not allowed", "The method is not allowed for the requested URL.")


# An id above PostgreSQL's integer range matches no rule, so it never reaches a query; a GET of the
# POST-only account URL is refused for its method before its id is read.
@pytest.mark.parametrize("url, on_get", [("/organise/initiatives/9223372036854775808", NO_URL),
                                         ("/organise/initiatives/2147483648", NO_URL),
                                         ("/organise/accounts/99999999999", POST_ONLY)])
def test_huge_ids_are_not_found(client, demo, url, on_get):
    signed_in(client, "admin")
    before = snapshot()
    assert error_page(client.get(url)) == on_get
    assert error_page(client.post(url)) == NO_URL
    assert snapshot() == before


def test_seminar_form_opened_before_another_edit_is_refused(client, demo, clock):
    signed_in(client)
    stale = {**seminar_form(seminar("seminar-2")), "loaded": seminar("seminar-2").updated_at.isoformat()}
    assert post_form(client, "/organise/seminars/seminar-2", {**seminar_form(seminar("seminar-2")),
                                                               "start": "18:30", "end": "20:00"}).status_code == 303
    moved = (seminar("seminar-2").starts_at, seminar("seminar-2").title)
    response = post_form(client, "/organise/seminars/seminar-2", {**stale, "title": "Typo fixed"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ('<p class="notice danger" role="alert">Someone else saved this seminar after you opened it. Nothing was '
            'saved: reload the page to see their change, then make yours again.</p>') in html
    db.session.expire_all()
    assert (seminar("seminar-2").starts_at, seminar("seminar-2").title) == moved


def test_move_with_more_seats_tells_the_promoted_once(client, demo, clock):
    signed_in(client)
    s2 = seminar("seminar-2")
    s2.capacity = 1
    db.session.commit()
    seat(s2, "ana@example.org", confirmed_at=clock())
    seat(s2, "wes@example.org", confirmed_at=clock(), status="waitlisted")
    data = {**seminar_form(seminar("seminar-2")), "start": "20:30", "end": "22:00", "capacity": "2"}
    assert post_form(client, "/organise/seminars/seminar-2", data).status_code == 303
    assert outbox() == [("promoted", "wes@example.org", "pending"), ("moved", "ana@example.org", "pending")]


def test_seminar_keeps_its_event_when_that_event_is_not_a_series(client, demo):
    signed_in(client)
    event = db.session.scalar(sa.select(Event).where(Event.slug == "international-seminar-2023"))
    event.kind = "forum"
    db.session.commit()
    html = client.get("/organise/seminars/seminar-2").get_data(as_text=True)
    assert f'<option selected value="{event.id}">International Seminar on Learning from Urban Innovation</option>' in html


def test_import_adding_a_reminder_late_does_not_send_it_late(client, demo, clock):
    seat(seminar("seminar-2"), "ana@example.org", offsets=(1440, 180, 60), confirmed_at=clock())
    clock.now = dt.datetime(2023, 11, 7, 8, 45, tzinfo=UTC)  # the 3-hour reminder fell due 15 minutes ago
    signed_in(client)
    text = edit(export(client), lambda data: seminar_in(data, "seminar-2").update(reminders=[1440, 180, 60]))
    page = preview(client, text).get_data(as_text=True)
    assert client.post("/organise/import/apply", data=apply_fields(page)).status_code == 303
    assert seminar("seminar-2").rescheduled_at == clock()
    from app.reminders.service import queue_due

    queue_due(clock() + dt.timedelta(minutes=1))
    db.session.commit()
    assert outbox() == []
    assert yaml.safe_load(export(client))["format"] == 1


def test_import_upload_without_its_token_is_refused_with_a_message(client, demo):
    signed_in(client)
    response = client.post("/organise/import", data={"file": (__import__("io").BytesIO(b"format: 1"), "p.yaml")})
    assert response.status_code == 400
    assert ('<p class="notice danger" role="alert">The form expired. Please choose the file again.</p>'
            in response.get_data(as_text=True))
