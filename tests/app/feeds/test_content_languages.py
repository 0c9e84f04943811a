"""A feed's ``?lang=`` picks the organisers' texts too (titles, themes, cities, initiatives), each
falling back to its column; an edit of a translation reaches the cached feed."""
from __future__ import annotations

import pytest

from app import content
from app.extensions import db

SEMINAR_FEED = "/calendars/p/award-2023/seminars/seminar-1.ics"


def unfolded(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True).replace("\r\n ", "").replace("\r\n", "\n")


@pytest.fixture()
def seminar(seminar_one):
    content.with_text(seminar_one, "title", {"es": "Ciudades seguras y resilientes"})
    content.with_text(seminar_one, "theme", {"es": "Responder a los retos nuevos"})
    kazan = seminar_one.initiatives[1]
    content.with_text(kazan.city, "name", {"es": "Kazán"})
    content.with_text(kazan.city, "country", {"es": "Rusia"})
    content.with_text(kazan, "title", {"es": "Un parque para descansar"})
    content.with_text(seminar_one.event, "title", {"es": "Seminario internacional"})
    db.session.commit()
    return seminar_one


def test_seminar_feed_in_spanish_has_the_spanish_summary_and_description(client, seminar):
    body = unfolded(client.get(f"{SEMINAR_FEED}?lang=es"))
    assert "\nSUMMARY:Seminario 1: Ciudades seguras y resilientes\n" in body
    assert "\\nTema: Responder a los retos nuevos\\n" in body
    assert "del Seminario internacional" in body
    assert "\\n- Kazán\\, Rusia: Un parque para descansar\\n" in body
    # Cities without a Spanish name keep their own.
    assert "\\n- Tehran\\, Iran: Substituting chemical poisons" in body


def test_a_feed_without_that_language_reads_the_columns(client, seminar):
    body = unfolded(client.get(f"{SEMINAR_FEED}?lang=fr"))
    # French puts a no-break space before a colon.
    assert "\nSUMMARY:Séminaire 1\u00a0: Making our cities and regions safe and resilient for all\n" in body
    assert "\\n- Kazan\\, Russia\u00a0: Park to rest and recuperate\\n" in body


def test_city_feed_is_named_after_the_city_in_the_feeds_language(client, seminar):
    body = unfolded(client.get("/calendars/p/award-2023/cities/kazan.ics?lang=es"))
    assert "\nNAME:Premio de Guangzhou: Kazán\n" in body


def test_editing_a_translation_rebuilds_the_cached_feed(client, seminar):
    assert "SUMMARY:Seminario 1: Ciudades seguras y resilientes\n" in unfolded(client.get(f"{SEMINAR_FEED}?lang=es"))
    content.with_text(seminar, "title", {"es": "Ciudades más seguras"})
    content.with_text(seminar.initiatives[1].city, "name", {"es": "Kazán (Tatarstán)"})
    db.session.commit()
    body = unfolded(client.get(f"{SEMINAR_FEED}?lang=es"))
    assert "\nSUMMARY:Seminario 1: Ciudades más seguras\n" in body
    assert "\\n- Kazán (Tatarstán)\\, Rusia: Un parque para descansar\\n" in body
