"""Every /organise URL needs a signed-in organiser, accounts and programmes' settings need an admin,
every console form its CSRF token. (Which programme an organiser may edit: test_roles.py.)"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import City, Initiative, Organiser, Registrant, Seminar, Tour, TourApplication, TourLeg
from app.models.versioning import current_version
from tests.conftest import SEMINAR_TWO_DETAILS
from tests.app.helpers.forms import form_token
from tests.app.helpers.organise import PASSWORD, make_organiser, seminar_form, signed_in
from tests.app.helpers.registration import submit

#: Console rules when this was written (sign-in excepted); a new rule is covered without editing this file.
KNOWN_RULES = 34
P = "/organise/p/award-2023"
CSV = f"{P}/seminars/seminar-2/registrants.csv"
YAML = f"{P}/programme.yaml"
TIMES = "/organise/times?date=2023-11-07&start=19:30&end=21:00&timezone=Asia/Shanghai"
TALLY_CSV = f"{P}/votes/city-of-your-choice-2023/tally.csv"
FILES = {CSV: "text/csv", YAML: "application/yaml", TALLY_CSV: "text/csv"}
#: Admins only: the accounts and a programme's settings.
ADMIN_PAGES = ["/organise/accounts", "/organise/programmes/new", f"{P}/edit"]
UTC = dt.timezone.utc
FORBIDDEN = "This page is for admins: your account is an editor account. Ask an admin to make this change."


def lead(response) -> str:
    """The message of an error page."""
    return re.search(r'<p class="lead">([^<]*)</p>', response.get_data(as_text=True)).group(1)


def jakarta_initiative() -> Initiative:
    return db.session.scalar(sa.select(Initiative).join(City).where(City.slug == "jakarta"))


def console_urls(app, organiser_id: int, old: bool = True) -> list[tuple[str, list[str]]]:
    """(URL, methods) for every /organise rule but the sign-in page (and the old addresses unless
    ``old``), its variables filled from console_rows."""
    values = {("seminars", "slug"): "seminar-2", ("cities", "slug"): "jakarta",
              ("events", "slug"): "international-seminar-2023", ("votes", "slug"): "city-of-your-choice-2023",
              ("initiatives", "initiative_id"): str(jakarta_initiative().id),
              ("accounts", "organiser_id"): str(organiser_id), ("tours", "slug"): "tour-2023",
              ("tours", "city"): "jakarta",
              ("tours", "application_id"): str(db.session.scalar(sa.select(TourApplication.id)))}
    urls = []
    for rule in app.url_map.iter_rules():
        if (rule.rule.startswith("/organise") and rule.rule != "/organise/sign-in"
                and (old or not rule.endpoint.startswith("organise.old_"))):
            path = rule.rule.replace("/p/<programme>", "/p/award-2023")
            section = path.split("/")[4 if "/p/" in path else 2]
            url = re.sub(r"<(?:[\w()=,]+:)?(\w+)>", lambda m, section=section: values[section, m.group(1)], path)
            urls.append((url, sorted(rule.methods - {"HEAD", "OPTIONS"})))
    return sorted(urls)


@pytest.fixture()
def console_rows(make_event, make_seminar_two, make_city, make_initiative, make_vote_event):
    """What the console URLs name: the series, its seminar 2 with Jakarta's initiative, the vote."""
    event = make_event(slug="international-seminar-2023",
                       title="International Seminar on Learning from Urban Innovation")
    seminar = make_seminar_two(event=event, **SEMINAR_TWO_DETAILS)
    make_initiative(seminar, city=make_city(slug="jakarta", name="Jakarta", country="Indonesia",
                                            timezone="Asia/Jakarta"),
                    title="Reclaiming spaces for children using public transportation through the Navi Station "
                          "initiative")
    make_vote_event()
    jakarta = db.session.scalar(sa.select(City).filter_by(slug="jakarta"))
    tour = Tour(programme=event.programme, slug="tour-2023", title="Tour 2023", legs=[
        TourLeg(city=jakarta, timezone="Asia/Jakarta", first_day=dt.date(2023, 12, 1), last_day=dt.date(2023, 12, 2))])
    db.session.add(TourApplication(tour=tour, registrant=Registrant(email="lee@example.org", name="Lee",
                                                                     timezone="Asia/Seoul"), status="applied"))
    db.session.commit()
    return seminar


def sign_in_location(url: str) -> str:
    return "/organise/sign-in?next=" + quote(url, safe="")


def test_every_console_url_sends_anonymous_visitors_to_sign_in(app, client, console_rows):
    urls = console_urls(app, make_organiser().id)
    token = form_token(client, "/organise/sign-in")  # a valid token, so the sign-in check itself is what refuses
    seen = {(method, url): client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            for url, methods in urls for method in methods}
    assert len(urls) >= KNOWN_RULES
    assert {key: (r.status_code, r.headers.get("Location")) for key, r in seen.items()} == {
        (method, url): (302, sign_in_location(url)) for url, methods in urls for method in methods}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organiser)) == 1


def test_console_files_never_leak_to_anonymous_visitors(app, client, console_rows):
    assert submit(client, seminars=["seminar-2"]).status_code == 303  # ana@example.org registers
    for url in (CSV, YAML, TIMES):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert (response.status_code, response.headers["Location"], response.mimetype) == (
            302, sign_in_location(url), "text/html")
        assert "Content-Disposition" not in response.headers
        assert "214172" not in body and "ana@example.org" not in body and "19:30" not in body
    signed_in(client)  # the same URLs do hold the data once signed in
    assert "ana@example.org" in client.get(CSV).get_data(as_text=True)
    assert "passcode: '214172'" in client.get(YAML).get_data(as_text=True)
    assert "19:30" in client.get(TIMES).get_data(as_text=True)


PROGRAMME = {"title": "Renamed", "description": "", "timezone": "Asia/Shanghai", "first_day": "2023-11-01",
             "last_day": "2023-12-09", "status": "archived"}


def test_an_editor_gets_a_clear_403_on_admin_pages(editor_client):
    client = editor_client
    admin = make_organiser("admin@example.org", "admin")
    token = form_token(client, "/organise/")
    prefix = f"a{admin.id}-"
    before = database()
    responses = [client.get(url) for url in ADMIN_PAGES] + [
        client.post("/organise/accounts", data={"email": "new@example.org", "role": "admin", "password": PASSWORD,
                                                "csrf_token": token}),
        client.post(f"/organise/accounts/{admin.id}", data={
            prefix + "role": "editor", prefix + "status": "inactive", prefix + "submit": "Save",
            prefix + "csrf_token": token}),
        client.post("/organise/programmes/new", data={**PROGRAMME, "slug": "award-2025", "csrf_token": token}),
        client.post(f"{P}/edit", data={**PROGRAMME, "csrf_token": token}),
    ]
    assert [(r.status_code, lead(r)) for r in responses] == [(403, FORBIDDEN)] * 7
    assert database() == before
    assert db.session.execute(sa.select(Organiser.email, Organiser.role, Organiser.active)
                              .order_by(Organiser.email)).all() == [("admin@example.org", "admin", True),
                                                                    ("editor@example.org", "editor", True)]
    assert '<a href="/organise/accounts">' not in client.get("/organise/").get_data(as_text=True)
    assert f'<a href="{P}/edit">' not in client.get(f"{P}/").get_data(as_text=True)


def test_an_admin_opens_account_management(make_organiser, admin_client):
    client = admin_client
    make_organiser()
    response = client.get("/organise/accounts")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Organiser accounts</h1>" in html
    assert "<td>admin@example.org" in html and "<td>editor@example.org" in html
    assert '<a href="/organise/accounts">Accounts</a>' in client.get("/organise/").get_data(as_text=True)


def test_an_editor_opens_every_other_console_page(app, client, console_rows):
    editor = signed_in(client)
    pages = [url for url, methods in console_urls(app, editor.id, old=False)
             if "GET" in methods and url not in ADMIN_PAGES]
    responses = {url: client.get(url) for url in pages}
    assert len(pages) >= KNOWN_RULES - 15  # all but four POST-only rules, three admin pages and eight old addresses
    assert {url: (r.status_code, r.mimetype) for url, r in responses.items()} == {
        url: (200, FILES.get(url, "text/html")) for url in pages}
    for url in set(pages) - set(FILES) - {"/organise/times"}:  # the times preview is a fragment
        assert 'editor@example.org <span class="badge">editor</span>' in responses[url].get_data(as_text=True), url


# --- CSRF: each form is refused without its token, or with another browser's -------------------

def _seminar_edit():
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-2"))
    return f"{P}/seminars/seminar-2", {**seminar_form(seminar), "title": "Renamed"}, f"{P}/seminars/seminar-2"


def _new_city():
    return (f"{P}/cities/new", {"name": "Bandung", "slug": "bandung", "country": "Indonesia",
                                "timezone": "Asia/Jakarta"}, f"{P}/cities/bandung")


def _sign_out():
    return "/organise/sign-out", {}, "/organise/sign-in"


def _announce():
    return (f"{P}/seminars/seminar-2/announce", {"nonce": "n" * 24, "subject": "Slides", "body": "The slides."},
            f"{P}/seminars/seminar-2/registrants")


def _import_apply(client):
    text = client.get(YAML).get_data(as_text=True)
    changed = text.replace("Leaving no one and no place behind", "Leaving no one behind")
    assert changed != text
    return f"{P}/import/apply", {"text": changed, "version": current_version(db.session).token}, f"{P}/"


def _account_create():
    return ("/organise/accounts", {"email": "new@example.org", "role": "admin", "password": PASSWORD},
            "/organise/accounts")


def _initiative_remove():
    return f"{P}/initiatives/{jakarta_initiative().id}/remove", {}, f"{P}/seminars/seminar-2#initiatives"


def _programme_create():
    return "/organise/programmes/new", {**PROGRAMME, "slug": "award-2025"}, "/organise/p/award-2025/"


POST_FORMS = {"seminar edit": ("editor", _seminar_edit), "new city": ("editor", _new_city),
              "sign-out": ("editor", _sign_out), "announce": ("editor", _announce),
              "import apply": ("editor", _import_apply), "account create": ("admin", _account_create),
              "initiative remove": ("editor", _initiative_remove), "programme create": ("admin", _programme_create)}


def database() -> dict[str, list]:
    """Every row of every table: what a refused request must leave as it was."""
    db.session.expire_all()
    return {table.name: sorted((tuple(row) for row in db.session.execute(sa.select(table))), key=repr)
            for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("name", POST_FORMS)
def test_a_console_form_without_its_csrf_token_is_refused_and_changes_nothing(app, client, console_rows, name):
    role, build = POST_FORMS[name]
    organiser = signed_in(client, role)
    url, data, accepted_at = build(client) if name == "import apply" else build()
    own = form_token(client, "/organise/")  # the browser has the console open
    foreign = form_token(app.test_client(), "/organise/sign-in")  # valid, but for another browser's session
    before = database()
    missing = client.post(url, data=data)
    wrong = client.post(url, data={**data, "csrf_token": foreign})
    if name == "import apply":  # its own form checks the token (a programme file outgrows the global check)
        assert [(r.status_code, r.headers["Location"]) for r in (missing, wrong)] == [(303, f"{P}/import")] * 2
        assert "The import form expired. Choose the file again." in client.get(f"{P}/import").get_data(as_text=True)
    else:
        assert [(r.status_code, lead(r)) for r in (missing, wrong)] == [
            (400, "The CSRF token is missing."), (400, "The CSRF tokens do not match.")]
    assert database() == before
    page = client.get("/organise/")  # still signed in
    assert (page.status_code, f"{organiser.email} <span" in page.get_data(as_text=True)) == (200, True)
    accepted = client.post(url, data={**data, "csrf_token": own})
    assert (accepted.status_code, accepted.headers["Location"]) == (303, accepted_at)
