"""Organisers' texts in the reader's language, with the column's language as the fallback."""
from __future__ import annotations

from flask_babel import force_locale

from app import content
from app.extensions import db


def test_a_field_reads_the_language_in_force_else_its_own_column(app, make_seminar):
    seminar = make_seminar(title="Beyond smart city")
    content.with_text(seminar, "title", {"zh_Hans": "超越智慧城市", "es": "Más allá de la ciudad inteligente",
                                         "fr": " "})
    db.session.commit()
    with force_locale("zh_Hans"):
        assert content.text(seminar, "title") == "超越智慧城市"
    with force_locale("es"):
        assert content.text(seminar, "title") == "Más allá de la ciudad inteligente"
    with force_locale("fr"):  # blank translations are dropped: the column's English
        assert content.text(seminar, "title") == "Beyond smart city"
    assert content.text(seminar, "title") == "Beyond smart city"
    assert content.text(seminar, "title", "es") == "Más allá de la ciudad inteligente"
    assert content.languages_of(seminar, "title") == {"zh_Hans": "超越智慧城市",
                                                      "es": "Más allá de la ciudad inteligente"}
    assert content.languages_of(seminar, "theme") == {}


def test_replacing_one_fields_languages_keeps_the_others_and_is_saved(app, make_seminar):
    seminar = make_seminar()
    content.with_text(seminar, "title", {"es": "Uno"})
    content.with_text(seminar, "theme", {"es": "Tema"})
    db.session.commit()
    content.with_text(seminar, "title", {"fr": "Un"})
    db.session.commit()
    db.session.expire_all()
    assert seminar.translations == {"theme": {"es": "Tema"}, "title": {"fr": "Un"}}
    content.with_text(seminar, "title", {})
    db.session.commit()
    db.session.expire_all()
    assert seminar.translations == {"theme": {"es": "Tema"}}


def test_the_tr_filter_reads_the_pages_language(app, make_city):
    city = make_city(name="Bogotá")
    content.with_text(city, "name", {"zh_Hans": "波哥大", "ar": "بوغوتا"})
    db.session.commit()
    template = app.jinja_env.from_string("{{ city | tr('name') }}")
    with app.test_request_context("/?lang=ar"):
        assert template.render(city=city) == "بوغوتا"
    with app.test_request_context("/?lang=fr"):
        assert template.render(city=city) == "Bogotá"


def test_an_events_location_reads_the_readers_language_and_online_is_the_services_word(app, client, demo):
    from tests.app.helpers.reminders import seminar

    series = seminar("seminar-1").event
    ceremony = next(e for e in series.programme.events if e.slug == "award-ceremony-2023")
    content.with_text(ceremony, "location", {"zh_Hans": "中国广州"})
    db.session.commit()
    with force_locale("zh_Hans"):
        assert (content.event_location(series), content.event_location(ceremony)) == ("线上", "中国广州")
    with force_locale("ar"):
        assert (content.event_location(series), content.event_location(ceremony)) == (
            "عبر الإنترنت", "Guangzhou, China")
    with force_locale("en"):
        assert content.event_location(series) == "Online"
    page = client.get("/p/award-2023/?lang=zh-Hans").get_data(as_text=True)
    assert "系列研讨会 · 线上" in page and "中国广州" in page
    feed = client.get("/calendars/programme.ics?lang=zh-Hans").get_data(as_text=True)
    assert "LOCATION:中国广州" in feed
