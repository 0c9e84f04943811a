"""The city and initiative forms: saved changes reach the public pages and feeds; refused
input says why beside the field and changes nothing."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, City, Initiative, Programme
from tests.app.helpers.forms import form_token, post_form
from tests.app.helpers.organise import field_errors

UTC = dt.timezone.utc
CITY = {"name": "Kraków", "slug": "", "country": "Poland", "region": "", "timezone": "Europe/Warsaw"}


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_city_added_with_a_derived_slug_appears_publicly(editor_client):
    client = editor_client
    response = post_form(client, "/organise/p/award-2023/cities/new", CITY)
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2023/cities/krakow")
    city = db.session.scalar(sa.select(City).where(City.slug == "krakow"))
    assert (city.name, city.country, city.timezone) == ("Kraków", "Poland", "Europe/Warsaw")
    page = client.get("/p/award-2023/cities").get_data(as_text=True)
    assert '<a href="/p/award-2023/cities/krakow">Kraków</a>' in page
    taking_part = sa.select(Programme.slug).join(Programme.cities).where(City.slug == "krakow")
    assert db.session.scalars(taking_part).all() == ["award-2023"]  # the programme of the form's address
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "city"))
    assert (entry.action, entry.key, entry.changes["timezone"], entry.programme) == (
        "added", "krakow", [None, "Europe/Warsaw"], None)  # a city is shared: no one programme owns it


def test_city_form_refuses_unknown_zone_and_taken_slug(editor_client, make_city):
    client = editor_client
    make_city(slug="jakarta", name="Jakarta", country="Indonesia", timezone="Asia/Jakarta")
    cities = _count(City)
    bad_zone = post_form(client, "/organise/p/award-2023/cities/new", {**CITY, "timezone": "Europe/Atlantis"})
    assert bad_zone.status_code == 400
    assert field_errors(bad_zone.get_data(as_text=True)) == [
        "“Europe/Atlantis” is not a time zone we know. Use an IANA name such as Europe/Berlin, America/Bogota "
        "or Asia/Shanghai."]
    taken = post_form(client, "/organise/p/award-2023/cities/new", {**CITY, "slug": "jakarta"})
    assert field_errors(taken.get_data(as_text=True)) == ["Another city already uses the address name “jakarta”."]
    no_slug = post_form(client, "/organise/p/award-2023/cities/new", {**CITY, "name": "東京"})
    assert field_errors(no_slug.get_data(as_text=True)) == [
        "The name gives no usable address name; type one, such as “sao-paulo”."]
    assert _count(City) == cities


def test_city_zone_change_moves_its_feed_times(editor_client, make_seminar_two, make_city, make_initiative):
    client = editor_client
    city = make_city(slug="jakarta", name="Jakarta", country="Indonesia", timezone="Asia/Jakarta")
    seminar_two = make_seminar_two()
    make_initiative(seminar_two, city=city, title="Navi Station")
    response = post_form(client, "/organise/p/award-2023/cities/jakarta", {"name": city.name, "slug": "jakarta",
                                                             "country": city.country, "timezone": "Asia/Makassar"})
    assert response.status_code == 303
    assert "DTSTART;TZID=Asia/Makassar:20231107T193000\r\n" in client.get(
        "/calendars/cities/jakarta.ics").get_data(as_text=True)


def test_initiative_added_moved_and_removed(editor_client, make_event, make_seminar, make_initiative):
    client = editor_client
    event = make_event()
    s1 = make_seminar(event=event, number=1, slug="seminar-1")
    s3 = make_seminar(event=event, number=3, slug="seminar-3", title="Beyond smart city",
                      starts_at=dt.datetime(2023, 11, 8, 12, 30, tzinfo=UTC),
                      ends_at=dt.datetime(2023, 11, 8, 14, 0, tzinfo=UTC))
    kazan = make_initiative(s1).city  # Kazan presents "Park to rest and recuperate" at seminar 1
    duplicate = post_form(client, "/organise/p/award-2023/initiatives/new", {
        "title": "Another park", "city": str(kazan.id), "seminar": str(s1.id), "position": "9"})
    assert field_errors(duplicate.get_data(as_text=True)) == [
        "Kazan already presents an initiative at Seminar 1; edit that one instead."]
    response = post_form(client, "/organise/p/award-2023/initiatives/new", {
        "title": "River walks", "city": str(kazan.id), "seminar": str(s3.id), "position": "9"})
    assert (response.status_code, response.headers["Location"]) == (
        303, "/organise/p/award-2023/seminars/seminar-3#initiatives")
    added = db.session.scalar(sa.select(Initiative).where(Initiative.title == "River walks"))
    assert "- Kazan\\, Russia: River walks" in client.get(
        "/calendars/seminars/seminar-3.ics").get_data(as_text=True).replace("\r\n ", "")
    token = form_token(client, f"/organise/p/award-2023/initiatives/{added.id}")
    removed = client.post(f"/organise/p/award-2023/initiatives/{added.id}/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    assert db.session.get(Initiative, added.id) is None
    assert [e.action for e in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.kind == "initiative")
                                                 .order_by(AuditEntry.id))] == ["added", "removed"]
