"""A tour's page: its itinerary as a timeline, each leg in its city's time first and the visitor's
beside it, the venue with a map link; the programme's list of tours."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import City, Programme, Tour, Venue
from tests.app.helpers.pages import error_page
from tests.app.helpers.tours import AMERICAS, EUROPE, PROGRAMME, load_study_tours
from tests.app.programme.test_routes import text


@pytest.fixture()
def study_tours(app, clock):
    return load_study_tours(clock())


def folded(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def legs(response) -> list[str]:
    """Each item of the itinerary's timeline, as a reader sees it."""
    page = response.get_data(as_text=True)
    [timeline] = re.findall(r'<ol class="itinerary" role="list">(.*?)</ol>', page, flags=re.S)
    return [folded(item) for item in re.findall(r'<li class="leg"[^>]*>(.*?)</li>', timeline, flags=re.S)]


def test_a_visitor_in_bogota_reads_each_leg_in_its_city_first_then_in_bogota_time(client, study_tours):
    response = client.get(f"{EUROPE}?tz=America/Bogota")
    assert response.status_code == 200
    assert legs(response) == [
        "Kazan Russia Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00 Moscow Time (Europe/Moscow, UTC+3) "
        "Your time: Mon, 20 Apr 2015 01:00 – Wed, 22 Apr 2015 09:00, Colombia Time (America/Bogota, UTC-5) "
        "Hosted by City of Kazan Kazan city centre, Kazan, Republic of Tatarstan, Russia · Map on OpenStreetMap",
        "Antalya Türkiye Fri, 24 Apr 2015 09:00 – Sun, 26 Apr 2015 17:00 Türkiye Time (Europe/Istanbul, UTC+3) "
        "Your time: Fri, 24 Apr 2015 01:00 – Sun, 26 Apr 2015 09:00, Colombia Time (America/Bogota, UTC-5) "
        "Hosted by City of Antalya Antalya city centre, Antalya, Türkiye · Map on OpenStreetMap",
        # Whole days in Mannheim: from midnight on the 28th (UTC+2) to midnight after the 30th.
        "Mannheim Germany 28–30 Apr 2015 Central European Time (Europe/Berlin, UTC+2) "
        "Your time: Mon, 27 Apr 2015 17:00 – Thu, 30 Apr 2015 17:00, Colombia Time (America/Bogota, UTC-5) "
        "Starts on Mon, 27 Apr in your time zone, the day before it starts in Mannheim "
        "Hosted by City of Mannheim Mannheim city centre, Mannheim, Baden-Württemberg, Germany · "
        "Map on OpenStreetMap",
    ]
    assert '<time class="primary" datetime="2015-04-20T06:00:00Z">' in response.get_data(as_text=True)


def test_a_visitor_in_auckland_sees_each_american_leg_start_the_next_day(client, study_tours):
    response = client.get(f"{AMERICAS}?tz=Pacific/Auckland")
    bogota, sao_paulo, iztapalapa = legs(response)
    assert bogota.startswith(
        "Bogotá Colombia Mon, 11 May 2015 09:00 – Wed, 13 May 2015 17:00 Colombia Time (America/Bogota, UTC-5) "
        "Your time: Tue, 12 May 2015 02:00 – Thu, 14 May 2015 10:00, New Zealand Time (Pacific/Auckland, UTC+12) "
        "Starts on Tue, 12 May in your time zone, the day after it starts in Bogotá Hosted by City of Bogotá")
    # 09:00 in São Paulo (UTC-3) is midnight in Auckland (UTC+12): already the next date.
    assert ("Your time: Sat, 16 May 2015 00:00 – Mon, 18 May 2015 08:00, New Zealand Time (Pacific/Auckland, UTC+12) "
            "Starts on Sat, 16 May in your time zone, the day after it starts in São Paulo") in sao_paulo
    assert "Starts on Wed, 20 May in your time zone, the day after it starts in Alcaldía Iztapalapa" in iztapalapa


def test_a_leg_that_starts_on_the_same_date_for_the_visitor_has_no_marker(client, study_tours):
    # Kazan 09:00 (UTC+3) is 18:00 the same day in Auckland (UTC+12 in April 2015).
    kazan, antalya, mannheim = legs(client.get(f"{EUROPE}?tz=Pacific/Auckland"))
    assert "Your time: Mon, 20 Apr 2015 18:00 – Thu, 23 Apr 2015 02:00, New Zealand Time" in kazan
    assert all("Starts on" not in leg for leg in (kazan, antalya, mannheim))


def test_a_visitor_in_the_citys_zone_reads_one_time(client, study_tours):
    kazan = legs(client.get(f"{EUROPE}?tz=Europe/Moscow"))[0]
    assert kazan.startswith("Kazan Russia Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00 Moscow Time "
                            "(Europe/Moscow, UTC+3) Hosted by City of Kazan")


def test_the_tour_page_says_who_may_join_how_many_and_that_the_itinerary_is_illustrative(client, study_tours):
    page = text(client.get(EUROPE))
    header = page.split("Study tours to the shortlisted cities, 2015 › Study tours › ", 1)[1].split(" Itinerary ")[0]
    assert header == (
        "Study tour: Kazan, Antalya and Mannheim Study tour · 20–30 Apr 2015 Study tour: Kazan, Antalya and Mannheim "
        "An illustrative itinerary: the sources do not give the organisers' plan; cities and dates are examples. "
        "Three cities in ten days: parks and public space in Kazan, tourism and the city in Antalya, citizens' "
        "participation in Mannheim. Who may join Scholars, officials and media Places 20 participants Cities 3 "
        "This tour has started: it takes no more applications.")


def test_the_tour_page_offers_to_apply_before_the_tour(client, study_tours, clock):
    clock.now = dt.datetime(2015, 3, 2, tzinfo=dt.timezone.utc)
    html = client.get(EUROPE).get_data(as_text=True)
    assert f'<a class="button" href="{EUROPE}/apply">Apply to join this tour</a>' in html


def test_a_planned_tour_without_a_limit_says_so_and_has_no_notice(client, study_tours):
    tour = db.session.scalar(sa.select(Tour).filter_by(slug="study-tour-europe-2015"))
    tour.illustrative, tour.capacity = False, None
    db.session.commit()
    page = text(client.get(EUROPE))
    assert "Places No fixed limit" in page and "illustrative" not in page.lower()


def test_each_venue_links_to_openstreetmap_at_its_coordinates(client, study_tours):
    html = client.get(EUROPE).get_data(as_text=True)
    assert ('<a href="https://www.openstreetmap.org/?mlat=55.796289&amp;mlon=49.108795#map=17/55.796289/49.108795" '
            'rel="noopener">Map on OpenStreetMap</a>') in html
    assert "<iframe" not in html and "<script" not in html.split('<main id="main"', 1)[1]


def test_a_venue_without_coordinates_links_to_a_search_for_its_address(client, study_tours):
    venue = db.session.scalar(sa.select(Venue).filter_by(slug="antalya-city-centre"))
    venue.latitude = venue.longitude = None
    db.session.commit()
    html = client.get(EUROPE).get_data(as_text=True)
    assert 'href="https://www.openstreetmap.org/search?query=Antalya%2C%20T%C3%BCrkiye"' in html


def test_a_city_links_to_its_page_only_when_it_takes_part_in_the_programme(client, study_tours):
    programme = db.session.scalar(sa.select(Programme).filter_by(slug=PROGRAMME))
    programme.cities.remove(db.session.scalar(sa.select(City).filter_by(slug="antalya")))
    db.session.commit()
    html = client.get(EUROPE).get_data(as_text=True)
    assert f'<a href="/p/{PROGRAMME}/cities/kazan">Kazan</a>' in html
    assert "/cities/antalya" not in html and "<h3>Antalya" in html


def test_the_tour_page_offers_its_feed(client, study_tours):
    html = client.get(EUROPE).get_data(as_text=True)
    assert (f'href="webcal://127.0.0.1:5000/calendars/p/{PROGRAMME}/tours/study-tour-europe-2015.ics"') in html
    assert f'value="http://127.0.0.1:5000/calendars/p/{PROGRAMME}/tours/study-tour-europe-2015.ics"' in html
    assert "Follow this tour in your calendar" in folded(html)


def test_the_programme_lists_its_tours_with_their_days_and_cities(client, study_tours):
    listed = ("20–30 Apr 2015 · Illustrative Study tour: Kazan, Antalya and Mannheim Cities, in order: Kazan, "
              "Antalya and Mannheim For scholars, officials and media 11–21 May 2015 · Illustrative Study tour: "
              "Bogotá, São Paulo and Iztapalapa Cities, in order: Bogotá, São Paulo and Alcaldía Iztapalapa For "
              "scholars, officials and media")
    tours_page = client.get(f"/p/{PROGRAMME}/tours")
    assert f"2 study tours in this programme. Dates are each city's own. {listed} The Guangzhou" in text(tours_page)
    programme_page = client.get(f"/p/{PROGRAMME}/")
    assert f"Study tours {listed} All study tours of this programme" in text(programme_page)
    for response in (tours_page, programme_page):
        html = response.get_data(as_text=True)
        assert f'<a href="{EUROPE}">Study tour: Kazan, Antalya and Mannheim</a>' in html
        assert f'<a href="{AMERICAS}">Study tour: Bogotá, São Paulo and Iztapalapa</a>' in html


def test_a_programme_without_tours_says_so_and_its_page_has_no_tours_section(client, study_tours, make_programme):
    make_programme()
    assert "This programme has no study tours." in text(client.get("/p/award-2023/tours"))
    assert "Study tours" not in text(client.get("/p/award-2023/"))


@pytest.mark.parametrize(("url", "message"), [
    (f"/p/{PROGRAMME}/tours/study-tour-asia-2015", "There is no tour “study-tour-asia-2015” in this programme."),
    ("/p/award-2023/tours/study-tour-europe-2015", "There is no tour “study-tour-europe-2015” in this programme."),
    ("/p/nowhere/tours/study-tour-europe-2015", "There is no programme “nowhere”."),
])
def test_an_unknown_tour_or_one_of_another_programme_is_not_found(client, study_tours, make_programme, url, message):
    make_programme()
    assert error_page(client.get(url)) == (404, "Page not found", message)


def test_a_bad_zone_shows_the_tour_in_the_zone_in_use_with_the_zones_message(client, study_tours):
    response = client.get(f"{EUROPE}?tz=Mars/Olympus")
    assert response.status_code == 200
    assert re.search(r'<div class="zone-banner" role="alert" id="zone-refused">\s*<div class="wrap">([^<]*)<',
                     response.get_data(as_text=True)).group(1) == (
        "“Mars/Olympus” is not a time zone we know. Use an IANA name such as Europe/Berlin, America/Bogota or "
        "Asia/Shanghai. ")
    assert "Times shown in China Time (Asia/Shanghai, UTC+8)" in text(response)


def test_a_tour_without_legs_yet_has_a_page_and_a_feed(client, study_tours):
    db.session.scalar(sa.select(Tour).filter_by(slug="study-tour-europe-2015")).legs = []
    db.session.commit()
    page = client.get(EUROPE)
    assert page.status_code == 200
    assert "This tour has no itinerary yet: it takes applications once its first leg is set." in text(page)
    feed = client.get(f"/calendars{EUROPE}.ics")
    assert (feed.status_code, feed.get_data(as_text=True).count("BEGIN:VEVENT")) == (200, 0)
