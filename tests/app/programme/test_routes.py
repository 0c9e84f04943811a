"""Public pages show every time in the visitor's zone, beside the organisers' time."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape

from markupsafe import escape
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Seminar
from tests.app.helpers.pages import error_page

STATIC = Path(__file__).resolve().parents[3] / "app" / "static"

UTC = dt.timezone.utc


def text(response) -> str:
    """The page as a reader sees it: tags dropped, whitespace folded."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def when_block(response) -> str:
    match = re.search(r'<p class="when">(.*?)</p>', response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", match.group(1)))).strip()


def test_seminar_page_in_bogota_shows_local_then_beijing_time(client, demo):
    response = client.get("/p/award-2023/seminars/seminar-1?tz=America/Bogota")
    assert response.status_code == 200
    assert when_block(response) == (
        "Mon, 6 Nov 2023 07:30–09:00 Colombia Time (America/Bogota, UTC-5) = 20:30–22:00 China Time, UTC+8")
    assert '<time datetime="2023-11-06T12:30:00Z" class="primary">' in response.get_data(as_text=True)


def test_seminar_page_in_auckland_marks_the_different_date(client, demo):
    response = client.get("/p/award-2023/seminars/seminar-1?tz=Pacific/Auckland")
    assert when_block(response) == (
        "Tue, 7 Nov 2023 01:30–03:00 New Zealand Time (Pacific/Auckland, UTC+13) "
        "= Mon, 6 Nov 2023 , 20:30–22:00 China Time, UTC+8 different date")


def test_seminar_page_in_organiser_zone_shows_one_time(client, demo):
    response = client.get("/p/award-2023/seminars/seminar-4")
    assert when_block(response) == "Thu, 9 Nov 2023 21:00–22:30 China Time (Asia/Shanghai, UTC+8)"


def test_seminar_page_lists_cities_with_their_local_times(client, demo):
    page = text(client.get("/p/award-2023/seminars/seminar-4?tz=UTC"))
    assert "Mannheim Germany Annual report on the achievement of the SDGs" in page
    assert "Thu, 9 Nov 2023 , 14:00–15:30 Central European Time, UTC+1" in page
    assert "Thu, 9 Nov 2023 , 07:00–08:30 Central Time, UTC-6" in page
    assert "Thu, 9 Nov 2023 , 08:00–09:30 Colombia Time, UTC-5" in page
    assert "Thu, 9 Nov 2023 , 15:00–16:30 Eastern European Time, UTC+2" in page


def test_seminar_2_in_ramallah_and_pimpri_chinchwad(client, demo):
    page = text(client.get("/p/award-2023/seminars/seminar-2"))
    assert "Tue, 7 Nov 2023 , 13:30–15:00 Eastern European Time, UTC+2" in page
    assert "Tue, 7 Nov 2023 , 17:00–18:30 India Time, UTC+5:30" in page


def test_city_page_shows_its_initiative_seminar_and_local_time(client, demo):
    response = client.get("/p/award-2023/cities/kazan?tz=America/New_York")
    page = text(response)
    assert "Park to rest and recuperate" in page
    assert "Presented in Seminar 1: Making our cities and regions safe and resilient for all" in page
    assert when_block(response) == (
        "Mon, 6 Nov 2023 07:30–09:00 Eastern Time (America/New_York, UTC-5) = 20:30–22:00 China Time, UTC+8")
    assert "In Kazan: Mon, 6 Nov 2023, 15:30–17:00 Moscow Time (Europe/Moscow, UTC+3)" in page
    assert "<title>Kazan · Guangzhou Award</title>" in response.get_data(as_text=True)


@pytest.mark.parametrize(("slug", "name"), [("sao-paulo", "São Paulo"), ("bogota", "Bogotá"),
                                            ("pimpri-chinchwad", "Pimpri Chinchwad"),
                                            ("alcaldia-iztapalapa", "Alcaldía Iztapalapa")])
def test_city_slugs_are_folded_ascii(client, demo, slug, name):
    html = client.get(f"/p/award-2023/cities/{slug}").get_data(as_text=True)
    assert f"<h1>{name}</h1>" in html


def test_ceremony_in_guangzhou_shows_venue_time_first(client, demo):
    page = text(client.get("/p/award-2023/?tz=America/Bogota"))
    assert ("Award Ceremony of the 6th Guangzhou Award Thu, 7 Dec 2023 10:00–12:00 China Time "
            "(Asia/Shanghai, UTC+8) = Wed, 6 Dec 2023 , 21:00–23:00 Colombia Time, UTC-5 different date") in page


def test_programme_lists_every_event_and_seminar_in_date_order(client, demo):
    page = text(client.get("/p/award-2023/"))
    order = ["“City of Your Choice” vote 1–30 Nov 2023",
             "International Seminar on Learning from Urban Innovation 6–9 Nov 2023",
             "Seminar 1", "Seminar 2", "Seminar 3", "Seminar 4",
             "Global Mayors' Forum 7–9 Dec 2023", "Award Ceremony of the 6th Guangzhou Award"]
    positions = [page.index(item) for item in order]
    assert positions == sorted(positions)


def test_home_lists_upcoming_seminars_and_key_dates(client, demo, clock):
    clock.now = dt.datetime(2023, 11, 7, 12, 0, tzinfo=UTC)  # Seminar 2 running, Seminar 1 over
    page = text(client.get("/"))
    assert ("Current and upcoming 1 Nov – 9 Dec 2023 6th Guangzhou International Award for Urban Innovation "
            "Fifteen cities on five continents") in page
    assert "Upcoming seminars" in page and "Archive" not in page
    assert "Seminar 1" not in page
    assert [s for s in ("Seminar 2", "Seminar 3", "Seminar 4") if s in page] == ["Seminar 2", "Seminar 3", "Seminar 4"]
    assert "“City of Your Choice” vote" in page and "Metropolis Board" not in page


def test_home_after_the_programme_says_nothing_is_coming(client, demo, clock):
    clock.now = dt.datetime(2024, 1, 1, tzinfo=UTC)
    page = text(client.get("/"))
    assert ("No programme is under way or announced; the archive below holds the past ones. Archive "
            "6th Guangzhou International Award for Urban Innovation 1 Nov – 9 Dec 2023") in page
    assert "Upcoming seminars" not in page


def test_tz_query_is_remembered_in_a_cookie(client, demo):
    first = client.get("/p/award-2023/seminars/seminar-1?tz=Asia/Tehran")
    assert "tz=Asia/Tehran" in first.headers["Set-Cookie"]
    assert "SameSite=Lax" in first.headers["Set-Cookie"]
    assert when_block(client.get("/p/award-2023/seminars/seminar-1")).startswith(
        "Mon, 6 Nov 2023 16:00–17:30 Iran Time")


def test_browser_zone_is_used_when_nothing_was_chosen(client, demo):
    client.set_cookie("browser_tz", "America/Bogota")
    response = client.get("/p/award-2023/seminars/seminar-1")
    assert when_block(response).startswith("Mon, 6 Nov 2023 07:30–09:00 Colombia Time")
    assert "Your device is set to" not in text(response)


def test_chosen_zone_beats_the_browser_and_a_banner_offers_to_switch(client, demo):
    client.set_cookie("browser_tz", "America/Bogota")
    client.set_cookie("tz", "Asia/Tokyo")
    response = client.get("/p/award-2023/seminars/seminar-1")
    assert when_block(response).startswith("Mon, 6 Nov 2023 21:30–23:00 Japan Time")
    assert ("Your device is set to Colombia Time (America/Bogota), but times here are shown in Japan Time. "
            "Show Colombia Time") in text(response)
    assert 'href="/p/award-2023/seminars/seminar-1?tz=America/Bogota"' in response.get_data(as_text=True)


def test_default_zone_is_the_organisers(client, demo):
    response = client.get("/p/award-2023/seminars/seminar-1")
    assert "Times shown in China Time (Asia/Shanghai, UTC+8)" in text(response)
    assert response.headers["Vary"] == "Cookie, Accept-Language"


def test_link_name_zone_is_shown_by_its_canonical_name(client, demo):
    assert when_block(client.get("/p/award-2023/seminars/seminar-1?tz=US/Eastern")).startswith(
        "Mon, 6 Nov 2023 07:30–09:00 Eastern Time (America/New_York, UTC-5)")


@pytest.mark.parametrize("bad", ["Mars/Olympus", "Asia/Shanghai<script>", "../../etc/passwd"])
def test_unknown_tz_shows_the_page_in_the_zone_in_use_with_a_notice(client, demo, bad):
    response = client.get(f"/p/award-2023/seminars/seminar-1?tz={bad}")
    assert response.status_code == 200
    from urllib.parse import unquote
    page = response.get_data(as_text=True)
    notice = re.search(r'<div class="zone-banner" role="alert" id="zone-refused">\s*<div class="wrap">(.*?)</div>',
                       page, re.S).group(1)
    assert notice == (f"{escape(f'“{unquote(bad)}” is not a time zone we know.')} Use an IANA name such as "
                      "Europe/Berlin, America/Bogota or Asia/Shanghai. "
                      '<a href="/timezone?next=/p/award-2023/seminars/seminar-1">Change time zone</a>')
    assert "Times shown in China Time (Asia/Shanghai, UTC+8)" in text(response)
    assert when_block(response).startswith("Mon, 6 Nov 2023 20:30–22:00 China Time")
    assert "<script>" not in page
    assert "Set-Cookie" not in response.headers


def test_unknown_tz_keeps_the_zone_chosen_before(client, demo):
    client.get("/p/award-2023/seminars/seminar-1?tz=America/Bogota")
    response = client.get("/p/award-2023/seminars/seminar-1?tz=Mars/Olympus")
    assert response.status_code == 200
    assert when_block(response).startswith("Mon, 6 Nov 2023 07:30–09:00 Colombia Time")
    assert "Set-Cookie" not in response.headers


def test_zone_does_not_matter_to_static_files_or_unknown_urls(client, demo):
    css = client.get("/static/site.css?tz=Mars/X")
    assert (css.status_code, css.mimetype) == (200, "text/css")
    assert css.get_data() == (STATIC / "site.css").read_bytes()
    assert "Set-Cookie" not in css.headers
    assert error_page(client.get("/no/such/page?tz=Mars/X")) == (
        404, "Page not found",
        "The requested URL was not found on the server. If you entered the URL manually please check your "
        "spelling and try again.")
    assert error_page(client.post("/p/award-2023/?tz=Mars/X")) == (
        405, "Method not allowed", "The method is not allowed for the requested URL.")


def test_blank_tz_is_ignored(client, demo):
    response = client.get("/p/award-2023/?tz=%20")
    assert response.status_code == 200 and "Times shown in China Time" in text(response)


def test_follow_device_with_tz_still_forgets(client, demo):
    response = client.get("/timezone/auto?tz=Asia/Tokyo&next=/")
    assert response.headers.getlist("Set-Cookie") == [
        "tz=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/; SameSite=Lax"]


@pytest.mark.parametrize(("now", "listed"), [
    (dt.datetime(2023, 11, 30, 15, 59, 59, tzinfo=UTC), True),   # 23:59:59 on 30 Nov in Beijing
    (dt.datetime(2023, 11, 30, 16, 0, 0, tzinfo=UTC), False),    # midnight: the vote is over
])
def test_all_day_event_ends_at_midnight_in_its_own_zone(client, demo, clock, now, listed):
    clock.now = now
    assert ("“City of Your Choice” vote" in text(client.get("/"))) is listed
    programme = client.get("/p/award-2023/").get_data(as_text=True)
    block = programme.split('id="city-of-your-choice-2023"')[0].rsplit("<section", 1)[1]
    assert ("past" in block) is not listed


def test_a_bad_zone_cookie_is_ignored(client, demo):
    client.set_cookie("tz", "Nowhere/Land")
    client.set_cookie("browser_tz", "Also/Nowhere")
    response = client.get("/p/award-2023/seminars/seminar-1")
    assert response.status_code == 200
    assert "Times shown in China Time" in text(response)


@pytest.mark.parametrize(("url", "message"), [
    ("/p/award-2023/seminars/seminar-9", "There is no seminar “seminar-9” in this programme. Try the programme , "
                                         "the list of cities , the list of programmes ."),
    ("/p/award-2023/cities/atlantis", "There is no city “atlantis” in this programme. Try the programme , the list "
                                      "of cities , the list of programmes ."),
    ("/p/award-2099/", "There is no programme “award-2099”. Try the list of programmes ."),
    ("/nowhere", "spelling and try again. Try the list of programmes ."),
])
def test_unknown_pages_are_helpful_404s(client, demo, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert message in text(response)


def test_zone_picker_groups_zones_with_offsets_and_returns_to_the_page(client, demo):
    html = client.get("/timezone?next=/p/award-2023/seminars/seminar-1").get_data(as_text=True)
    assert '<form method="get" action="/p/award-2023/seminars/seminar-1"' in html
    assert '<optgroup label="Asia">' in html
    assert '<option value="Asia/Kolkata">Asia/Kolkata (UTC+5:30)</option>' in html
    assert '<option value="Asia/Shanghai" selected>Asia/Shanghai (UTC+8)</option>' in html


# A tab or line break in ``next`` is refused before the view (tests/app/test_hostile_input.py).
OFF_SITE = ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x", " /x", "/x y"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_zone_picker_never_returns_off_site(client, demo, target):
    html = client.get("/timezone", query_string={"next": target}).get_data(as_text=True)
    assert '<form method="get" action="/"' in html


@pytest.mark.parametrize("target", OFF_SITE)
def test_follow_device_never_redirects_off_site(client, demo, target):
    response = client.get("/timezone/auto", query_string={"next": target})
    assert (response.status_code, response.headers["Location"]) == (303, "/")


def test_banner_link_stays_on_site_for_an_odd_path(client, demo):
    client.set_cookie("browser_tz", "America/Bogota")
    client.set_cookie("tz", "Asia/Tokyo")
    response = client.get("/%09/evil.example/x")
    assert response.status_code == 404
    assert "evil.example/x?tz" not in response.get_data(as_text=True)


def test_follow_device_forgets_the_chosen_zone(client, demo):
    client.get("/?tz=Asia/Tokyo")
    response = client.get("/timezone/auto?next=/p/award-2023/")
    assert (response.status_code, response.headers["Location"]) == (303, "/p/award-2023/")
    assert "tz=;" in response.headers["Set-Cookie"]
    assert "Times shown in China Time" in text(client.get("/p/award-2023/"))


def test_public_pages_never_show_meeting_details(client, demo):
    for url in ("/", "/p/award-2023/", "/p/award-2023/cities", "/p/award-2023/cities/kazan",
                "/p/award-2023/seminars/seminar-1", "/p/award-2023/seminars/seminar-2"):
        html = client.get(url).get_data(as_text=True)
        for secret in ("807001", "823 1893 7943", "zoom.us/j/", "214172"):
            assert secret not in html, (url, secret)


def test_cancelled_seminar_stays_visible_as_cancelled(client, demo):
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-3")).status = "cancelled"
    db.session.commit()
    assert "This seminar has been cancelled." in text(client.get("/p/award-2023/seminars/seminar-3"))
    assert "Seminar 3 · Cancelled" in text(client.get("/p/award-2023/"))


@pytest.mark.parametrize("path", ["/vote/%00", "/vote/a%00b/results", "/p/award-2023/cities/a%00b",
                                  "/p/award-2023/seminars/a%01b", "/p/a%00b/", "/calendars/p/a%00b/programme.ics",
                                  "/organise/votes/a%00b", "/feeds/cities/a%00b.ics"])
def test_a_control_character_in_the_address_is_a_404_not_an_error(client, demo, path):
    response = client.get(path)
    assert (response.status_code, "There is no page at this address." in response.get_data(as_text=True)) == (404, True)
