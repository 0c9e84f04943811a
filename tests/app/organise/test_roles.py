"""Who edits which programme: an editor only the programmes granted to them (any page or form of
another is a 403 that writes nothing), an admin every programme; and under a programme's URL, a
row of another programme is not found."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, Programme, Registrant, Seminar, Tour, TourApplication, TourLeg
from app.models.versioning import current_version
from app.programme_file.export import export_text
from tests.app.helpers.forms import form_token
from tests.app.helpers.organise import seminar_form, signed_in
from tests.app.helpers.pages import error_page
from tests.app.helpers.programme_file import snapshot

UTC = dt.timezone.utc
B = "/organise/p/award-2025"
REFUSED = ("Your account does not edit the programme “7th Guangzhou International Award for Urban Innovation”. "
           "An admin can add it to your programmes on the accounts page.")


@pytest.fixture()
def board(make_programme, make_event, make_seminar, make_city, make_initiative, make_vote_event, make_seminar_two):
    """Two programmes: the 2023 cycle (seminar 2, the vote) and the 2025 cycle, with its own series,
    seminar, vote and cities (Guangzhou presenting, Shenzhen not yet)."""
    make_seminar_two(event=make_event(slug="international-seminar-2023"))
    make_vote_event()
    programme = make_programme(slug="award-2025", title="7th Guangzhou International Award for Urban Innovation",
                               first_day=dt.date(2025, 11, 1), last_day=dt.date(2025, 12, 9), serves_old_urls=False)
    series = make_event(slug="seminars-2025", title="Seminars 2025", programme=programme,
                        first_day=dt.date(2025, 11, 3), last_day=dt.date(2025, 11, 6))
    seminar = make_seminar(event=series, slug="seminar-2025-1", title="First of 2025",
                           starts_at=dt.datetime(2025, 11, 3, 12, 30, tzinfo=UTC),
                           ends_at=dt.datetime(2025, 11, 3, 14, 0, tzinfo=UTC))
    guangzhou = make_city(slug="guangzhou", name="Guangzhou", country="China", timezone="Asia/Shanghai",
                          programme=programme)
    make_city(slug="shenzhen", name="Shenzhen", country="China", timezone="Asia/Shanghai", programme=programme)
    initiative = make_initiative(seminar, city=guangzhou, title="Micro-renewal of old quarters")
    make_vote_event(slug="vote-2025", title="Vote 2025", programme=programme, first_day=dt.date(2025, 11, 1),
                    last_day=dt.date(2025, 11, 30))
    tour = Tour(programme=programme, slug="tour-2025", title="Tour 2025", capacity=5, legs=[
        TourLeg(city=guangzhou, timezone="Asia/Shanghai", first_day=dt.date(2025, 12, 10),
                last_day=dt.date(2025, 12, 11))])
    person = Registrant(email="ana@example.org", name="Ana", timezone="America/Bogota")
    application = TourApplication(tour=tour, registrant=person, status="applied",
                                  confirmed_at=dt.datetime(2025, 10, 1, tzinfo=UTC))
    db.session.add(application)
    db.session.commit()
    return {("seminars", "slug"): "seminar-2025-1", ("events", "slug"): "seminars-2025",
            ("cities", "slug"): "guangzhou", ("votes", "slug"): "vote-2025",
            ("initiatives", "initiative_id"): str(initiative.id), ("tours", "slug"): "tour-2025",
            ("tours", "city"): "guangzhou", ("tours", "application_id"): str(application.id)}


def _city_id(slug: str) -> str:
    return str(db.session.scalar(sa.text("SELECT id FROM cities WHERE slug = :slug"), {"slug": slug}))


def _seminar() -> Seminar:
    return db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-2025-1"))


def _export() -> str:
    return export_text(db.session.scalar(sa.select(Programme).filter_by(slug="award-2025")))


#: A valid submission of every POST of a programme's pages (the rule, with the 2025 cycle's rows),
#: in an order an admin can send them one after the other; what an admin is answered.
POSTS = {
    "/p/<programme>/edit": (lambda: {
        "title": "7th Guangzhou Award", "description": "", "timezone": "Asia/Shanghai", "first_day": "2025-11-01",
        "last_day": "2025-12-09", "status": "published"}, (303, f"{B}/")),
    "/p/<programme>/seminars/new": (lambda: {
        "event": str(_seminar().event_id), "number": "2", "slug": "seminar-2025-2", "title": "Second of 2025",
        "theme": "", "timezone": "Asia/Shanghai", "date": "2025-11-04", "start": "20:30", "end": "22:00",
        "meeting_provider": "Zoom", "join_url": "", "meeting_id": "", "passcode": "", "capacity": "",
        "reminders": ["1440"], "status": "scheduled"}, (303, f"{B}/seminars/seminar-2025-2")),
    "/p/<programme>/seminars/<slug>": (lambda: {**seminar_form(_seminar()), "title": "Renamed"},
                                       (303, f"{B}/seminars/seminar-2025-1")),
    "/p/<programme>/seminars/<slug>/announce": (lambda: {"nonce": "n" * 24, "subject": "Slides", "body": "Online."},
                                                (303, f"{B}/seminars/seminar-2025-1/registrants")),
    "/p/<programme>/events/new": (lambda: {
        "slug": "ceremony-2025", "kind": "ceremony", "title": "Ceremony", "description": "", "location": "Guangzhou",
        "timezone": "Asia/Shanghai", "shape": "days", "first_day": "2025-12-08", "last_day": "2025-12-08"},
        (303, f"{B}/events/ceremony-2025")),
    "/p/<programme>/events/<slug>": (lambda: {
        "slug": "seminars-2025", "kind": "seminar-series", "title": "The 2025 seminars", "description": "",
        "location": "Online", "timezone": "Asia/Shanghai", "shape": "days", "first_day": "2025-11-03",
        "last_day": "2025-11-06"}, (303, f"{B}/events/seminars-2025")),
    "/p/<programme>/cities/new": (lambda: {"name": "Lyon", "slug": "", "country": "France", "region": "",
                                           "timezone": "Europe/Paris"}, (303, f"{B}/cities/lyon")),
    "/p/<programme>/cities/<slug>": (lambda: {"name": "Guangzhou", "slug": "guangzhou", "country": "China",
                                              "region": "Guangdong", "timezone": "Asia/Shanghai"},
                                     (303, f"{B}/cities/guangzhou")),
    "/p/<programme>/initiatives/new": (lambda: {"title": "Clean air", "city": _city_id("shenzhen"),
                                                "seminar": str(_seminar().id), "position": "1"},
                                       (303, f"{B}/seminars/seminar-2025-1#initiatives")),
    "/p/<programme>/initiatives/<initiative_id>": (lambda: {
        "title": "Micro-renewal", "city": _city_id("guangzhou"), "seminar": str(_seminar().id), "position": "0"},
        (303, f"{B}/seminars/seminar-2025-1#initiatives")),
    "/p/<programme>/initiatives/<initiative_id>/remove": (dict, (303, f"{B}/seminars/seminar-2025-1#initiatives")),
    "/p/<programme>/tours/<slug>/applications/<application_id>": (lambda: {"decision": "accept"},
                                                                  (303, f"{B}/tours/tour-2025/applications")),
    "/p/<programme>/import": (lambda: {"file": (io.BytesIO(_export().encode()), "award-2025.yaml")}, (200, None)),
    "/p/<programme>/import/apply": (lambda: {
        "text": _export().replace("title: The 2025 seminars", "title: Seminars of 2025"),
        "version": current_version(db.session).token, "notify": "y"}, (303, f"{B}/")),
    # After the import: a new tour has no leg yet, and the file format wants one per tour.
    "/p/<programme>/tours/new": (lambda: {"title": "Tour 2026", "slug": "tour-2026", "description": "", "audience": "",
                                          "capacity": ""}, (303, f"{B}/tours/tour-2026")),
    "/p/<programme>/tours/<slug>": (lambda: {"title": "Tour of 2025", "description": "", "audience": "Mayors",
                                             "capacity": "5"}, (303, f"{B}/tours/tour-2025")),
    "/p/<programme>/tours/<slug>/legs/new": (lambda: {
        "city": _city_id("shenzhen"), "timezone": "", "shape": "days", "first_day": "2025-12-12",
        "last_day": "2025-12-13", "venue": "0", "host": "", "position": "1"}, (303, f"{B}/tours/tour-2025")),
    "/p/<programme>/tours/<slug>/legs/<city>": (lambda: {
        "timezone": "Asia/Shanghai", "shape": "days", "first_day": "2025-12-09", "last_day": "2025-12-10",
        "venue": "0", "host": "City of Guangzhou", "position": "0", "notify": "y"}, (303, f"{B}/tours/tour-2025")),
}


def _rule(rule) -> str:
    """``/organise/p/<programme>/initiatives/<int(max=…):initiative_id>`` as POSTS names it."""
    return re.sub(r"<[^<>]+:(\w+)>", r"<\1>", rule.rule.removeprefix("/organise"))


def programme_urls(app, programme: str, values: dict) -> list[tuple[str, str, list[str]]]:
    """(rule, URL, methods) of every page under /organise/p/<programme>/, filled with ``values``."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/organise/p/<programme>"):
            path = rule.rule.replace("<programme>", programme)
            section = path.split("/")[4]
            url = re.sub(r"<(?:[\w()=,]+:)?(\w+)>", lambda m, section=section: values[section, m.group(1)], path)
            urls.append((_rule(rule), url, sorted(rule.methods - {"HEAD", "OPTIONS"})))
    return sorted(urls)


def test_every_form_of_a_programme_has_a_submission_here(app):
    posted = {_rule(rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/organise/p/<programme>")
              and "POST" in rule.methods}
    assert posted == set(POSTS)


def test_an_editor_of_one_programme_gets_a_403_on_every_page_and_form_of_another(app, client, board):
    signed_in(client)  # an editor of the 2023 cycle
    token = form_token(client, "/organise/")
    urls = programme_urls(app, "award-2025", board)
    before = snapshot()
    seen = {}
    for rule, url, methods in urls:
        for method in methods:
            data = {**POSTS[rule][0](), "csrf_token": token} if method == "POST" else None
            seen[method, url] = error_page(client.open(url, method=method, data=data))
    assert len(seen) == 40  # 22 pages, 18 forms
    assert seen == {key: (403, "Forbidden", REFUSED) for key in seen}
    assert snapshot() == before
    listing = client.get("/organise/").get_data(as_text=True)
    assert '<a href="/organise/p/award-2023/">' in listing and "award-2025" not in listing


def test_an_editor_granted_two_programmes_opens_both(app, client, board):
    signed_in(client, programmes=("award-2023", "award-2025"))
    pages = [url for _, url, methods in programme_urls(app, "award-2025", board)
             if "GET" in methods and not url.endswith("/edit")]
    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)
    listing = client.get("/organise/").get_data(as_text=True)
    assert re.findall(r'<a href="/organise/p/([^/]+)/">', listing) == ["award-2025", "award-2023"]


def test_an_admin_opens_and_submits_every_page_of_any_programme(app, client, board):
    signed_in(client, "admin")
    urls = programme_urls(app, "award-2025", board)
    pages = {url: client.get(url) for _, url, methods in urls if "GET" in methods}
    assert {url: r.status_code for url, r in pages.items()} == dict.fromkeys(pages, 200)
    token = form_token(client, "/organise/")
    answers = {}
    for rule, (data, _) in POSTS.items():
        url = next(url for r, url, _ in urls if r == rule)
        response = client.post(url, data={**data(), "csrf_token": token})
        answers[rule] = (response.status_code, response.headers.get("Location"))
    assert answers == {rule: expected for rule, (_, expected) in POSTS.items()}
    db.session.expire_all()
    titles = sa.select(Programme.title, Event.title).join(Programme.events).where(Event.slug == "seminars-2025")
    assert db.session.execute(titles).one() == ("7th Guangzhou Award", "Seminars of 2025")


def test_a_row_of_another_programme_is_not_found_under_this_one(app, client, board):
    signed_in(client, "admin")  # who may edit both: the 404 is the row's, not a permission
    token = form_token(client, "/organise/")
    before = snapshot()
    seen = {}
    for rule, url, methods in programme_urls(app, "award-2023", board):
        if "<slug>" in rule or "<initiative_id>" in rule or "<application_id>" in rule:
            for method in methods:
                data = {**POSTS[rule][0](), "csrf_token": token} if method == "POST" else None
                seen[method, url] = error_page(client.open(url, method=method, data=data))[::2]
    kind = {"seminars": "seminar", "events": "event", "votes": "event", "cities": "city", "initiatives": "initiative",
            "tours": "tour"}
    assert seen == {(method, url): (404, f"There is no such {kind[url.split('/')[4]]}; it may have been renamed or "
                                         "removed.") for method, url in seen}
    assert len(seen) == 23  # 15 addresses of a row: 23 requests with their forms
    assert snapshot() == before


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_programme_that_does_not_exist_is_not_found(client, board, role):
    signed_in(client, role)
    assert error_page(client.get("/organise/p/award-2031/seminars/seminar-2")) == (
        404, "Page not found", "There is no programme “award-2031”.")
