"""The single-programme service's feed URLs keep answering, directly (calendar clients do not all
follow a redirect on a subscription), with the 2023 cycle's events under the same UIDs, TZIDs and
instants as before programmes existed (golden/feeds_before_programmes.json, captured from the
service at commit 808d297 with the demo loaded)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Programme
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from tests.conftest import FILES
from tests.app.feeds.test_routes import check_structure, expected_instants
from tests.icaljs import instants, read_with_icaljs, read_with_icalendar
from tests.strict_ical import libical_errors

BEFORE = json.loads((Path(__file__).parent / "golden" / "feeds_before_programmes.json").read_text(encoding="utf-8"))
#: The one entry that left the old programme feed: the 2012 meeting is its own programme now, under the same UID.
MOVED = ["event-metropolis-board-2012@127.0.0.1", None, "2012-11-14", "2012-11-18"]


@pytest.fixture()
def three_programmes(demo, clock):
    apply_programme(parse((FILES / "board-meeting-2012.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()


def reading(client, url: str) -> list[list]:
    response = client.get(url)
    assert (response.status_code, response.headers["Content-Type"]) == (200, "text/calendar; charset=utf-8"), url
    assert "Location" not in response.headers
    events = read_with_icalendar(response.get_data())["events"]
    return sorted([e["uid"], e["tzid"], e["start"], e["end"]] for e in events)


@pytest.mark.parametrize("url", sorted(BEFORE))
def test_old_feed_url_answers_directly_with_the_same_events(client, three_programmes, url):
    expected = [e for e in BEFORE[url] if e != MOVED]
    assert reading(client, url) == expected


def test_only_the_2012_meeting_left_the_old_programme_feed(client, three_programmes):
    assert [e for e in BEFORE["/calendars/programme.ics"] if e not in reading(client, "/calendars/programme.ics")] \
        == [MOVED]
    host, zone = "@127.0.0.1", "Asia/Shanghai"
    assert reading(client, "/calendars/p/board-meeting-2012/programme.ics") == sorted([MOVED] + [
        ["event-fmdv-board-2012" + host, zone, "2012-11-17T01:00:00.000Z", "2012-11-17T03:30:00.000Z"],
        ["event-guangzhou-award-ceremony-2012" + host, zone, "2012-11-15T11:00:00.000Z", "2012-11-15T13:30:00.000Z"],
        ["event-mayors-forum-on-innovation-2012" + host, zone, "2012-11-15T01:00:00.000Z", "2012-11-15T04:30:00.000Z"],
        ["event-metropolis-initiatives-2012" + host, zone, "2012-11-14T06:00:00.000Z", "2012-11-14T09:30:00.000Z"],
        ["event-metropolis-statutory-meetings-2012" + host, zone, "2012-11-16T01:00:00.000Z",
         "2012-11-16T09:00:00.000Z"],
        ["event-metropolis-women-network-2012" + host, zone, "2012-11-17T06:00:00.000Z", "2012-11-17T08:30:00.000Z"]])


@pytest.mark.parametrize(("old", "scoped"), [
    ("/calendars/programme.ics", "/calendars/p/award-2023/programme.ics"),
    ("/calendars/programme.ics?tz=America/Bogota", "/calendars/p/award-2023/programme.ics?tz=America/Bogota"),
    ("/calendars/cities/kazan.ics", "/calendars/p/award-2023/cities/kazan.ics"),
    ("/calendars/seminars/seminar-2.ics", "/calendars/p/award-2023/seminars/seminar-2.ics"),
])
def test_old_and_scoped_feed_urls_serve_the_same_bytes(client, three_programmes, old, scoped):
    assert client.get(old).get_data() == client.get(scoped).get_data()


def test_a_scoped_feed_has_its_own_identity(client, three_programmes):
    body = client.get("/calendars/p/board-meeting-2012/programme.ics").get_data(as_text=True)
    assert "PRODID:-//Guangzhou Award seminars//programme-board-meeting-2012//EN\r\n" in body
    assert "NAME:Metropolis Board of Directors Meeting\\, Guangzhou 2012\r\n" in body
    old = client.get("/calendars/programme.ics").get_data(as_text=True)
    assert "PRODID:-//Guangzhou Award seminars//programme//EN\r\n" in old
    assert "NAME:Guangzhou Award: programme\r\n" in old


@pytest.mark.parametrize(("url", "message"), [
    ("/calendars/p/award-2099/programme.ics", "There is no such programme.\n"),
    ("/calendars/p/board-meeting-2012/cities/kazan.ics", "There is no calendar feed for that city.\n"),
    ("/calendars/p/board-meeting-2012/seminars/seminar-1.ics", "There is no calendar feed for that seminar.\n"),
    ("/calendars/cities/guangzhou.ics", "There is no calendar feed for that city.\n"),
])
def test_a_feed_outside_its_programme_is_a_plain_404(client, three_programmes, url, message):
    response = client.get(url)
    assert (response.status_code, response.mimetype, response.get_data(as_text=True)) == (404, "text/plain", message)


def test_a_draft_programme_has_no_feed(client, three_programmes):
    db.session.scalar(sa.select(Programme).filter_by(slug="board-meeting-2012")).status = "draft"
    db.session.commit()
    assert client.get("/calendars/p/board-meeting-2012/programme.ics").status_code == 404


def test_a_session_at_a_venue_carries_its_address_coordinates_and_zone(client, three_programmes):
    body = client.get("/calendars/p/board-meeting-2012/programme.ics?tz=America/Bogota").get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    forum = unfolded.split("UID:event-mayors-forum-on-innovation-2012@127.0.0.1\r\n")[1].split("END:VEVENT")[0]
    assert "DTSTART;TZID=Asia/Shanghai:20121115T090000\r\nDTEND;TZID=Asia/Shanghai:20121115T123000\r\n" in forum
    assert "LOCATION:Board meeting venue (Guangzhou)\\, Guangzhou\\, Guangdong\\, China\r\n" in forum
    assert "GEO:23.129110;113.264385\r\n" in forum
    assert "DESCRIPTION:The hours are placeholders until the organisers announce them.\\n\\n" in forum
    # The feed's own zone and the venue's, each with its VTIMEZONE.
    assert "X-WR-TIMEZONE:America/Bogota\r\n" in body
    assert body.count("BEGIN:VTIMEZONE\r\nTZID:America/Bogota\r\n") == 1
    assert body.count("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n") == 1


@pytest.mark.parametrize("url", ["/calendars/p/board-meeting-2012/programme.ics",
                                 "/calendars/p/board-meeting-2012/programme.ics?tz=Pacific/Auckland"])
def test_the_2012_timetable_is_read_alike_by_icalendar_and_icaljs(client, three_programmes, url):
    body = client.get(url).get_data()
    check_structure(body)
    by_python, by_js = read_with_icalendar(body), read_with_icaljs(body)
    expected = expected_instants()
    assert len(instants(by_js)) == 7
    assert instants(by_python) == instants(by_js) == {uid: expected[uid] for uid in instants(by_js)}
    assert libical_errors(body) == []


def test_a_programme_read_from_the_cache_follows_its_edits(client, three_programmes, make_programme):
    assert client.get("/calendars/p/board-meeting-2013/programme.ics").status_code == 404
    make_programme(slug="board-meeting-2013", title="Board 2013", serves_old_urls=False)
    assert client.get("/calendars/p/board-meeting-2013/programme.ics").status_code == 200
    db.session.scalar(sa.select(Programme).filter_by(slug="board-meeting-2012")).title = "The 2012 meeting"
    db.session.commit()
    body = client.get("/calendars/p/board-meeting-2012/programme.ics").get_data(as_text=True)
    assert "NAME:The 2012 meeting\r\n" in body
