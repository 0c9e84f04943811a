"""Registration among several programmes, on SQLite and PostgreSQL: a programme's form registers
for its own seminars only, the old /register redirects, an archived programme takes no one, and
the manage page and emails cross programmes with each seminar's own page."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.extensions import db
from app.models import OutboxMessage, Programme, Registrant, Registration, Seminar
from tests.app.helpers.forms import form_token
from tests.app.helpers.registration import FORM, PAGE, confirm, deliver, link, submit, text_of

UTC = dt.timezone.utc
TOURS = "/p/study-tours-2015/register"


@pytest.fixture()
def tours(seminar_one, make_seminar_two, make_programme, make_event, make_seminar):
    """Seminars 1 and 2 of the 2023 programme (which serves the old URLs) and a second programme
    with one seminar, Thu 9 Nov 2023 10:00-11:30 UTC."""
    make_seminar_two(event=seminar_one.event)
    programme = make_programme(slug="study-tours-2015", title="Study Tours 2015", timezone="Europe/Lisbon",
                               first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 11, 30), serves_old_urls=False)
    series = make_event(programme=programme, slug="tours-series", title="Study tours")
    return make_seminar(event=series, number=1, slug="tour-1", title="Lisbon on foot",
                        starts_at=dt.datetime(2023, 11, 9, 10, 0, tzinfo=UTC),
                        ends_at=dt.datetime(2023, 11, 9, 11, 30, tzinfo=UTC))


def _rows() -> tuple[int, int, int]:
    """(registrants, registrations, queued emails)."""
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (Registrant, Registration, OutboxMessage))


def _archive(slug: str) -> None:
    db.session.scalar(sa.select(Programme).filter_by(slug=slug)).status = "archived"
    db.session.commit()


def _offered(html: str, name: str = "seminars") -> list[str]:
    return re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"', html)


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


# --- the old URL -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("/register", PAGE),
    ("/register?seminar=seminar-2", f"{PAGE}?seminar=seminar-2"),
    ("/register?city=kazan&tz=Asia/Tokyo", f"{PAGE}?city=kazan&tz=Asia/Tokyo"),
    ("/register?seminar=tour-1", f"{TOURS}?seminar=tour-1"),
    ("/register?seminar=no-such-seminar", f"{PAGE}?seminar=no-such-seminar"),
])
def test_the_old_register_url_is_a_301_to_the_programme_of_the_seminar_it_names(client, tours, old, new):
    response = client.get(old)
    assert (response.status_code, response.location) == (301, new)


def test_the_old_register_url_of_a_draft_programmes_seminar_goes_to_the_old_urls_programme(client, tours):
    db.session.scalar(sa.select(Programme).filter_by(slug="study-tours-2015")).status = "draft"
    db.session.commit()
    assert client.get("/register?seminar=tour-1").location == f"{PAGE}?seminar=tour-1"


def test_an_old_register_post_is_a_308_to_the_programmes_form_which_takes_it(client, tours):
    data = {**FORM, "csrf_token": form_token(client, PAGE)}
    moved = client.post("/register", data=data)
    assert (moved.status_code, moved.location, _rows()) == (308, PAGE, (0, 0, 0))
    taken = client.post(moved.location, data=data)  # what the browser does with a 308: the same POST again
    assert (taken.status_code, taken.location, _rows()) == (303, "/register/sent", (1, 1, 1))
    assert '<a href="/">Back to the programmes</a>' in client.get(taken.location).get_data(as_text=True)


# --- a programme's form ----------------------------------------------------------------------------

def test_a_programmes_form_offers_its_own_upcoming_seminars_only(client, tours):
    assert _offered(client.get(PAGE).get_data(as_text=True)) == ["seminar-1", "seminar-2"]
    assert _offered(client.get(f"{TOURS}?seminar=tour-1").get_data(as_text=True)) == ["tour-1"]
    assert re.findall(r'value="([^"]+)" checked', client.get(f"{TOURS}?seminar=tour-1").get_data(as_text=True)) == [
        "tour-1"]


def test_a_seminar_of_another_programme_slipped_into_the_form_is_refused_and_nothing_written(client, tours):
    response = submit(client, seminars=["seminar-1", "tour-1"])
    assert response.status_code == 400
    assert re.findall(r'<p class="error" role="alert">([^<]+)</p>', response.get_data(as_text=True)) == [
        "“Lisbon on foot” is not a seminar of the 6th Guangzhou International Award for Urban Innovation."]
    assert _rows() == (0, 0, 0)


def test_a_programmes_form_registers_for_its_seminars(client, tours, clock, smtp):
    response = submit(client, TOURS, seminars=["tour-1"])
    assert (response.status_code, response.location) == (303, "/register/sent")
    [mail] = deliver(clock, smtp)
    assert "Seminar 1: Lisbon on foot\n  When:  Thu, 9 Nov 2023, 05:00–06:30 Colombia Time" in text_of(mail)


# --- an archived programme -------------------------------------------------------------------------

def test_an_archived_programmes_form_says_so_and_a_post_writes_nothing(client, tours):
    token = form_token(client, PAGE)
    _archive("award-2023")
    page = client.get(PAGE).get_data(as_text=True)
    notice = ('<p class="notice" role="status">The 6th Guangzhou International Award for Urban Innovation is archived: '
              "it takes no registrations.</p>")
    assert notice in page and "<form" not in _main(page)
    refused = client.post(PAGE, data={**FORM, "csrf_token": token})
    assert refused.status_code == 400 and notice in refused.get_data(as_text=True)
    assert _rows() == (0, 0, 0)


def test_a_confirmation_used_once_the_programme_is_archived_confirms_nothing(client, tours, clock, smtp):
    submit(client)
    [mail] = deliver(clock, smtp)
    _archive("award-2023")
    page = confirm(client, link(mail, "/register/confirm/")).get_data(as_text=True)
    assert "<h1>Nothing left to confirm</h1>" in page
    assert db.session.scalars(sa.select(Registration.status)).all() == ["pending"]


# --- the manage page and the emails, across programmes --------------------------------------------

def _registered(client, clock, smtp, page: str, slug: str) -> Registrant:
    submit(client, page, seminars=[slug])
    [mail] = deliver(clock, smtp)
    confirm(client, link(mail, "/register/confirm/"))
    deliver(clock, smtp)
    return db.session.scalar(sa.select(Registrant))


def test_the_manage_page_offers_the_seminars_of_the_registrants_programmes_only(
        client, tours, clock, smtp, make_programme, make_event, make_seminar):
    board = make_programme(slug="board-meeting-2012", title="Board meeting", serves_old_urls=False,
                           first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 11, 30))
    make_seminar(event=make_event(programme=board, slug="board-series"), slug="board-1", title="Board seminar",
                 starts_at=dt.datetime(2023, 11, 10, 9, tzinfo=UTC), ends_at=dt.datetime(2023, 11, 10, 10, tzinfo=UTC))
    person = _registered(client, clock, smtp, PAGE, "seminar-1")
    manage = f"/manage/{person.manage_token}"
    assert _offered(client.get(manage).get_data(as_text=True), "add-seminars") == ["seminar-2"]
    _registered(client, clock, smtp, TOURS, "tour-1")
    html = client.get(manage).get_data(as_text=True)
    assert _offered(html, "add-seminars") == ["seminar-2"]
    assert re.findall(r'<p class="eyebrow">([^·]+) · Seminar (\d)', html) == [
        ("6th Guangzhou International Award for Urban Innovation", "1"), ("Study Tours 2015", "1")]
    token = form_token(client, manage)
    refused = client.post(f"{manage}/add", data={"csrf_token": token, "add-seminars": ["board-1"]})
    assert refused.status_code == 400
    assert "One of the seminars you ticked is not open for registration." in refused.get_data(as_text=True)
    assert sorted(db.session.scalars(sa.select(Seminar.slug).join(Registration.seminar))) == ["seminar-1", "tour-1"]


def test_after_cancelling_everything_the_manage_page_still_offers_the_programmes_seminars(client, tours, clock, smtp):
    person = _registered(client, clock, smtp, TOURS, "tour-1")
    manage = f"/manage/{person.manage_token}"
    client.post(f"{manage}/cancel", data={"csrf_token": form_token(client, manage)})
    [cancelled] = deliver(clock, smtp)
    assert "Changed your mind? Register again:\nhttp://127.0.0.1:5000/p/study-tours-2015/register\n" in text_of(
        cancelled)
    assert _offered(client.get(manage).get_data(as_text=True), "add-seminars") == ["tour-1"]


def test_emails_and_pages_link_each_seminar_to_its_programmes_page(client, tours, clock, smtp):
    """The seminar pages are the programme blueprint's (/p/<programme>/seminars/<slug>)."""
    submit(client, TOURS, seminars=["tour-1"])
    [mail] = deliver(clock, smtp)
    assert "  About: http://127.0.0.1:5000/p/study-tours-2015/seminars/tour-1\n" in text_of(mail)
    confirm(client, link(mail, "/register/confirm/"))
    [welcome] = deliver(clock, smtp)
    [part] = [p for p in welcome.walk() if p.get_content_type() == "text/calendar"][:1]
    [event] = Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert str(event["URL"]) == "http://127.0.0.1:5000/p/study-tours-2015/seminars/tour-1"
    person = db.session.scalar(sa.select(Registrant))
    manage = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert '<h3><a href="/p/study-tours-2015/seminars/tour-1">Lisbon on foot</a></h3>' in manage
    client.post(f"/manage/{person.manage_token}/cancel",
                data={"csrf_token": form_token(client, f"/manage/{person.manage_token}")})
    closed = client.get(f"/join/{person.registrations[0].join_token}").get_data(as_text=True)
    assert '<a href="/p/study-tours-2015/seminars/tour-1">Seminar 1: Lisbon on foot</a>' in closed
