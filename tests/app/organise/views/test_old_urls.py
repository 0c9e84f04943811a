"""The console's addresses from before programmes: a GET of a row's page goes to that page under
the row's programme (bookmarks keep working); the others are gone."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.app.helpers.pages import error_page

UTC = dt.timezone.utc


@pytest.fixture()
def rows(make_programme, make_event, make_seminar_two, make_initiative, make_vote_event):
    """Seminar 2 of the 2023 cycle with an initiative, its vote, and the 2025 cycle's first seminar."""
    initiative = make_initiative(make_seminar_two(event=make_event(slug="international-seminar-2023")))
    make_vote_event()
    later = make_programme(slug="award-2025", title="7th Guangzhou Award", first_day=dt.date(2025, 11, 1),
                           last_day=dt.date(2025, 12, 9), serves_old_urls=False)
    make_vote_event(slug="vote-2025", programme=later, first_day=dt.date(2025, 11, 1), last_day=dt.date(2025, 11, 30))
    return initiative


def test_an_old_address_of_a_row_goes_to_its_programme_with_its_query(editor_client, rows):
    client = editor_client
    moved = {
        "/organise/seminars/seminar-2": "/organise/p/award-2023/seminars/seminar-2",
        "/organise/seminars/seminar-2/registrants?status=confirmed":
            "/organise/p/award-2023/seminars/seminar-2/registrants?status=confirmed",
        "/organise/seminars/seminar-2/registrants.csv": "/organise/p/award-2023/seminars/seminar-2/registrants.csv",
        "/organise/seminars/seminar-2/announce": "/organise/p/award-2023/seminars/seminar-2/announce",
        "/organise/events/international-seminar-2023": "/organise/p/award-2023/events/international-seminar-2023",
        "/organise/votes/city-of-your-choice-2023": "/organise/p/award-2023/votes/city-of-your-choice-2023",
        "/organise/votes/vote-2025/tally.csv": "/organise/p/award-2025/votes/vote-2025/tally.csv",
        f"/organise/initiatives/{rows.id}": f"/organise/p/award-2023/initiatives/{rows.id}",
    }
    answers = {old: client.get(old) for old in moved}
    assert {old: (r.status_code, r.headers["Location"]) for old, r in answers.items()} == {
        old: (302, new) for old, new in moved.items()}
    assert client.get(moved["/organise/seminars/seminar-2"]).status_code == 200


def test_an_old_address_without_its_row_or_of_no_row_is_gone(editor_client, rows):
    client = editor_client
    not_found = (404, "Page not found", "The requested URL was not found on the server. If you entered the URL "
                 "manually please check your spelling and try again.")
    answers = {url: error_page(client.get(url)) for url in (
        "/organise/seminars/seminar-99", "/organise/seminars/new", "/organise/events/new",
        "/organise/votes/international-seminar-2023", "/organise/initiatives/999", "/organise/cities/kazan",
        "/organise/cities/new", "/organise/import", "/organise/programme.yaml")}
    assert answers == {
        "/organise/seminars/seminar-99": (404, "Page not found", "There is no such seminar; it may have been renamed "
                                                                 "or removed."),
        "/organise/seminars/new": (404, "Page not found", "There is no such seminar; it may have been renamed or "
                                                          "removed."),
        "/organise/events/new": (404, "Page not found", "There is no such event; it may have been renamed or "
                                                        "removed."),
        "/organise/votes/international-seminar-2023": (404, "Page not found", "There is no such event; it may have "
                                                                              "been renamed or removed."),
        "/organise/initiatives/999": (404, "Page not found", "There is no such initiative; it may have been renamed "
                                                             "or removed."),
        "/organise/cities/kazan": not_found, "/organise/cities/new": not_found, "/organise/import": not_found,
        "/organise/programme.yaml": not_found}
    assert client.post("/organise/seminars/seminar-2").status_code == 405
