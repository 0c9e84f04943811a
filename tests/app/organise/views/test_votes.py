"""The vote in the organiser console: the live tally (confirmed and pending), its CSV of counts
(never an address), and imports that would lose votes."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
import yaml

from app.extensions import db
from app.models import Ballot, City
from tests.app.helpers.forms import post_form
from tests.app.helpers.pages import error_page
from tests.app.helpers.organise import apply_fields, field_errors, preview, signed_in

from tests.app.helpers.vote import CLOSES, DURING, SLUG, cast, last_link, vote_and_confirm, vote_event

TALLY = f"/organise/p/award-2023/votes/{SLUG}"


@pytest.fixture()
def ballots(client, shortlist, clock):
    """Kazan 2 confirmed; São Paulo 1 confirmed, 1 pending (d); Tehran 2 pending (d, and e with two
    requests): 2 addresses wait."""
    clock.now = DURING
    vote_and_confirm(client, "a@example.org", "kazan")
    vote_and_confirm(client, "b@example.org", "kazan")
    vote_and_confirm(client, "c@example.org", "sao-paulo")
    cast(client, "d@example.org", "sao-paulo")
    cast(client, "e@example.org", "tehran")
    cast(client, "d@example.org", "tehran")
    clock.advance(minutes=11)
    cast(client, "e@example.org", "tehran")


def _rows(html: str) -> list[tuple[str, ...]]:
    return re.findall(r'<a href="/organise/p/award-2023/cities/([^"]+)">[^<]+</a> '
                      r'<span class="muted small">[^<]+</span></th>\s*'
                      r'<td class="num">(\d+)</td><td class="num">(\d+)</td><td class="num">([\d.]+)%</td>', html)


def _export_without_kazan(client) -> bytes:
    """The console's export of the programme with Kazan and its initiative left out."""
    data = yaml.safe_load(client.get("/organise/p/award-2023/programme.yaml").get_data(as_text=True))
    data["cities"] = [c for c in data["cities"] if c["name"] != "Kazan"]
    for event in data["events"]:
        for seminar in event.get("seminars", []):
            seminar["initiatives"] = [i for i in seminar.get("initiatives", []) if i["city"] != "kazan"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def test_tally_shows_confirmed_and_pending_per_city(client, ballots):
    signed_in(client)  # after the clock moved: a session signed earlier has expired
    html = client.get(TALLY).get_data(as_text=True)
    rows = _rows(html)
    assert rows[:4] == [("kazan", "2", "0", "66.7"), ("sao-paulo", "1", "1", "33.3"), ("tehran", "0", "2", "0.0"),
                        ("alcaldia-iztapalapa", "0", "0", "0.0")]
    assert len(rows) == 15
    assert re.sub(r"\s+", " ", re.search(r'<p class="counts">(.*?)<a', html, re.S).group(1)).strip() == (
        "<span><strong>3</strong> confirmed votes</span> "
        "<span><strong>2</strong> addresses with a pending request</span>")
    assert "@example.org" not in html.split('<h1>')[1]
    assert "hidden from the public until then" in html
    assert ("opens Wed, 1 Nov 2023, 00:00:00, closes after Thu, 30 Nov 2023, 23:59:59 "
            "<span class=\"muted\">(Asia/Shanghai)</span>") in html


def test_pending_requests_lapse_when_voting_closes(client, ballots, clock):
    clock.now = CLOSES
    signed_in(client)  # after the clock moved: a session signed earlier has expired
    rows = _rows(client.get(TALLY).get_data(as_text=True))
    assert rows[:3] == [("kazan", "2", "0", "66.7"), ("sao-paulo", "1", "0", "33.3"),
                        ("alcaldia-iztapalapa", "0", "0", "0.0")]


def test_tally_csv_holds_counts_and_no_address(client, ballots):
    signed_in(client)  # after the clock moved: a session signed earlier has expired
    response = client.get(f"{TALLY}/tally.csv")
    body = response.get_data().decode("utf-8")
    assert (response.mimetype, response.headers["Content-Disposition"], response.headers["Cache-Control"]) == (
        "text/csv", f'attachment; filename="{SLUG}-tally.csv"', "no-store")
    lines = body.split("\r\n")
    assert lines[:5] == ["\ufeffcity,country,confirmed,pending,share_percent", "Kazan,Russia,2,0,66.7",
                         "São Paulo,Brazil,1,1,33.3", "Tehran,Iran,0,2,0.0", "Alcaldía Iztapalapa,Mexico,0,0,0.0"]
    assert len(lines) == 17 and lines[-1] == ""
    assert "@" not in body


def test_tally_of_an_event_that_is_not_a_vote_is_404(editor_client, shortlist):
    client = editor_client
    missing = (404, "Page not found", "There is no such event; it may have been renamed or removed.")
    assert error_page(client.get("/organise/p/award-2023/votes/international-seminar-2023")) == missing
    csv_file = client.get("/organise/p/award-2023/votes/award-ceremony-2023/tally.csv")
    assert error_page(csv_file) == missing and csv_file.mimetype == "text/html"


def test_dashboard_links_the_tally(editor_client, shortlist):
    client = editor_client
    assert f'<a href="{TALLY}">Tally of the vote</a>' in client.get("/organise/p/award-2023/").get_data(as_text=True)


def test_import_refuses_to_remove_a_city_that_holds_votes(client, ballots):
    signed_in(client)  # after the clock moved: a session signed earlier has expired
    response = preview(client, _export_without_kazan(client))
    html = response.get_data(as_text=True)
    assert "city “kazan”: not in the file, but it holds 2 confirmed votes; keep it in the file" in html
    assert db.session.scalar(sa.select(City.slug).where(City.slug == "kazan")) == "kazan"


def _event_form(event, **changes) -> dict:
    return {"slug": event.slug, "kind": event.kind, "title": event.title, "description": event.description,
            "location": event.location, "timezone": event.timezone, "shape": "days",
            "first_day": event.first_day.isoformat(), "last_day": event.last_day.isoformat(), **changes}


def test_a_vote_that_holds_votes_stays_a_vote(client, ballots):
    signed_in(client)  # after the clock moved: a session signed earlier has expired
    event = vote_event()
    response = post_form(client, f"/organise/p/award-2023/events/{SLUG}", _event_form(event, kind="forum"))
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == ["This vote holds 3 confirmed votes; it stays a vote."]
    db.session.expire_all()
    assert event.kind == "vote"


def test_an_import_may_not_turn_a_vote_with_votes_into_another_kind(client, ballots):
    signed_in(client)  # after the clock moved: a session signed earlier has expired
    data = yaml.safe_load(client.get("/organise/p/award-2023/programme.yaml").get_data(as_text=True))
    next(e for e in data["events"] if e["slug"] == SLUG)["kind"] = "forum"
    html = preview(client, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()).get_data(as_text=True)
    assert f"event “{SLUG}”: it holds 3 confirmed votes; its kind stays vote" in html


def test_a_link_stops_working_when_its_event_is_no_longer_a_vote(client, shortlist, clock):
    clock.now = DURING
    cast(client)
    path = last_link()
    signed_in(client)
    event = vote_event()
    response = post_form(client, f"/organise/p/award-2023/events/{SLUG}", _event_form(event, kind="forum"))
    assert response.status_code == 303
    response = client.get(path)
    assert response.status_code == 400
    assert "This confirmation link no longer matches a vote." in response.get_data(as_text=True)


def test_an_import_removing_a_city_removes_its_unconfirmed_requests(client, shortlist, clock):
    clock.now = DURING
    cast(client, "d@example.org", "kazan")
    cast(client, "e@example.org", "tehran")
    signed_in(client)
    page = preview(client, _export_without_kazan(client)).get_data(as_text=True)
    assert client.post("/organise/p/award-2023/import/apply", data=apply_fields(page)).status_code == 303
    assert db.session.scalars(sa.select(Ballot.email)).all() == ["e@example.org"]
