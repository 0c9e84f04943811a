"""A feed's language comes from its URL alone: ?lang= (an unknown one ignored), or for the personal
feed the registrant's stored language. Content-Language says it; each language has its own cached
bytes and ETag. Checked here: CLDR dates and the catalogs' words."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import FeedToken
from tests.app.helpers.tours import EUROPE, load_study_tours
from tests.icaljs import instants, read_with_icaljs, read_with_icalendar
from tests.strict_ical import libical_errors

PROGRAMME_FEED = "/calendars/p/award-2023/programme.ics"
SPANISH_WHEN = "Cuándo: lun\\, 6 nov 2023\\, 20:30–22:00 hora de China (Asia/Shanghai\\, UTC+8)"


def unfolded(response) -> str:
    return response.get_data(as_text=True).replace("\r\n ", "").replace("\r\n", "\n")


@pytest.fixture()
def seminar(seminar_one, make_vote_event):
    make_vote_event()
    db.session.commit()
    return seminar_one


@pytest.mark.parametrize("url", [PROGRAMME_FEED, "/calendars/programme.ics", "/calendars/cities/kazan.ics",
                                 "/calendars/p/award-2023/cities/kazan.ics", "/calendars/seminars/seminar-1.ics",
                                 "/calendars/p/award-2023/seminars/seminar-1.ics"])
def test_public_feed_in_spanish_has_spanish_dates_and_says_so(client, seminar, url):
    response = client.get(f"{url}?lang=es&tz=Asia/Shanghai")
    assert (response.status_code, response.headers["Content-Language"]) == (200, "es")
    body = unfolded(response)
    assert SPANISH_WHEN in body
    assert "URL;VALUE=URI:http://127.0.0.1:5000/p/award-2023/seminars/seminar-1?lang=es\n" in body
    assert "Set-Cookie" not in response.headers


def test_all_day_event_dates_are_in_the_feeds_language(client, seminar):
    body = unfolded(client.get(f"{PROGRAMME_FEED}?lang=es"))
    assert ("DESCRIPTION:Fechas: 1–30 nov 2023 (hora de China\\, UTC+8)\\n"
            "Más información: http://127.0.0.1:5000/p/award-2023/?lang=es#city-of-your-choice-2023\n") in body


def test_unknown_language_gives_the_english_bytes(client, seminar):
    english = client.get(PROGRAMME_FEED)
    unknown = client.get(f"{PROGRAMME_FEED}?lang=xx")
    assert english.headers["Content-Language"] == unknown.headers["Content-Language"] == "en"
    assert unknown.get_data() == english.get_data()
    assert unknown.headers["ETag"] == english.headers["ETag"]
    assert "When: Mon\\, 6 Nov 2023\\, 20:30–22:00 China Time (Asia/Shanghai\\, UTC+8)" in unfolded(english)


def test_a_cookie_or_accept_language_never_changes_a_feed(client, seminar):
    english = client.get(PROGRAMME_FEED).get_data()
    client.set_cookie("lang", "es")
    assert client.get(PROGRAMME_FEED, headers={"Accept-Language": "fr"}).get_data() == english


def test_each_language_has_its_own_cached_bytes_and_etag(client, seminar):
    spanish = client.get(f"{PROGRAMME_FEED}?lang=es")
    english = client.get(PROGRAMME_FEED)
    assert spanish.get_data() != english.get_data()
    assert spanish.headers["ETag"] != english.headers["ETag"]
    again = client.get(f"{PROGRAMME_FEED}?lang=es")  # from the cache, after the English build
    assert again.get_data() == spanish.get_data()
    assert client.get(PROGRAMME_FEED, headers={"If-None-Match": spanish.headers["ETag"]}).status_code == 200
    not_modified = client.get(f"{PROGRAMME_FEED}?lang=es", headers={"If-None-Match": spanish.headers["ETag"]})
    assert not_modified.status_code == 304


def test_spanish_feed_is_accepted_by_libical_and_read_alike_by_icaljs(client, seminar):
    body = client.get(f"{PROGRAMME_FEED}?lang=es").get_data()
    assert libical_errors(body) == []
    assert instants(read_with_icaljs(body)) == instants(read_with_icalendar(body))


def test_personal_feed_follows_the_registrants_language_unless_asked(
        client, seminar, make_registrant, make_registration):
    person = make_registrant(language="es")
    make_registration(seminar, person)
    db.session.add(FeedToken(registrant=person, token="FEED"))
    db.session.commit()
    stored = client.get("/calendars/personal/FEED.ics")
    assert stored.headers["Content-Language"] == "es"
    assert ("Cuándo: lun\\, 6 nov 2023\\, 7:30–9:00 hora de Colombia (America/Bogota\\, UTC-5)\\n"
            "    = lun\\, 6 nov 2023\\, 20:30–22:00 hora de China (Asia/Shanghai\\, UTC+8)") in unfolded(stored)
    asked = client.get("/calendars/personal/FEED.ics?lang=en")
    assert asked.headers["Content-Language"] == "en"
    assert "When: Mon\\, 6 Nov 2023\\, 07:30–09:00 Colombia Time (America/Bogota\\, UTC-5)" in unfolded(asked)


def test_tour_feed_in_spanish_has_spanish_dates(app, client, clock):
    load_study_tours(clock())
    response = client.get(f"/calendars{EUROPE}.ics?lang=es")
    assert response.headers["Content-Language"] == "es"
    body = unfolded(response)
    assert ("Cuándo: lun\\, 20 abr 2015 9:00 – mié\\, 22 abr 2015 17:00\\, hora de Moscú (Europe/Moscow\\, "
            "UTC+3)") in body
    assert f"Página del viaje: http://127.0.0.1:5000{EUROPE}?lang=es" in body


def test_missing_feed_answers_plain_text_in_any_language(client, seminar):
    response = client.get("/calendars/cities/nowhere.ics?lang=es")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "No hay calendario suscribible para esa ciudad.\n"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
