"""A tour's page and feed in the reader's language: its title, audience and hosts as the organisers
wrote them in it, else as written."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app import content
from app.extensions import db
from app.models import Tour
from tests.app.helpers.tours import EUROPE, PROGRAMME, load_study_tours


@pytest.fixture()
def tour(app, clock):
    load_study_tours(clock())
    tour = db.session.scalar(sa.select(Tour).filter_by(slug="study-tour-europe-2015"))
    content.with_text(tour, "title", {"es": "Viaje de estudio: Kazán, Antalya y Mannheim"})
    content.with_text(tour.legs[0], "host", {"es": "Ciudad de Kazán"})
    content.with_text(tour.legs[0].city, "name", {"es": "Kazán"})
    db.session.commit()
    return tour


def test_tour_page_in_spanish_shows_the_spanish_title_host_and_city(client, tour):
    html = client.get(f"{EUROPE}?lang=es").get_data(as_text=True)
    assert "<h1>Viaje de estudio: Kazán, Antalya y Mannheim</h1>" in html
    assert '<a href="/p/study-tours-2015/cities/kazan">Kazán</a>' in html
    assert "Ciudad de Kazán</p>" in html


def test_tour_feed_in_spanish_names_the_leg_in_spanish(client, tour):
    body = client.get(f"/calendars/p/{PROGRAMME}/tours/study-tour-europe-2015.ics?lang=es").get_data(as_text=True)
    body = body.replace("\r\n ", "").replace("\r\n", "\n")
    assert "\nNAME:Viaje de estudio: Kazán\\, Antalya y Mannheim\n" in body
    assert "\nSUMMARY:Viaje de estudio: Kazán\\, Antalya y Mannheim: Kazán\n" in body
    assert "\\nAnfitrión: Ciudad de Kazán\\n" in body
