"""Pages show what organisers wrote in the reader's language (``?lang=``), each field falling back
to its column where that language has no text."""
from __future__ import annotations

import pytest

from app import content
from app.extensions import db

SEMINAR_PAGE = "/p/award-2023/seminars/seminar-1"

TITLE = {"es": "Ciudades y regiones seguras y resilientes para todos",
         "zh_Hans": "让城市和区域安全、有韧性、惠及所有人"}
THEME = {"es": "Ciudades seguras: responder a los retos nuevos y emergentes",
         "zh_Hans": "安全的城市：应对新出现的挑战"}


@pytest.fixture()
def translated(seminar_one):
    content.with_text(seminar_one, "title", TITLE)
    content.with_text(seminar_one, "theme", THEME)
    kazan = seminar_one.initiatives[1]
    content.with_text(kazan.city, "name", {"es": "Kazán", "zh_Hans": "喀山", "ar": "قازان"})
    content.with_text(kazan.city, "country", {"es": "Rusia", "zh_Hans": "俄罗斯", "ar": "روسيا"})
    content.with_text(kazan, "title", {"ar": "حديقة للراحة والاستجمام"})
    db.session.commit()
    return seminar_one


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_seminar_page_in_spanish_shows_the_spanish_title_theme_and_city(client, translated):
    html = page(client, f"{SEMINAR_PAGE}?lang=es")
    assert "<title>Seminario 1: Ciudades y regiones seguras y resilientes para todos" in html
    assert "<h1>Ciudades y regiones seguras y resilientes para todos</h1>" in html
    assert '<p class="lead">Ciudades seguras: responder a los retos nuevos y emergentes</p>' in html
    assert ('<a href="/p/award-2023/cities/kazan">Kazán</a><br><span class="muted">Rusia</span>') in html
    assert "Making our cities" not in html


def test_seminar_page_in_chinese_shows_the_chinese_title_and_theme(client, translated):
    html = page(client, f"{SEMINAR_PAGE}?lang=zh-Hans")
    assert "<h1>让城市和区域安全、有韧性、惠及所有人</h1>" in html
    assert '<p class="lead">安全的城市：应对新出现的挑战</p>' in html
    assert '<a href="/p/award-2023/cities/kazan">喀山</a><br><span class="muted">俄罗斯</span>' in html


def test_a_language_without_a_translation_reads_the_column(client, translated):
    html = page(client, f"{SEMINAR_PAGE}?lang=fr")
    assert "<h1>Making our cities and regions safe and resilient for all</h1>" in html
    assert ('<p class="lead">Making our cities and regions safe and resilient for all — responding to emerging '
            'and new challenges</p>') in html
    assert '<a href="/p/award-2023/cities/kazan">Kazan</a><br><span class="muted">Russia</span>' in html


def test_city_page_in_arabic_shows_the_arabic_name_and_initiative(client, translated):
    html = page(client, "/p/award-2023/cities/kazan?lang=ar")
    assert "<h1>قازان</h1>" in html
    assert "<h2>حديقة للراحة والاستجمام</h2>" in html
    # The seminar it presents in has no Arabic title: its English one.
    assert "Making our cities and regions safe and resilient for all</a>" in html


def test_english_pages_keep_the_columns(client, translated):
    html = page(client, "/p/award-2023/cities/kazan?lang=en")
    assert "<h1>Kazan</h1>" in html
    assert "<h2>Park to rest and recuperate</h2>" in html
