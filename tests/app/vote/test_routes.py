"""The "City of Your Choice" vote on SQLite and PostgreSQL: the window in UTC+8, confirmation by
link, one vote per address, bad input refused with nothing counted, results hidden until the ceremony."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot
from app.vote import schedule
from tests.app.helpers.forms import form_token
from tests.app.helpers.registration import deliver, html_of, text_of
from tests.app.helpers.vote import (CEREMONY, CLOSES, DURING, OPENS, PAGE, cast, confirm, counts, last_link,
                                    main_text, vote_and_confirm, vote_event, votes)

SECOND = dt.timedelta(seconds=1)


@pytest.fixture()
def voting(shortlist, clock):
    clock.now = DURING
    return shortlist


# --- the window -----------------------------------------------------------------------------------

def test_window_is_the_dates_in_utc_plus_8(voting):
    window = schedule.window(vote_event())
    assert (window.opens, window.closes, window.zone) == (OPENS, CLOSES, "Asia/Shanghai")


def test_vote_cast_and_confirmed_at_23_59_59_on_30_nov_utc8_counts(client, voting, clock):
    clock.now = CLOSES - SECOND
    response = vote_and_confirm(client, "late@example.org", "bogota")
    assert "Your vote for Bogotá counts" in main_text(response.get_data(as_text=True))
    assert votes() == {"late@example.org": "bogota"}


def test_vote_at_00_00_00_on_1_dec_utc8_is_refused_and_nothing_recorded(client, voting, clock):
    token = form_token(client, PAGE)
    clock.now = CLOSES
    response = client.post(PAGE, data={"email": "late@example.org", "city": "bogota", "csrf_token": token})
    text = main_text(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Voting is not open, so your vote was not recorded." in text
    assert "Voting closed Thu, 30 Nov 2023, 23:59 China Time (UTC+8)" in text
    assert counts() == (0, 0, 0)


def test_link_used_at_00_00_00_on_1_dec_utc8_counts_nothing(client, voting, clock):
    clock.now = CLOSES - SECOND
    assert cast(client, "late@example.org", "bogota").status_code == 303
    path = last_link()
    token = form_token(client, path)
    clock.now = CLOSES
    response = client.post(path, data={"csrf_token": token})
    text = main_text(response.get_data(as_text=True))
    assert response.status_code == 400
    assert text.startswith("Voting has closed This vote was not counted.")
    assert votes() == {}
    assert db.session.scalar(sa.select(Ballot.confirmed_at)) is None


def test_voting_opens_at_00_00_00_on_1_nov_utc8(client, voting, clock):
    token = form_token(client, PAGE)
    clock.now = OPENS - SECOND
    early = client.post(PAGE, data={"email": "early@example.org", "city": "kazan", "csrf_token": token})
    assert (early.status_code, counts()) == (400, (0, 0, 0))
    page = main_text(client.get(PAGE).get_data(as_text=True))
    assert "Voting opens Wed, 1 Nov 2023, 00:00 China Time (UTC+8)" in page
    clock.now = OPENS
    assert vote_and_confirm(client, "early@example.org").status_code == 200
    assert votes() == {"early@example.org": "kazan"}


def test_page_shows_the_close_in_the_visitors_zone_and_in_utc8(client, voting):
    text = main_text(client.get(f"{PAGE}?tz=America/Bogota").get_data(as_text=True))
    assert ("Open Voting closes Thu, 30 Nov 2023, 10:59 Colombia Time (UTC-5; Thu, 30 Nov 2023, 23:59 China Time, "
            "UTC+8).") in text
    assert ("The result is announced at the Award Ceremony of the 6th Guangzhou Award, Wed, 6 Dec 2023, 21:00 "
            "Colombia Time (UTC-5; Thu, 7 Dec 2023, 10:00 China Time, UTC+8).") in text


def test_page_before_and_after_the_window_has_no_form(client, voting, clock):
    for now, words in ((OPENS - SECOND, "Not open yet Voting opens"), (CLOSES, "Closed Voting closed")):
        clock.now = now
        html = client.get(PAGE).get_data(as_text=True)
        assert words in main_text(html)
        assert "<form" not in html.split("<main")[1]
        assert "Kazan, Russia: Park to rest and recuperate ( Seminar 1 )" in main_text(html)


# --- candidates -----------------------------------------------------------------------------------

def test_ballot_lists_the_shortlisted_cities_with_initiative_city_page_and_seminar(client, voting):
    html = client.get(PAGE).get_data(as_text=True)
    slugs = re.findall(r'name="city" value="([^"]+)"', html)
    assert slugs == ["xianning", "kazan", "tehran", "cape-town", "ramallah", "jakarta", "gwangju", "pimpri-chinchwad",
                     "sao-paulo", "kampala", "antalya", "mannheim", "bogota", "halandri", "alcaldia-iztapalapa"]
    assert 'href="/p/award-2023/seminars/seminar-3">Seminar 3: Beyond smart city</a>' in html
    assert 'href="/p/award-2023/cities/sao-paulo">About São Paulo' in html
    assert "<strong>São Paulo</strong>, Brazil<br><span class=\"initiative\">Programa Tô Legal</span>" in html


# --- casting and confirming -----------------------------------------------------------------------

def test_cast_queues_a_confirmation_and_counts_nothing_yet(client, voting, clock, smtp):
    response = cast(client, "Ana@Example.ORG", "kazan")
    assert (response.status_code, response.location) == (303, f"{PAGE}/sent")
    assert counts() == (1, 0, 1)
    [message] = deliver(clock, smtp)
    assert (message["To"], message["Subject"]) == ("ana@example.org", "Confirm your vote for Kazan")
    text = text_of(message)
    assert "asked to vote for Kazan, Russia in the “City of Your Choice” vote." in text
    assert ("Confirm before voting closes: Thu, 30 Nov 2023, 10:59 Colombia Time (UTC-5), that is Thu, 30 Nov 2023, "
            "23:59 China Time (UTC+8). The link works for 3 days.") in text
    assert "already voted" not in text
    assert "The vote: http://127.0.0.1:5000/p/award-2023/vote/city-of-your-choice-2023\n" in text
    assert ">Confirm my vote for Kazan</a>" in html_of(message)
    assert "never shown" in html_of(message)


def test_opening_the_link_shows_a_button_and_counts_nothing(client, voting):
    cast(client)
    html = client.get(last_link()).get_data(as_text=True)
    assert "Your vote in the “City of Your Choice” vote: <strong>Kazan</strong>, Russia." in html
    assert 'value="Confirm my vote"' in html
    assert votes() == {}


def test_confirming_counts_the_vote_once(client, voting):
    cast(client)
    path = last_link()
    first = main_text(confirm(client, path).get_data(as_text=True))
    again = main_text(confirm(client, path).get_data(as_text=True))
    assert first.startswith("Your vote for Kazan counts Thank you for voting")
    assert again.startswith("This link was already used A link counts once. Your vote is for Kazan, Russia.")
    assert votes() == {"ana@example.org": "kazan"}


def test_second_confirmed_vote_replaces_the_first_and_says_so(client, voting, clock, smtp):
    vote_and_confirm(client, "ana@example.org", "kazan")
    deliver(clock, smtp)
    cast(client, "ANA@example.org", "tehran")
    [message] = deliver(clock, smtp)
    assert ("You have already voted for Kazan. Confirming replaces that vote with Tehran: one vote per person, "
            "the last one confirmed counts.") in text_of(message)
    text = main_text(confirm(client, last_link()).get_data(as_text=True))
    assert text.startswith("Your vote for Tehran counts It replaces your earlier vote for Kazan: one vote per person")
    assert votes() == {"ana@example.org": "tehran"}


def test_an_older_link_used_after_a_newer_vote_changes_nothing(client, voting):
    cast(client, "ana@example.org", "kazan")
    kazan = last_link()
    vote_and_confirm(client, "ana@example.org", "tehran")
    text = main_text(confirm(client, kazan).get_data(as_text=True))
    assert text.startswith("Your vote for Kazan counts It replaces your earlier vote for Tehran")
    assert votes() == {"ana@example.org": "kazan"}


def test_voting_again_for_the_same_city_sends_a_note_not_a_link(client, voting, clock, smtp):
    vote_and_confirm(client)
    deliver(clock, smtp)
    assert cast(client, "ana@example.org", "kazan").status_code == 303
    [message] = deliver(clock, smtp)
    assert message["Subject"] == "Your vote for Kazan already counts"
    assert "/vote/confirm/" not in text_of(message)
    assert "\nhttp://127.0.0.1:5000/p/award-2023/vote/city-of-your-choice-2023\n" in text_of(message)
    assert counts()[:2] == (1, 1)


def test_addresses_match_case_insensitively_and_by_normalised_domain(client, voting):
    vote_and_confirm(client, "Ana@BÜCHER.de", "kazan")
    vote_and_confirm(client, "ana@xn--bcher-kva.de", "tehran")
    vote_and_confirm(client, "ANA@bücher.DE", "bogota")
    assert votes() == {"ana@bücher.de": "bogota"}


def test_the_same_page_whether_or_not_the_address_already_voted(client, voting):
    vote_and_confirm(client, "ana@example.org", "kazan")
    fresh, known = cast(client, "new@example.org", "kazan"), cast(client, "ana@example.org", "kazan")
    assert (fresh.status_code, fresh.location) == (known.status_code, known.location) == (303, f"{PAGE}/sent")
    page = client.get(fresh.location).get_data(as_text=True)
    assert main_text(page).startswith("Check your email An email is on its way to the address you gave")


def test_a_repeated_request_within_ten_minutes_reuses_the_ballot_and_email(client, voting, clock):
    cast(client)
    clock.advance(minutes=9)
    cast(client)
    assert counts() == (1, 0, 1)
    clock.advance(minutes=2)
    cast(client)
    assert counts() == (2, 0, 2)


# --- bad input --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("city", "message"), [
    ("paris", "Please choose one of the cities on the ballot."),
    ("<script>alert(1)</script>", "Please choose one of the cities on the ballot."),
    ("", "Please choose a city."),
    ("kazan\r\nBcc: x@example.org", "Remove the line break at position 6: this field takes a single line."),
    ("kaz\x00an", "Remove the invisible or control character at position 4 (U+0000)."),
])
def test_an_unknown_city_is_refused_with_a_message(client, voting, city, message):
    response = cast(client, "ana@example.org", city)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "<script>alert" not in html
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(("email", "message"), [
    ("not-an-address", "That email address is not valid"),
    ("ana@", "That email address is not valid"),
    ("ana@example.org\r\nBcc: x@example.org", "Remove the line break at position 16: this field takes a single line."),
    ("a" * 300 + "@x.org", "That email address is not valid"),
])
def test_a_malformed_email_is_refused_with_a_message(client, voting, email, message):
    response = cast(client, email, "kazan")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_a_tampered_link_is_refused_and_counts_nothing(client, voting):
    cast(client)
    path = last_link()
    for bad in (path[:-3] + ("abc" if not path.endswith("abc") else "xyz"), path.replace("/confirm/", "/confirm/x"),
                "/vote/confirm/" + "A" * 5000):
        response = client.get(bad)
        assert response.status_code == 400
        assert ("This confirmation link is not valid: it may have been cut or changed."
                in response.get_data(as_text=True))
        assert client.post(bad).status_code == 400
    assert votes() == {}


def test_an_expired_link_is_refused_and_counts_nothing(client, voting, clock):
    cast(client)
    path = last_link()
    clock.advance(hours=72, seconds=1)
    response = client.get(path)
    assert response.status_code == 400
    assert ("This confirmation link has expired (links work for 3 days). Vote again to get a new one; nothing was "
            "counted.") in response.get_data(as_text=True)
    assert votes() == {}


def test_a_link_signed_with_another_key_is_refused(app, client, voting):
    from itsdangerous import URLSafeSerializer

    cast(client)
    ballot_id = db.session.scalar(sa.select(Ballot.id))
    forged = URLSafeSerializer("not-our-key", salt="vote-confirm").dumps({"b": ballot_id, "t": int(DURING.timestamp())})
    assert client.post(f"/vote/confirm/{forged}").status_code == 400
    assert votes() == {}


def test_a_city_removed_from_the_ballot_before_confirmation_counts_nothing(client, voting):
    from app.models import Initiative

    cast(client, "ana@example.org", "kazan")
    path = last_link()
    for initiative in db.session.scalars(sa.select(Initiative).join(Initiative.city).where(
            Initiative.city.has(slug="kazan"))):
        db.session.delete(initiative)
    db.session.commit()
    token = form_token(client, PAGE)
    for response in (client.get(path), client.post(path, data={"csrf_token": token})):
        assert response.status_code == 400
        assert ("The city you chose is no longer on the ballot, so this vote was not counted."
                in response.get_data(as_text=True))
    assert votes() == {}


def test_an_empty_ballot_says_so_and_offers_no_form(client, voting):
    from app.models import Initiative

    for initiative in db.session.scalars(sa.select(Initiative)):
        db.session.delete(initiative)
    db.session.commit()
    html = client.get(PAGE).get_data(as_text=True)
    assert "No city is on the ballot yet: the cities appear here once the seminars list their initiatives." in html
    assert "<form" not in html.split("<main")[1]


def test_an_unknown_vote_is_404(client, voting):
    response = client.get("/p/award-2023/vote/no-such-vote")
    assert response.status_code == 404
    assert "There is no vote “no-such-vote”." in response.get_data(as_text=True)
    assert client.get("/p/award-2023/vote/international-seminar-2023").status_code == 404


def test_city_page_offers_a_vote_for_that_city_while_voting_is_open(client, voting, clock):
    html = client.get("/p/award-2023/cities/sao-paulo").get_data(as_text=True)
    assert (f'<a class="button secondary" href="{PAGE}?city=sao-paulo">Vote for São Paulo in the “City of Your Choice” '
            "vote</a>") in html
    ballot = client.get(f"{PAGE}?city=sao-paulo").get_data(as_text=True)
    assert re.findall(r'name="city" value="([^"]+)" checked', ballot) == ["sao-paulo"]
    clock.now = CLOSES
    assert "Vote for São Paulo" not in client.get("/p/award-2023/cities/sao-paulo").get_data(as_text=True)


def test_vote_index_goes_to_the_open_vote(client, voting):
    response = client.get("/p/award-2023/vote")
    assert (response.status_code, response.location) == (302, PAGE)


# --- rate limits ------------------------------------------------------------------------------------

def test_an_address_is_limited_to_five_requests_an_hour_whoever_sends_them(client, voting):
    cities = ["kazan", "tehran", "bogota", "jakarta", "gwangju", "kampala"]
    statuses = [cast(client, "ana@example.org", city, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
                for n, city in enumerate(cities)]
    assert statuses == [303, 303, 303, 303, 303, 429]
    assert counts()[0] == 5


def test_a_client_is_limited_to_ten_requests_a_minute(client, voting):
    statuses = [cast(client, f"p{n}@example.org", "kazan").status_code for n in range(11)]
    assert statuses == [303] * 10 + [429]
    response = cast(client, "p99@example.org", "kazan")
    assert "Too many attempts from here or for this address" in response.get_data(as_text=True)


# --- results -----------------------------------------------------------------------------------------

def _three_votes(client):
    vote_and_confirm(client, "a@example.org", "kazan")
    vote_and_confirm(client, "b@example.org", "kazan")
    vote_and_confirm(client, "c@example.org", "sao-paulo")
    cast(client, "d@example.org", "tehran")  # never confirmed


def test_results_are_hidden_until_the_ceremony_starts(client, voting, clock):
    _three_votes(client)
    clock.now = CEREMONY - SECOND
    html = client.get(f"{PAGE}/results").get_data(as_text=True)
    text = main_text(html)
    assert "the result is not public yet" in text
    assert ("The result is announced at the Award Ceremony of the 6th Guangzhou Award, Wed, 6 Dec 2023, 21:00 Colombia "
            "Time (UTC-5; Thu, 7 Dec 2023, 10:00 China Time, UTC+8).") in text
    assert "<svg" not in html and "<table" not in html and "66.7" not in html
    assert "See the result" not in client.get("/p/award-2023/").get_data(as_text=True)


def test_results_after_the_ceremony_starts_chart_and_table(client, voting, clock):
    _three_votes(client)
    clock.now = CEREMONY
    html = client.get(f"{PAGE}/results").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row"><a href="/p/award-2023/cities/([^"]+)">[^<]+</a>, [^<]+</th>\s*'
                      r'<td class="num">(\d+)</td><td class="num">([\d.]+)%</td></tr>', html)
    assert rows[:3] == [("kazan", "2", "66.7"), ("sao-paulo", "1", "33.3"), ("alcaldia-iztapalapa", "0", "0.0")]
    assert len(rows) == 15
    assert '<svg viewBox="0 0 380 632" width="100%" role="img" aria-labelledby="chart-title"' in html
    assert re.findall(r'class="chart-figures">([^<]+)<', html)[:3] == [
        "66.7% · 2 votes", "33.3% · 1 vote", "0.0% · 0 votes"]
    assert re.findall(r'<rect x="0" y="\d+" width="([\d.]+)" height="14" rx="3" class="chart-bar', html) == [
        "380.0", "190.0"]
    assert "3 confirmed votes, one per person." in main_text(html)
    assert "Most votes: Kazan." in main_text(html)
    assert "a@example.org" not in html
    programme = client.get("/p/award-2023/").get_data(as_text=True)
    assert 'href="/p/award-2023/vote/city-of-your-choice-2023/results">See the result</a>' in programme


def test_results_never_public_without_a_ceremony_after_the_vote(client, voting, clock):
    from app.models import Event

    db.session.delete(db.session.scalar(sa.select(Event).where(Event.slug == "award-ceremony-2023")))
    db.session.commit()
    clock.now = CEREMONY + dt.timedelta(days=30)
    html = client.get(f"{PAGE}/results").get_data(as_text=True)
    assert "The organisers will say when the result is announced." in html
    assert "<svg" not in html


def test_behind_a_proxy_each_forwarded_client_has_its_own_limit(database_url, clock, voting):
    from app import create_app
    from config import TestConfig

    proxied = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLOCK=clock, PROXIES=1))
    with proxied.app_context():
        client = proxied.test_client()
        statuses = [cast(client, f"p{n}@example.org", "kazan",
                         headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(12)]
        same = [cast(client, f"q{n}@example.org", "kazan", headers={"X-Forwarded-For": "198.51.100.7"}).status_code
                for n in range(11)]
    assert (statuses, same) == ([303] * 12, [303] * 10 + [429])


def test_a_long_city_name_is_cut_in_the_chart_and_whole_in_the_table(client, voting, clock):
    from app.models import City

    vote_and_confirm(client, "a@example.org", "kazan")
    kazan = db.session.scalar(sa.select(City).where(City.slug == "kazan"))
    kazan.name = "Metropolitan Municipality of Kazan and its Region"
    db.session.commit()
    clock.now = CEREMONY
    html = client.get(f"{PAGE}/results").get_data(as_text=True)
    assert '<text x="0" y="17" class="chart-label">Metropolitan Municipali…</text>' in html
    assert "<title>Metropolitan Municipality of Kazan and its Region: 100.0% · 1 vote</title>" in html
    assert ('<a href="/p/award-2023/cities/kazan">Metropolitan Municipality of Kazan and its Region</a>, Russia</th>'
            in html)
