"""Several programmes in one service: the home page lists them, each page shows only its own
programme's entries, a draft stays the organisers' own."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Programme
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from tests.app.helpers.pages import error_page
from tests.app.programme.test_routes import text
from tests.conftest import FILES

UTC = dt.timezone.utc


@pytest.fixture()
def two_programmes(demo, clock):
    apply_programme(parse((FILES / "board-meeting-2012.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()


def test_home_lists_the_current_programme_and_the_archive(client, two_programmes):
    page = text(client.get("/"))
    current, archive = page.split("Current and upcoming", 1)[1].split(" Archive ", 1)
    assert current.strip().startswith("1 Nov – 9 Dec 2023 6th Guangzhou International Award for Urban Innovation")
    assert "Metropolis Board" not in current
    assert archive.strip().startswith("Metropolis Board of Directors Meeting, Guangzhou 2012 14–17 Nov 2012")


def test_a_past_programme_shows_its_events_without_registration(client, two_programmes):
    response = client.get("/p/board-meeting-2012/")
    page = text(response)
    assert response.status_code == 200
    assert page.split(" Skip to content")[0] == (
        "Metropolis Board of Directors Meeting, Guangzhou 2012 · Guangzhou Award")
    assert "14–17 Nov 2012 · Archive Metropolis Board of Directors Meeting, Guangzhou 2012" in page
    assert "Metropolis Board of Directors Meeting and the first Guangzhou Award ceremony" in page
    assert "Register for the seminars" not in page and "Seminar 1" not in page


def test_each_programme_lists_only_its_cities(client, two_programmes):
    assert "1 city takes part in this programme. Guangzhou China" in text(client.get("/p/board-meeting-2012/cities"))
    page = text(client.get("/p/award-2023/cities"))
    assert "15 cities and local governments take part in this programme." in page and "Guangzhou China" not in page


@pytest.mark.parametrize(("url", "message"), [
    ("/p/board-meeting-2012/seminars/seminar-1", "There is no seminar “seminar-1” in this programme."),
    ("/p/award-2023/cities/guangzhou", "There is no city “guangzhou” in this programme."),
    ("/p/board-meeting-2012/cities/kazan", "There is no city “kazan” in this programme."),
])
def test_an_entry_of_another_programme_is_not_found_here(client, two_programmes, url, message):
    assert error_page(client.get(url)) == (404, "Page not found", message)


def test_a_draft_programme_is_not_public(client, two_programmes):
    db.session.scalar(sa.select(Programme).filter_by(slug="board-meeting-2012")).status = "draft"
    db.session.commit()
    assert error_page(client.get("/p/board-meeting-2012/")) == (
        404, "Page not found", "There is no programme “board-meeting-2012”.")
    assert "Metropolis Board" not in text(client.get("/"))


def test_an_archived_programme_goes_to_the_archive_before_its_end(client, two_programmes, clock):
    db.session.scalar(sa.select(Programme).filter_by(slug="award-2023")).status = "archived"
    db.session.commit()
    page = text(client.get("/"))
    assert "No programme is under way or announced" in page
    assert page.split(" Archive ", 1)[1].strip().startswith(
        "6th Guangzhou International Award for Urban Innovation 1 Nov – 9 Dec 2023 Metropolis Board")
    assert "Upcoming seminars" not in page


def test_the_2012_meeting_shows_its_timetable_in_guangzhou_time_first(client, two_programmes):
    page = text(client.get("/p/board-meeting-2012/?tz=America/Bogota"))
    assert ("Board meeting venue (Guangzhou), Guangzhou, Guangdong, China · Map (OpenStreetMap)") in page
    assert "Timetable The hours are placeholders until the organisers announce them. Wed, 14 Nov 2012" in page
    assert ("Forum · Placeholder hours Metropolis Mayors' Forum on Innovation Thu, 15 Nov 2012 09:00–12:30 China Time "
            "(Asia/Shanghai, UTC+8) = Wed, 14 Nov 2012 , 20:00–23:30 Colombia Time, UTC-5 different date") in page
    days = [day for day in ("Wed, 14 Nov 2012 Meeting", "Thu, 15 Nov 2012 Forum", "Fri, 16 Nov 2012 Meeting",
                            "Sat, 17 Nov 2012 Meeting") if day in page]
    assert len(days) == 4
    html = client.get("/p/board-meeting-2012/").get_data(as_text=True)
    assert ('<a href="https://www.openstreetmap.org/?mlat=23.129110&amp;mlon=113.264385#map=17/23.129110/113.264385"'
            ' rel="noopener">Map (OpenStreetMap)</a>') in html
