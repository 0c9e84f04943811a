"""The vote among several programmes, on SQLite and PostgreSQL: a vote's pages under its own
programme, the single-programme URLs redirecting there, and an archived programme taking no vote."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, Programme
from tests.app.helpers.forms import form_token
from tests.app.helpers.pages import error_page
from tests.app.helpers.registration import deliver, text_of
from tests.app.helpers.vote import (CEREMONY, DURING, PAGE, SLUG, cast, confirm, counts, last_link, main_text,
                                    vote_and_confirm, votes)

UTC = dt.timezone.utc
TOURS = "/p/study-tours-2015/vote/tours-vote"


@pytest.fixture()
def voting(shortlist, clock):
    clock.now = DURING
    return shortlist


@pytest.fixture()
def tours(voting, make_programme, make_event, make_seminar, make_city, make_initiative, make_vote_event):
    """A second programme beside the 2023 one (which serves the old URLs): one seminar, presented by
    Lisbon, and its own vote, open over the same days as 2023's."""
    programme = make_programme(slug="study-tours-2015", title="Study Tours 2015", timezone="Europe/Lisbon",
                               first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 11, 30), serves_old_urls=False)
    series = make_event(programme=programme, slug="tours-series", title="Study tours")
    seminar = make_seminar(event=series, number=1, slug="tour-1", title="Lisbon on foot",
                           starts_at=dt.datetime(2023, 11, 20, 10, 0, tzinfo=UTC),
                           ends_at=dt.datetime(2023, 11, 20, 11, 30, tzinfo=UTC))
    lisbon = make_city(slug="lisbon", name="Lisbon", country="Portugal", timezone="Europe/Lisbon",
                       programme=programme)
    make_initiative(seminar, city=lisbon, title="Streets for people")
    return make_vote_event(programme=programme, slug="tours-vote", title="Tours vote")


def _set_status(slug: str, status: str) -> None:
    db.session.scalar(sa.select(Programme).filter_by(slug=slug)).status = status
    db.session.commit()


# --- the old URLs ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("/vote", "/p/award-2023/vote"),
    ("/vote?tz=Asia/Tokyo", "/p/award-2023/vote?tz=Asia/Tokyo"),
    (f"/vote/{SLUG}", PAGE),
    (f"/vote/{SLUG}?city=sao-paulo&tz=America/Bogota", f"{PAGE}?city=sao-paulo&tz=America/Bogota"),
    (f"/vote/{SLUG}/sent", f"{PAGE}/sent"),
    (f"/vote/{SLUG}/results?tz=Europe/Lisbon", f"{PAGE}/results?tz=Europe/Lisbon"),
    ("/vote/tours-vote", TOURS),
    ("/vote/tours-vote/sent", f"{TOURS}/sent"),
    ("/vote/tours-vote/results", f"{TOURS}/results"),
])
def test_an_old_vote_url_is_a_301_to_the_programme_holding_the_vote_query_kept(client, tours, old, new):
    response = client.get(old)
    assert (response.status_code, response.location) == (301, new)


def test_an_old_ballot_post_is_a_308_to_the_scoped_ballot_which_takes_it(client, voting):
    data = {"email": "ana@example.org", "city": "kazan", "csrf_token": form_token(client, PAGE)}
    moved = client.post(f"/vote/{SLUG}?tz=America/Bogota", data=data)
    assert (moved.status_code, moved.location, counts()) == (308, f"{PAGE}?tz=America/Bogota", (0, 0, 0))
    taken = client.post(moved.location, data=data)  # what the browser does with a 308: the same POST again
    assert (taken.status_code, taken.location, counts()) == (303, f"{PAGE}/sent", (1, 0, 1))


def test_old_ballot_posts_count_against_no_rate_limit(client, voting):
    """Only the POST that arrives counts: a browser following the 308 is not limited twice."""
    token = form_token(client, PAGE)
    moved = [client.post(f"/vote/{SLUG}", data={"email": "ana@example.org", "city": "kazan", "csrf_token": token})
             for _ in range(12)]
    assert {r.status_code for r in moved} == {308}
    statuses = [cast(client, f"p{n}@example.org", "kazan").status_code for n in range(11)]
    assert statuses == [303] * 10 + [429]


def test_old_urls_of_an_unknown_vote_or_of_a_draft_programme_are_404(client, tours):
    _set_status("study-tours-2015", "draft")
    for path in ("/vote/no-such-vote", "/vote/no-such-vote/results", "/vote/tours-vote", "/vote/tours-vote/sent"):
        assert error_page(client.get(path))[:2] == (404, "Page not found"), path
    assert client.post("/vote/tours-vote", data={"csrf_token": form_token(client, PAGE)}).status_code == 404
    assert error_page(client.get(TOURS)) == (404, "Page not found", "There is no programme “study-tours-2015”.")


def test_the_old_vote_index_is_404_when_no_programme_serves_the_old_urls(client, voting):
    db.session.execute(sa.update(Programme).values(serves_old_urls=False))
    db.session.commit()
    assert error_page(client.get("/vote")) == (404, "Page not found", "There is no programme yet.")


# --- one programme's vote --------------------------------------------------------------------------

def test_a_vote_under_another_programme_is_404_and_takes_nothing(client, tours):
    for path in ("/p/study-tours-2015/vote/city-of-your-choice-2023", "/p/award-2023/vote/tours-vote/sent",
                 "/p/award-2023/vote/tours-vote/results"):
        status, _, lead = error_page(client.get(path))
        assert (status, lead) == (404, f"There is no vote “{path.split('/')[4]}”."), path
    data = {"email": "ana@example.org", "city": "lisbon", "csrf_token": form_token(client, PAGE)}
    assert client.post("/p/award-2023/vote/tours-vote", data=data).status_code == 404
    assert counts() == (0, 0, 0)


def test_a_programmes_vote_index_goes_to_its_own_vote(client, tours):
    assert (client.get("/p/study-tours-2015/vote").location, client.get("/p/award-2023/vote").location) == (
        TOURS, PAGE)


def test_a_programme_without_a_vote_has_no_vote_index(client, voting, make_programme):
    make_programme(slug="board-meeting-2012", title="Board meeting 2012", serves_old_urls=False,
                   first_day=dt.date(2012, 11, 14), last_day=dt.date(2012, 11, 17))
    assert error_page(client.get("/p/board-meeting-2012/vote")) == (
        404, "Page not found", "This programme has no vote.")


def test_a_ballot_lists_the_cities_presenting_in_its_own_programme_only(client, tours):
    html = client.get(TOURS).get_data(as_text=True)
    assert re.findall(r'name="city" value="([^"]+)"', html) == ["lisbon"]
    assert len(re.findall(r'name="city" value="([^"]+)"', client.get(PAGE).get_data(as_text=True))) == 15
    token = form_token(client, TOURS)
    refused = client.post(TOURS, data={"email": "ana@example.org", "city": "kazan", "csrf_token": token})
    assert refused.status_code == 400
    assert "Please choose one of the cities on the ballot." in refused.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_the_emails_of_a_vote_link_its_programmes_ballot(client, tours, clock, smtp):
    token = form_token(client, TOURS)
    assert client.post(TOURS, data={"email": "ana@example.org", "city": "lisbon", "csrf_token": token}).location == (
        f"{TOURS}/sent")
    [message] = deliver(clock, smtp)
    assert message["Subject"] == "Confirm your vote for Lisbon"
    assert "\nThe vote: http://127.0.0.1:5000/p/study-tours-2015/vote/tours-vote\n" in text_of(message)
    page = confirm(client, last_link()).get_data(as_text=True)
    assert main_text(page).startswith("Your vote for Lisbon counts Thank you for voting in the Tours vote.")
    assert votes() == {"ana@example.org": "lisbon"}


def test_a_link_naming_no_ballot_leads_to_the_programmes_one_naming_a_vote_to_its_ballot(client, voting):
    cast(client, "ana@example.org", "kazan")
    path = last_link()
    broken = client.get(path[:-3] + ("abc" if not path.endswith("abc") else "xyz")).get_data(as_text=True)
    assert '<a class="button" href="/">See the programmes</a>' in broken
    db.session.execute(sa.text("DELETE FROM initiatives WHERE city_id = (SELECT id FROM cities WHERE slug = 'kazan')"))
    db.session.commit()
    off = client.get(path).get_data(as_text=True)
    assert f'<a class="button" href="{PAGE}">Go to the vote</a>' in off


def test_only_a_ceremony_of_the_votes_programme_announces_its_result(client, tours, make_event, clock):
    vote_and_confirm(client, "a@example.org", "kazan")
    db.session.execute(sa.delete(Event).where(Event.slug == "award-ceremony-2023"))
    db.session.commit()
    make_event(programme=db.session.scalar(sa.select(Programme).filter_by(slug="study-tours-2015")),
               slug="tours-ceremony", kind="ceremony", title="Tours ceremony", first_day=None, last_day=None,
               starts_at=CEREMONY, ends_at=CEREMONY + dt.timedelta(hours=2))
    clock.now = CEREMONY
    assert "The organisers will say when the result is announced." in client.get(f"{PAGE}/results").get_data(
        as_text=True)
    assert main_text(client.get(f"{TOURS}/results").get_data(as_text=True)).startswith(
        "Vote · Result Tours vote: the result 0 confirmed votes, one per person. Announced at the Tours ceremony, "
        "Wed, 6 Dec 2023, 21:00 Colombia Time.")


# --- an archived programme -----------------------------------------------------------------------

def test_an_archived_programmes_ballot_says_so_offers_no_form_and_records_nothing(client, voting):
    token = form_token(client, PAGE)
    _set_status("award-2023", "archived")
    page = client.get(PAGE).get_data(as_text=True)
    assert ("Archived The 6th Guangzhou International Award for Urban Innovation is archived: it takes no more "
            "votes.") in main_text(page)
    assert "<form" not in page.split("<main")[1]
    assert "Kazan, Russia: Park to rest and recuperate ( Seminar 1 )" in main_text(page)
    refused = client.post(PAGE, data={"email": "ana@example.org", "city": "kazan", "csrf_token": token})
    assert refused.status_code == 400
    assert "This programme is archived, so your vote was not recorded." in main_text(refused.get_data(as_text=True))
    assert counts() == (0, 0, 0)


def test_a_link_used_once_the_programme_is_archived_counts_nothing(client, voting):
    cast(client)
    path = last_link()
    token = form_token(client, path)
    _set_status("award-2023", "archived")
    for response in (client.get(path), client.post(path, data={"csrf_token": token})):
        assert response.status_code == 400
        assert main_text(response.get_data(as_text=True)).startswith(
            "This programme is archived This vote was not counted. Archived The 6th Guangzhou International Award "
            "for Urban Innovation is archived: it takes no more votes.")
    assert votes() == {}


def test_an_archived_programmes_result_stays_public(client, voting, clock):
    vote_and_confirm(client, "a@example.org", "kazan")
    _set_status("award-2023", "archived")
    clock.now = CEREMONY
    assert "1 confirmed vote, one per person." in main_text(client.get(f"{PAGE}/results").get_data(as_text=True))
