"""The console's import form: large and hostile files, a missing token; and huge ids anywhere in the console."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.app.helpers.organise import apply_fields, preview
from tests.app.helpers.pages import error_page
from tests.app.helpers.programme_file import apply_text, edit, export, lead, listed, problems, seminar_in, snapshot

UTC = dt.timezone.utc


def test_import_accepts_a_file_larger_than_other_forms(editor_client, seminar_one):
    client = editor_client
    text = export(client) + "#" + "x" * 99_000 + "\n"  # over MAX_CONTENT_LENGTH (64 KiB), under 512 KiB
    page = preview(client, text)
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    assert lead(page.get_data(as_text=True)).startswith("Applying this file: 0 added, 0 changed, 0 removed")
    applied = client.post("/organise/p/award-2023/import/apply", data=apply_fields(page.get_data(as_text=True)))
    assert (applied.status_code, applied.headers["Location"]) == (303, "/organise/p/award-2023/")
    too_big = preview(client, text + "#" + "y" * 600_000)
    assert too_big.status_code == 413


def test_import_takes_a_file_of_its_own_programme_only(admin_client, seminar_one, make_programme):
    client = admin_client
    make_programme(slug="award-2025", title="7th Guangzhou Award", first_day=dt.date(2025, 11, 1),
                   last_day=dt.date(2025, 12, 9), serves_old_urls=False)
    text = export(client)  # the 2023 cycle's file, which names it
    before = snapshot()
    other = preview(client, text, programme="award-2025")
    applied = apply_text(client, text, programme="award-2025")
    refusal = ["programme › slug: the file is the programme “award-2023”, not “award-2025”; import it there, or "
               "change the slug in the file"]
    assert [(r.status_code, problems(r.get_data(as_text=True))) for r in (other, applied)] == [(400, refusal)] * 2
    assert snapshot() == before
    own = preview(client, text)
    assert (own.status_code, lead(own.get_data(as_text=True))) == (
        200, "Applying this file: 0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn.")


@pytest.mark.parametrize("text, message", [
    ("format: 1\n? [a, b]\n: 1\n", "not valid YAML: a key must be a plain value"),
    ("[" * 3000 + "]" * 3000, "not valid YAML: it is nested too deeply"),
    ("a: &x [1, 2]\nb: *x\n", "not valid YAML: aliases (*name) are not accepted; write the entry out"),
])
def test_import_refuses_hostile_yaml_with_a_message(editor_client, seminar_one, text, message):
    client = editor_client
    before = snapshot()
    page = preview(client, text).get_data(as_text=True)
    assert problems(page)[0].startswith(message)
    assert snapshot() == before


def test_import_refuses_invisible_direction_characters_in_a_title(editor_client, seminar_one, make_seminar_two,
                                                                   make_event, make_vote_event):
    client = editor_client
    make_seminar_two(event=seminar_one.event)
    make_vote_event()  # with the 2012 meeting, two events the file lists before the seminar series
    make_event(slug="metropolis-board-2012", kind="meeting", title="Metropolis Board of Directors Meeting",
               first_day=dt.date(2012, 11, 14), last_day=dt.date(2012, 11, 17))
    text = edit(export(client), lambda data: seminar_in(data, "seminar-2").update(title="Evil \u202etxt.exe"))
    assert problems(preview(client, text).get_data(as_text=True)) == [
        "events[2] (international-seminar-2023) › seminars[1] (seminar-2) › title: has an invisible or control "
        "character at position 6 (U+202E)"]


NO_URL = (404, "Page not found", "The requested URL was not found on the server. If you entered the URL manually "
          "please check your spelling and try again.")
POST_ONLY = (405, "Method not allowed", "The method is not allowed for the requested URL.")


# An id above PostgreSQL's integer range matches no rule, so it never reaches a query; a GET of the
# POST-only account URL is refused for its method before its id is read.
@pytest.mark.parametrize("url, on_get", [("/organise/p/award-2023/initiatives/9223372036854775808", NO_URL),
                                         ("/organise/p/award-2023/initiatives/2147483648", NO_URL),
                                         ("/organise/accounts/99999999999", POST_ONLY)])
def test_huge_ids_are_not_found(admin_client, seminar_one, url, on_get):
    client = admin_client
    before = snapshot()
    assert error_page(client.get(url)) == on_get
    assert error_page(client.post(url)) == NO_URL
    assert snapshot() == before


def test_import_upload_without_its_token_is_refused_with_a_message(editor_client):
    client = editor_client
    response = client.post("/organise/p/award-2023/import",
                           data={"file": (__import__("io").BytesIO(b"format: 1"), "p.yaml")})
    assert response.status_code == 400
    assert ('<p class="notice danger" role="alert">The form expired. Please choose the file again.</p>'
            in response.get_data(as_text=True))


def _retitled(text: str) -> str:
    return text.replace("title: 6th Guangzhou International Award for Urban Innovation\n",
                        "title: The 6th Award\n", 1)


def test_an_editors_import_may_not_change_the_programmes_settings(editor_client, seminar_one):
    before = snapshot()
    text = _retitled(export(editor_client))
    assert "title: The 6th Award\n" in text
    page = preview(editor_client, text).get_data(as_text=True)
    assert problems(page) == ["programme › title: only an admin changes a programme's settings (the file says "
                              "“The 6th Award”, the programme has “6th Guangzhou International Award for Urban "
                              "Innovation”)"]
    assert snapshot() == before


def test_an_admins_import_changes_the_programmes_title(admin_client, seminar_one):
    page = preview(admin_client, _retitled(export(admin_client)))
    assert page.status_code == 200
    assert listed(page.get_data(as_text=True))["changed"] == ["programme award-2023: title"]
