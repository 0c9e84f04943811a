"""Study tours in the console: a tour's form, and its legs' (checked against the itinerary; a moved
leg tells its accepted participants)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, OutboxMessage, Registrant, Tour, TourApplication, TourLeg
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from tests.app.helpers.forms import form_token, post_form
from tests.app.helpers.organise import field_errors, signed_in
from tests.app.helpers.pages import error_page
from tests.conftest import FILES

UTC = dt.timezone.utc
TOURS = "/organise/p/study-tours-2015/tours"
EUROPE = f"{TOURS}/study-tour-europe-2015"
KAZAN = f"{EUROPE}/legs/kazan"
#: Kazan's leg as its form shows it (20 April 09:00 to 22 April 17:00, Moscow time).
KAZAN_FORM = {"timezone": "Europe/Moscow", "shape": "timed", "date": "2015-04-20", "start": "09:00",
              "end": "17:00", "end_date": "2015-04-22", "host": "City of Kazan", "position": "0", "notify": "y"}
EUROPE_FORM = {"title": "Study tour: Kazan, Antalya and Mannheim", "description": "Three cities.",
               "audience": "Scholars", "capacity": "20", "illustrative": "y"}


@pytest.fixture()
def client_2015(app, client, clock):
    """The 2015 study tours a month and a half before the first leg, and an editor of them."""
    clock.now = dt.datetime(2015, 3, 2, 9, 0, tzinfo=UTC)
    apply_programme(parse((FILES / "study-tours-2015.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    signed_in(client, programmes=("study-tours-2015",))
    return client


def _leg(city: str) -> TourLeg:
    db.session.expire_all()
    return db.session.scalar(sa.select(TourLeg).join(TourLeg.tour).where(Tour.slug == "study-tour-europe-2015")
                             .join(TourLeg.city).where(sa.text("cities.slug = :city")).params(city=city))


def _venue_id(slug: str) -> str:
    return str(db.session.scalar(sa.text("SELECT id FROM venues WHERE slug = :slug"), {"slug": slug}))


def _accept(email: str = "ana@example.org") -> None:
    tour = db.session.scalar(sa.select(Tour).filter_by(slug="study-tour-europe-2015"))
    db.session.add(TourApplication(tour=tour, registrant=Registrant(email=email, name="Ana",
                                                                    timezone="America/Bogota"),
                                   status="accepted", confirmed_at=dt.datetime(2015, 3, 1, tzinfo=UTC),
                                   decided_at=dt.datetime(2015, 3, 1, 12, tzinfo=UTC)))
    db.session.commit()


def _state(city: str) -> tuple:
    leg = _leg(city)
    return leg.starts_at, leg.ends_at, leg.timezone, leg.venue_id, leg.sequence


def test_leg_form_shows_kazan_in_its_zone(client_2015):
    page = client_2015.get(KAZAN).get_data(as_text=True)
    assert 'name="date" type="date" value="2015-04-20"' in page
    assert 'name="start" type="time" value="09:00"' in page
    assert 'name="end_date" type="date" value="2015-04-22"' in page
    assert '<option selected value="Europe/Moscow">' in page


def test_leg_overlapping_the_next_leg_is_refused_beside_start(client_2015):
    before = _state("kazan")
    response = post_form(client_2015, KAZAN, {**KAZAN_FORM, "venue": _venue_id("kazan-city-centre"),
                                              "end_date": "2015-04-24", "end": "10:00"})
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == [
        "Overlaps the next leg, which starts Fri, 24 Apr 2015, 09:00 Türkiye Time"]
    assert _state("kazan") == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.kind == "tour leg")) == 0


def test_leg_end_before_start_is_refused(client_2015):
    before = _state("kazan")
    response = post_form(client_2015, KAZAN, {**KAZAN_FORM, "end_date": "2015-04-19"})
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == [
        "The end must be after the start (give an end date if it runs past midnight)."]
    assert _state("kazan") == before


def test_leg_moved_emails_its_accepted_participant_and_raises_its_sequence(client_2015):
    _accept()
    sequence = _leg("kazan").sequence
    response = post_form(client_2015, KAZAN, {**KAZAN_FORM, "venue": _venue_id("kazan-city-centre"),
                                              "date": "2015-04-19", "end_date": "2015-04-21"})
    assert (response.status_code, response.headers["Location"]) == (303, EUROPE)
    assert _state("kazan") == (dt.datetime(2015, 4, 19, 6, 0, tzinfo=UTC), dt.datetime(2015, 4, 21, 14, 0, tzinfo=UTC),
                               "Europe/Moscow", int(_venue_id("kazan-city-centre")), sequence + 1)
    assert db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.subject)).all() == [
        ("ana@example.org", "New dates: Study tour: Kazan, Antalya and Mannheim")]
    page = client_2015.get(EUROPE).get_data(as_text=True)
    assert "Leg in Kazan saved; 1 participant emailed." in page
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "tour leg"))
    assert (entry.action, entry.key, entry.programme, entry.changes) == (
        "changed", "study-tour-europe-2015/kazan", "study-tours-2015",
        {"starts_at": ["2015-04-20T06:00+00:00", "2015-04-19T06:00+00:00"],
         "ends_at": ["2015-04-22T14:00+00:00", "2015-04-21T14:00+00:00"]})


def test_leg_added_in_a_city_the_tour_does_not_visit(client_2015):
    page = client_2015.get(f"{EUROPE}/legs/new").get_data(as_text=True)
    bogota = str(db.session.scalar(sa.text("SELECT id FROM cities WHERE slug = 'bogota'")))
    assert f'<option value="{bogota}">Bogotá</option>' in page and ">Kazan</option>" not in page
    response = post_form(client_2015, f"{EUROPE}/legs/new", {
        "city": bogota, "timezone": "", "shape": "days", "first_day": "2015-05-02", "last_day": "2015-05-03",
        "venue": "0", "host": "City of Bogotá", "position": "3"})
    assert field_errors(response.get_data(as_text=True)) == []
    assert (response.status_code, response.headers["Location"]) == (303, EUROPE)
    leg = _leg("bogota")
    assert (leg.first_day, leg.last_day, leg.timezone, leg.position, leg.host, leg.venue_id, leg.starts_at) == (
        dt.date(2015, 5, 2), dt.date(2015, 5, 3), "America/Bogota", 3, "City of Bogotá", None, None)
    assert "Leg in Bogotá saved; 0 participants emailed." in client_2015.get(EUROPE).get_data(as_text=True)


def test_tour_capacity_below_the_accepted_is_refused(client_2015):
    _accept("ana@example.org")
    _accept("li@example.org")
    response = post_form(client_2015, EUROPE, {**EUROPE_FORM, "capacity": "1"})
    assert field_errors(response.get_data(as_text=True)) == [
        "2 participants are already accepted; give at least 2 places, or none for no limit."]
    response = post_form(client_2015, EUROPE, {**EUROPE_FORM, "capacity": "2"})
    assert (response.status_code, response.headers["Location"]) == (303, EUROPE)
    db.session.expire_all()
    tour = db.session.scalar(sa.select(Tour).filter_by(slug="study-tour-europe-2015"))
    assert (tour.capacity, tour.title, tour.audience, tour.illustrative) == (
        2, "Study tour: Kazan, Antalya and Mannheim", "Scholars", True)


def test_tour_added_with_a_slug_no_other_tour_has(client_2015):
    taken = post_form(client_2015, f"{TOURS}/new", {**EUROPE_FORM, "slug": "study-tour-americas-2015"})
    assert field_errors(taken.get_data(as_text=True)) == [
        "Another tour already uses the address name “study-tour-americas-2015”."]
    response = post_form(client_2015, f"{TOURS}/new", {**EUROPE_FORM, "slug": "study-tour-asia-2015"})
    assert (response.status_code, response.headers["Location"]) == (303, f"{TOURS}/study-tour-asia-2015")
    assert db.session.scalar(sa.select(Tour.title).filter_by(slug="study-tour-asia-2015")) == EUROPE_FORM["title"]


def test_tour_pages_refuse_an_editor_of_another_programme(app, client, clock, default_programme):
    clock.now = dt.datetime(2015, 3, 2, 9, 0, tzinfo=UTC)
    apply_programme(parse((FILES / "study-tours-2015.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    default_programme()
    signed_in(client)  # an editor of the 2023 cycle
    before = _state("kazan")
    assert error_page(client.get(KAZAN))[0] == 403
    token = form_token(client, "/organise/")
    assert error_page(client.post(KAZAN, data={**KAZAN_FORM, "date": "2015-04-19", "csrf_token": token}))[0] == 403
    assert _state("kazan") == before
