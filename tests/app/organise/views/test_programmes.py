"""Programmes in the console: the list an organiser edits, a programme's overview, and (admins) a
new programme and a programme's settings, audited under the programme's slug."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Programme
from app.slugs import RESERVED_SLUGS
from tests.app.helpers.auth import notices
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import field_errors

NEW = {"slug": "award-2025", "title": "7th Guangzhou International Award for Urban Innovation",
       "description": "Cities present their initiatives.", "timezone": "Asia/Shanghai", "first_day": "2025-11-01",
       "last_day": "2025-12-09", "status": "draft"}


def programmes() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(sa.select(Programme.slug, Programme.title, Programme.timezone, Programme.first_day,
                                        Programme.last_day, Programme.status).order_by(Programme.slug)).all()


def audit() -> list[tuple]:
    return db.session.execute(sa.select(AuditEntry.action, AuditEntry.kind, AuditEntry.key, AuditEntry.programme,
                                        AuditEntry.changes).order_by(AuditEntry.id)).all()


def test_an_admin_adds_a_programme_audited_under_its_slug(admin_client):
    client = admin_client
    response = post_form(client, "/organise/programmes/new", NEW)
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2025/")
    overview = client.get("/organise/p/award-2025/").get_data(as_text=True)
    assert notices(overview) == ["Programme “7th Guangzhou International Award for Urban Innovation” added."]
    assert "<h1>7th Guangzhou International Award for Urban Innovation</h1>" in overview
    assert programmes() == [("award-2025", NEW["title"], "Asia/Shanghai", dt.date(2025, 11, 1),
                             dt.date(2025, 12, 9), "draft")]
    assert audit() == [("added", "programme", "award-2025", "award-2025", {
        "title": [None, NEW["title"]], "description": [None, "Cities present their initiatives."],
        "timezone": [None, "Asia/Shanghai"], "first_day": [None, "2025-11-01"], "last_day": [None, "2025-12-09"],
        "status": [None, "draft"], "language": [None, "en"], "slug": [None, "award-2025"]})]
    assert ('<a href="/organise/p/award-2025/">7th Guangzhou International Award for Urban Innovation</a>'
            in client.get("/organise/").get_data(as_text=True))


def test_a_programme_slug_that_is_reserved_taken_or_malformed_is_refused_beside_the_field(admin_client,
                                                                                           make_programme):
    client = admin_client
    make_programme()
    before = programmes()
    reserved = ", ".join(sorted(RESERVED_SLUGS))
    answers = {slug: post_form(client, "/organise/programmes/new", {**NEW, "slug": slug})
               for slug in ("organise", "p", "award-2023", "new", "Award 2025")}
    assert {slug: (r.status_code, field_errors(r.get_data(as_text=True))) for slug, r in answers.items()} == {
        "organise": (400, [f"“organise” is a reserved path of the service ({reserved}); choose another address name."]),
        "p": (400, [f"“p” is a reserved path of the service ({reserved}); choose another address name."]),
        "award-2023": (400, ["Another programme already uses the address name “award-2023”."]),
        "new": (400, ["“new” is the address of the form for a new entry; choose another name."]),
        "Award 2025": (400, ["Use at most 80 lowercase ASCII letters, digits and single hyphens, such as "
                             "“seminar-5”."])}
    backwards = post_form(client, "/organise/programmes/new", {**NEW, "last_day": "2025-10-31"})
    assert (backwards.status_code, field_errors(backwards.get_data(as_text=True))) == (
        400, ["The last day must be on or after the first day."])
    assert programmes() == before
    assert audit() == []


def test_an_admin_changes_a_programmes_settings_but_not_its_slug(admin_client, make_programme):
    client = admin_client
    make_programme()
    page = client.get("/organise/p/award-2023/edit").get_data(as_text=True)
    assert 'value="6th Guangzhou International Award for Urban Innovation"' in page
    assert 'name="slug"' not in page and "Address name: <code>award-2023</code>" in page
    changed = {**NEW, "slug": "renamed", "title": "6th Guangzhou Award", "first_day": "2023-11-01",
               "last_day": "2023-12-09", "status": "archived"}
    response = post_form(client, "/organise/p/award-2023/edit", changed)
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2023/")
    assert notices(client.get("/organise/p/award-2023/").get_data(as_text=True)) == [
        "Programme “6th Guangzhou Award” saved."]
    assert programmes() == [("award-2023", "6th Guangzhou Award", "Asia/Shanghai", dt.date(2023, 11, 1),
                             dt.date(2023, 12, 9), "archived")]
    assert audit() == [("changed", "programme", "award-2023", "award-2023", {
        "title": ["6th Guangzhou International Award for Urban Innovation", "6th Guangzhou Award"],
        "description": ["", "Cities present their initiatives."], "status": ["published", "archived"]})]
    assert post_form(client, "/organise/p/award-2023/edit", changed).status_code == 303
    assert notices(client.get("/organise/p/award-2023/").get_data(as_text=True)) == ["Nothing changed."]


def test_the_overview_shows_its_own_events_cities_and_changes_only(editor_client, make_programme, make_event,
                                                                    make_city):
    client = editor_client
    board = make_programme(slug="board-meeting-2012", title="Board meeting 2012", first_day=dt.date(2012, 11, 14),
                           last_day=dt.date(2012, 11, 17), serves_old_urls=False)
    make_event(slug="international-seminar-2023", title="International Seminar 2023")
    make_event(slug="metropolis-board-2012", kind="meeting", title="Board meeting", programme=board,
               first_day=dt.date(2012, 11, 14), last_day=dt.date(2012, 11, 17))
    make_city()  # Kazan, in the 2023 cycle
    make_city(slug="guangzhou", name="Guangzhou", country="China", timezone="Asia/Shanghai", programme=board)
    html = client.get("/organise/p/award-2023/").get_data(as_text=True)
    assert re.findall(r'<h2><a href="([^"]+)">', html) == ["/organise/p/award-2023/events/international-seminar-2023"]
    assert re.findall(r'<li><a href="(/organise/p/[^"]+/cities/[^"]+)">', html) == [
        "/organise/p/award-2023/cities/kazan"]
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", lead).split()) == "1 Nov – 9 Dec 2023 (Asia/Shanghai) published"
