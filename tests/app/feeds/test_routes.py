"""Feeds over HTTP on SQLite and PostgreSQL, read by icalendar and by ical.js like real clients."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.feeds.cache import FeedCache
from app.models import City, Event, FeedToken, Initiative, Registrant, Registration, Seminar
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from app import invitations
from tests.app.helpers.organise import signed_in
from tests.icaljs import instants, read_with_icaljs, read_with_icalendar
from tests.strict_ical import libical_errors, timezone_properties
from calendars import zones
from tests.conftest import DEMO_FILE

UTC = dt.timezone.utc
HOST = "127.0.0.1"
PUBLIC_FEEDS = (["/calendars/programme.ics", "/calendars/programme.ics?tz=America/Bogota",
                 "/calendars/programme.ics?tz=UTC", "/calendars/seminars/seminar-4.ics?tz=Pacific/Auckland"]
                + [f"/calendars/seminars/seminar-{n}.ics" for n in (1, 2, 3, 4)])
CITY_SLUGS = ["xianning", "kazan", "tehran", "cape-town", "ramallah", "jakarta", "gwangju", "pimpri-chinchwad",
              "sao-paulo", "kampala", "antalya", "mannheim", "bogota", "halandri", "alcaldia-iztapalapa"]


def expected_instants() -> dict[str, tuple[str, str]]:
    """What the database says, as UTC instants (timed) or dates with the exclusive end (all-day)."""
    found = {}
    for s in db.session.scalars(sa.select(Seminar)):
        found[f"seminar-{s.slug}@{HOST}"] = (f"{s.starts_at:%Y-%m-%dT%H:%M:%S}.000Z",
                                             f"{s.ends_at:%Y-%m-%dT%H:%M:%S}.000Z")
    for e in db.session.scalars(sa.select(Event).where(Event.kind != "seminar-series")):
        found[f"event-{e.slug}@{HOST}"] = (
            (e.first_day.isoformat(), (e.last_day + dt.timedelta(days=1)).isoformat()) if e.all_day
            else (f"{e.starts_at:%Y-%m-%dT%H:%M:%S}.000Z", f"{e.ends_at:%Y-%m-%dT%H:%M:%S}.000Z"))
    return found


def get_feed(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True))
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.get_data()


def check_structure(body: bytes) -> None:
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 and b"\n" not in line and b"\r" not in line for line in lines)
    assert not any(line.startswith(b"METHOD") for line in lines)
    tzids = {line.split(b"TZID=")[1].split(b":")[0] for line in lines if b";TZID=" in line}
    for tzid in tzids:
        assert b"BEGIN:VTIMEZONE\r\nTZID:" + tzid + b"\r\n" in body
        assert zones.zone_name(tzid.decode()) == tzid.decode()  # canonical names only, never "Singapore"
    uids = [line for line in lines if line.startswith(b"UID:")]
    assert len(uids) == len(set(uids))


@pytest.mark.parametrize("url", PUBLIC_FEEDS + [f"/calendars/cities/{slug}.ics" for slug in CITY_SLUGS])
def test_feed_is_read_identically_by_icalendar_and_icaljs_and_matches_the_database(client, demo, url):
    body = get_feed(client, url)
    check_structure(body)
    by_python, by_js = read_with_icalendar(body), read_with_icaljs(body)
    expected = expected_instants()
    assert instants(by_python) == instants(by_js)
    assert {uid: expected[uid] for uid in instants(by_js)} == instants(by_js)
    assert by_js["method"] is None and by_js["prodid"] == by_python["prodid"]
    assert sorted(by_js["timezones"]) == sorted(by_python["timezones"])


def test_programme_feed_holds_every_event_and_seminar(client, demo):
    reading = read_with_icalendar(get_feed(client, "/calendars/programme.ics"))
    assert sorted(e["uid"] for e in reading["events"]) == sorted([
        f"seminar-seminar-{n}@{HOST}" for n in (1, 2, 3, 4)] + [f"event-{s}@{HOST}" for s in (
            "city-of-your-choice-2023", "award-ceremony-2023", "global-mayors-forum-2023")])
    assert reading["prodid"] == "-//Guangzhou Award seminars//programme//EN"


def test_city_feed_is_in_the_city_zone_with_its_initiative_first(client, demo):
    body = get_feed(client, "/calendars/cities/kazan.ics").decode()
    assert "DTSTART;TZID=Europe/Moscow:20231106T153000\r\n" in body
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\n" in body
    unfolded = body.replace("\r\n ", "")
    assert ("When: Mon\\, 6 Nov 2023\\, 15:30–17:00 Moscow Time (Europe/Moscow\\, UTC+3)\\n    = Mon\\, 6 Nov 2023\\, "
            "20:30–22:00 China Time (Asia/Shanghai\\, UTC+8)") in unfolded
    assert ("Presenting cities and initiatives:\\n- Kazan\\, Russia: Park to rest and recuperate\\n- Xianning\\, "
            "China:") in unfolded
    reading = read_with_icalendar(body.encode())
    assert [e["uid"] for e in reading["events"]] == [
        f"event-city-of-your-choice-2023@{HOST}", f"event-award-ceremony-2023@{HOST}", f"seminar-seminar-1@{HOST}"]


def test_feed_in_a_chosen_zone(client, demo):
    body = get_feed(client, "/calendars/cities/kazan.ics?tz=America/Bogota").decode()
    assert "DTSTART;TZID=America/Bogota:20231106T073000\r\n" in body
    assert "X-WR-TIMEZONE:America/Bogota\r\n" in body and "TZID:Europe/Moscow" not in body


def test_feed_in_utc_uses_z_times(client, demo):
    body = get_feed(client, "/calendars/seminars/seminar-1.ics?tz=Etc/UTC").decode()
    assert "DTSTART:20231106T123000Z\r\n" in body and "VTIMEZONE" not in body


def test_link_zone_names_become_canonical_in_feeds(client, demo):
    body = get_feed(client, "/calendars/seminars/seminar-1.ics?tz=Singapore").decode()
    assert "DTSTART;TZID=Asia/Singapore:20231106T203000\r\n" in body and "TZID=Singapore" not in body


def test_all_day_vote_is_a_date_range_with_exclusive_end(client, demo):
    body = get_feed(client, "/calendars/programme.ics").decode()
    vote = body[body.index("UID:event-city-of-your-choice-2023"):]
    assert vote.split("END:VEVENT")[0].count("DTSTART;VALUE=DATE:20231101\r\nDTEND;VALUE=DATE:20231201\r\n") == 1


@pytest.mark.parametrize("url", PUBLIC_FEEDS + [f"/calendars/cities/{slug}.ics" for slug in CITY_SLUGS])
def test_public_feeds_never_contain_meeting_details(client, demo, url):
    body = get_feed(client, url).replace(b"\r\n ", b"")
    for secret in (b"807001", b"214172", b"685581", b"011826", b"823 1893 7943", b"zoom.us/j"):
        assert secret not in body


def test_unknown_zone_is_a_400_with_a_message(client, demo):
    response = client.get("/calendars/programme.ics?tz=Mars/Olympus")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True) == (
        "“Mars/Olympus” is not a time zone we know. Use an IANA name such as Europe/Berlin, "
        "America/Bogota or Asia/Shanghai.\n")


@pytest.mark.parametrize(("url", "message"), [
    ("/calendars/cities/atlantis.ics", "There is no calendar feed for that city.\n"),
    ("/calendars/seminars/seminar-9.ics", "There is no calendar feed for that seminar.\n")])
def test_unknown_feed_is_a_404(client, demo, url, message):
    response = client.get(url)
    assert (response.status_code, response.get_data(as_text=True)) == (404, message)


def test_feed_ignores_the_visitor_zone_cookie(client, demo):
    client.set_cookie("tz", "Asia/Tokyo")
    body = get_feed(client, "/calendars/seminars/seminar-1.ics").decode()
    assert "DTSTART;TZID=Asia/Shanghai:20231106T203000\r\n" in body


def test_http_caching_headers_304_and_head(client, demo):
    first = client.get("/calendars/cities/jakarta.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith('W/')
    assert first.headers["Cache-Control"] == "max-age=300, public"
    assert first.headers["Content-Disposition"] == 'attachment; filename="guangzhou-award-jakarta.ics"'
    assert client.get("/calendars/cities/jakarta.ics", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/calendars/cities/jakarta.ics", headers={"If-Modified-Since": modified}).status_code == 304
    head = client.head("/calendars/cities/jakarta.ics")
    assert (head.status_code, head.get_data(), head.headers["ETag"]) == (200, b"", etag)
    assert head.headers["Content-Length"] == str(len(first.get_data()))


def test_moving_a_seminar_keeps_its_uid_bumps_sequence_and_changes_the_etag(client, demo, clock):
    before = client.get("/calendars/cities/jakarta.ics")
    clock.advance(days=1)
    moved = DEMO_FILE.read_text(encoding="utf-8").replace('start: "19:30"', 'start: "20:30"', 1).replace(
        'end: "21:00"', 'end: "22:00"', 1)
    apply_programme(parse(moved), now=clock())
    db.session.commit()
    after = client.get("/calendars/cities/jakarta.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    old = {e["uid"]: e for e in read_with_icalendar(before.get_data())["events"]}
    new = {e["uid"]: e for e in read_with_icalendar(after.get_data())["events"]}
    uid = f"seminar-seminar-2@{HOST}"
    assert set(old) == set(new)
    assert (old[uid]["sequence"], new[uid]["sequence"]) == (0, 1)
    assert (old[uid]["start"], new[uid]["start"]) == ("2023-11-07T11:30:00.000Z", "2023-11-07T12:30:00.000Z")
    assert "DTSTART;TZID=Asia/Jakarta:20231107T193000\r\n" in after.get_data(as_text=True)
    assert after.last_modified > before.last_modified


def test_unchanged_programme_serves_the_cached_feed(client, demo, app):
    first = client.get("/calendars/programme.ics").get_data()
    cache = app.extensions["feed_cache"]
    built = cache.feeds[("programme", "award-2023", "Asia/Shanghai", "en")]
    assert client.get("/calendars/programme.ics").get_data() == first
    assert cache.feeds[("programme", "award-2023", "Asia/Shanghai", "en")] is built


def test_editing_a_city_reaches_the_description(client, demo, clock):
    client.get("/calendars/seminars/seminar-1.ics")
    db.session.scalar(sa.select(City).filter_by(slug="kazan")).name = "Kazan'"
    db.session.commit()
    body = get_feed(client, "/calendars/seminars/seminar-1.ics").replace(b"\r\n ", b"").decode()
    assert "- Kazan'\\, Russia: Park to rest and recuperate" in body


def test_cancelled_seminar_stays_in_the_feed_as_cancelled(client, demo):
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-3")).status = "cancelled"
    db.session.commit()
    reading = read_with_icaljs(get_feed(client, "/calendars/programme.ics"))
    [event] = [e for e in reading["events"] if e["uid"] == f"seminar-seminar-3@{HOST}"]
    assert (event["status"], event["sequence"], event["summary"]) == (
        "CANCELLED", 1, "Cancelled: Seminar 3: Beyond smart city")


def test_hostile_title_stays_inside_its_property_for_both_parsers(client, demo):
    hostile = "Evil\nEND:VEVENT\nBEGIN:VEVENT\nUID:x;y,z\\"
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1")).title = hostile
    db.session.commit()
    body = get_feed(client, "/calendars/seminars/seminar-1.ics")
    check_structure(body)
    for reading in (read_with_icalendar(body), read_with_icaljs(body)):
        assert [e["summary"] for e in reading["events"]] == [f"Seminar 1: {hostile}"]


@pytest.fixture()
def registrant(app, demo):
    person = Registrant(email="ana@example.org", name="Ana", timezone="America/Bogota")
    db.session.add(person)
    for slug, status in (("seminar-1", "confirmed"), ("seminar-2", "pending"), ("seminar-4", "confirmed")):
        seminar = db.session.scalar(sa.select(Seminar).filter_by(slug=slug))
        db.session.add(Registration(registrant=person, seminar=seminar, status=status))
    token = FeedToken(registrant=person)
    db.session.add(token)
    db.session.commit()
    return token


def test_personal_feed_has_confirmed_seminars_with_meeting_details(client, registrant):
    response = client.get(f"/calendars/personal/{registrant.token}.ics")
    assert response.headers["Cache-Control"] == "max-age=300, private"
    body = response.get_data()
    check_structure(body)
    reading = read_with_icaljs(body)
    assert [e["uid"] for e in reading["events"]] == [f"seminar-seminar-1@{HOST}", f"seminar-seminar-4@{HOST}"]
    text = body.replace(b"\r\n ", b"").decode()
    assert "DTSTART;TZID=America/Bogota:20231106T073000\r\n" in text
    assert "Join: https://zoom.us/j/82318937943\\nMeeting ID: 823 1893 7943\\nPasscode: 807001" in text
    assert "Passcode: 011826" in text and "214172" not in text
    assert len(registrant.token) >= 22  # at least 128 bits in URL-safe base64


def test_revoked_or_unknown_personal_token_is_a_bare_404(client, registrant, clock):
    registrant.revoked_at = clock()
    db.session.commit()
    for token in (registrant.token, "A" * 32, "x" * 500):
        response = client.get(f"/calendars/personal/{token}.ics")
        assert (response.status_code, response.get_data()) == (404, b"")


def test_pages_offer_subscribe_and_add_links(client, demo):
    html = client.get("/p/award-2023/cities/sao-paulo").get_data(as_text=True)
    assert 'href="webcal://127.0.0.1:5000/calendars/p/award-2023/cities/sao-paulo.ics"' in html
    assert ('href="https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A5000%2Fcalendars'
            '%2Fp%2Faward-2023%2Fcities%2Fsao-paulo.ics"') in html
    assert ('href="https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2F127.0.0.1%3A5000%2Fcalendars'
            '%2Fp%2Faward-2023%2Fcities%2Fsao-paulo.ics&amp;name=Guangzhou+Award%3A+S%C3%A3o+Paulo"') in html
    assert 'value="http://127.0.0.1:5000/calendars/p/award-2023/cities/sao-paulo.ics"' in html
    seminar = client.get("/p/award-2023/seminars/seminar-1").get_data(as_text=True)
    assert "dates=20231106T123000Z%2F20231106T140000Z" in seminar
    assert "startdt=2023-11-06T12%3A30%3A00Z&amp;enddt=2023-11-06T14%3A00%3A00Z" in seminar
    assert 'href="/calendars/p/award-2023/seminars/seminar-1.ics" download' in seminar
    assert "A subscription follows later changes; a download is a copy that never changes." in seminar
    programme = client.get("/p/award-2023/").get_data(as_text=True)
    assert 'href="webcal://127.0.0.1:5000/calendars/p/award-2023/programme.ics"' in programme


def test_version_ttl_lets_a_worker_skip_the_database_for_a_while(client, demo, app):
    app.extensions["feed_cache"] = cache = FeedCache(version_ttl=3600)
    first = client.get("/calendars/seminars/seminar-1.ics")
    db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1")).title = "Renamed"
    db.session.commit()
    assert client.get("/calendars/seminars/seminar-1.ics").headers["ETag"] == first.headers["ETag"]
    cache.version_ttl = 0
    assert b"SUMMARY:Seminar 1: Renamed\r\n" in client.get("/calendars/seminars/seminar-1.ics").get_data()


def test_any_edit_reaches_a_cached_feed_even_without_updated_at(client, demo):
    client.get("/calendars/seminars/seminar-2.ics")
    initiative = db.session.scalar(sa.select(Initiative).join(City).where(City.slug == "gwangju"))
    initiative.title = "GwangJuness Community Care, second edition"
    db.session.commit()
    body = client.get("/calendars/seminars/seminar-2.ics").get_data().replace(b"\r\n ", b"")
    assert b"- Gwangju\\, Republic of Korea: GwangJuness Community Care\\, second edition" in body


def test_each_feed_has_its_own_stable_prodid_and_calendar_uid(client, demo, app):
    urls = ["/calendars/programme.ics", "/calendars/cities/kazan.ics", "/calendars/cities/jakarta.ics",
            "/calendars/seminars/seminar-1.ics"]
    first = [read_with_icalendar(get_feed(client, url))["prodid"] for url in urls]
    app.extensions["feed_cache"] = FeedCache()  # as after a restart
    again = [read_with_icalendar(get_feed(client, url))["prodid"] for url in urls]
    assert first == again == [
        "-//Guangzhou Award seminars//programme//EN", "-//Guangzhou Award seminars//city-kazan//EN",
        "-//Guangzhou Award seminars//city-jakarta//EN", "-//Guangzhou Award seminars//seminar-seminar-1//EN"]
    assert b"\r\nUID:feed-city-kazan@127.0.0.1\r\n" in get_feed(client, "/calendars/cities/kazan.ics")


def test_a_time_change_made_anywhere_raises_sequence_and_a_title_change_does_not(client, demo):
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1"))
    seminar.title = "New title"
    db.session.commit()
    assert seminar.sequence == 0
    seminar.starts_at += dt.timedelta(hours=1)
    seminar.ends_at += dt.timedelta(hours=1)
    db.session.commit()
    assert seminar.sequence == 1
    seminar.passcode = "999999"
    db.session.commit()
    [event] = read_with_icalendar(get_feed(client, "/calendars/seminars/seminar-1.ics"))["events"]
    assert (event["sequence"], event["start"]) == (2, "2023-11-06T13:30:00.000Z")


def test_a_deletion_moves_last_modified_forward(client, demo):
    before = client.get("/calendars/cities/kazan.ics")
    db.session.delete(db.session.scalar(sa.select(Initiative).join(City).where(City.slug == "tehran")))
    db.session.commit()
    after = client.get("/calendars/cities/kazan.ics", headers={"If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200 and after.last_modified >= before.last_modified
    assert b"Tehran" not in after.get_data() and b"Tehran" in before.get_data()


def test_moving_an_initiative_updates_both_seminars(client, demo):
    client.get("/calendars/seminars/seminar-1.ics")
    client.get("/calendars/seminars/seminar-3.ics")
    initiative = db.session.scalar(sa.select(Initiative).join(City).where(City.slug == "tehran"))
    initiative.seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-3"))
    db.session.commit()
    assert b"Tehran" not in get_feed(client, "/calendars/seminars/seminar-1.ics")
    assert b"- Tehran\\, Iran:" in get_feed(client, "/calendars/seminars/seminar-3.ics").replace(b"\r\n ", b"")


def test_a_small_cache_never_loses_what_a_request_needs(client, demo, app):
    app.extensions["feed_cache"] = FeedCache(max_events=2)
    for zone in ("UTC", "Asia/Tokyo", "America/Bogota"):
        reading = read_with_icalendar(get_feed(client, f"/calendars/programme.ics?tz={zone}"))
        assert len(reading["events"]) == 7


def test_a_hostile_city_name_is_escaped_in_the_calendar_name(client, demo):
    db.session.scalar(sa.select(City).filter_by(slug="kazan")).name = "Kazan, Tatarstan;\nEND:VCALENDAR"
    db.session.commit()
    body = get_feed(client, "/calendars/cities/kazan.ics")
    check_structure(body)
    assert b"\r\nX-WR-CALNAME:Guangzhou Award: Kazan\\, Tatarstan\\;\\nEND:VCALENDAR\r\n" in body
    assert len(read_with_icaljs(body)["events"]) == 3


def test_an_unknown_token_is_a_bare_404_whatever_the_zone(client, demo):
    response = client.get("/calendars/personal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics?tz=Mars/Olympus")
    assert (response.status_code, response.get_data()) == (404, b"")


def test_personal_last_modified_follows_the_registrant(client, registrant):
    before = client.get(f"/calendars/personal/{registrant.token}.ics")
    registration = db.session.scalar(sa.select(Registration).join(Seminar).where(Seminar.slug == "seminar-2"))
    registration.status = "confirmed"
    db.session.commit()
    after = client.get(f"/calendars/personal/{registrant.token}.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and b"Passcode: 214172" in after.get_data().replace(b"\r\n ", b"")
    assert after.last_modified >= registration.updated_at and after.last_modified >= before.last_modified


#: The STANDARD/DAYLIGHT blocks of a zone without summer time in the feed's span ...
NO_SUMMER_TIME = frozenset({frozenset({"DTSTART", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO"})})
#: ... and of one with it: the opening block, then each change with the RDATEs of later years.
SUMMER_TIME = NO_SUMMER_TIME | {frozenset({"DTSTART", "RDATE", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO"})}


@pytest.mark.parametrize(("url", "tzid", "observances"), [
    ("/calendars/programme.ics", "Asia/Shanghai", NO_SUMMER_TIME),
    ("/calendars/programme.ics?tz=Europe/Berlin", "Europe/Berlin", SUMMER_TIME),
    ("/calendars/cities/kazan.ics", "Europe/Moscow", NO_SUMMER_TIME),
    ("/calendars/cities/mannheim.ics", "Europe/Berlin", SUMMER_TIME),
    ("/calendars/seminars/seminar-1.ics", "Asia/Shanghai", NO_SUMMER_TIME),
    ("/calendars/seminars/seminar-4.ics?tz=Pacific/Auckland", "Pacific/Auckland", SUMMER_TIME),
])
def test_public_feed_timezone_holds_only_what_rfc_5545_allows_and_libical_accepts_it(client, demo, url, tzid,
                                                                                    observances):
    body = get_feed(client, url)
    assert timezone_properties(body) == {tzid: (frozenset({"TZID"}), observances)}
    assert libical_errors(body) == []


def test_personal_feed_and_invitation_timezones_hold_only_what_rfc_5545_allows(client, registrant):
    feed = get_feed(client, f"/calendars/personal/{registrant.token}.ics")
    person = registrant.registrant
    invitation = invitations.invitation(person, [r for r in person.registrations if r.status == "confirmed"],
                                   "REQUEST").encode()
    for body in (feed, invitation):
        assert timezone_properties(body) == {"America/Bogota": (frozenset({"TZID"}), NO_SUMMER_TIME)}
        assert libical_errors(body) == []


#: Set until create_app installs app.sessions.SessionInterface and app/extensions.py binds
#: app.sessions.LoginManager: strict, so the test reports (XPASS) the day they do.
@pytest.mark.parametrize(("url", "status"), [
    ("/calendars/programme.ics", 200), ("/calendars/cities/kazan.ics", 200), ("/calendars/seminars/seminar-1.ics", 200),
    ("/calendars/personal/{token}.ics", 200), ("/calendars/personal/{token}.ics?tz=Asia/Tokyo", 200),
    ("/calendars/programme.ics?tz=Nowhere/Else", 400), ("/calendars/cities/atlantis.ics", 404),
    ("/calendars/personal/unknown.ics", 404),
])
def test_feeds_do_not_vary_on_cookie_even_for_a_signed_in_organiser(client, registrant, url, status):
    # A feed depends on its URL alone (the personal one on the token in it): a shared cache may
    # store it. A session or zone cookie that comes along changes nothing and is not even read.
    url = url.format(token=registrant.token)
    anonymous = client.get(url)
    signed_in(client)
    client.set_cookie("tz", "Asia/Tokyo")
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]}) if status == 200 else first
    head = client.head(url)
    vary = "Accept-Encoding" if status == 200 else None  # a feed varies on its encoding, never on cookies
    assert [(r.status_code, r.headers.get("Vary"), r.headers.get("Set-Cookie")) for r in (anonymous, first, again, head)
            ] == [(status, vary, None), (status, vary, None), (304 if status == 200 else status, vary, None),
                  (status, vary, None)]


def test_pages_that_read_the_session_still_vary_on_cookie(client, demo):
    # Pages also vary on Accept-Language: their language may come from it (app/i18n.py).
    register = client.get("/p/award-2023/register")  # the form's CSRF token lives in the session
    assert (register.headers["Vary"], register.headers["Set-Cookie"].startswith("session=")) == (
        "Cookie, Accept-Language", True)
    signed_in(client)
    console = client.get("/organise/")
    assert (console.status_code, console.headers["Vary"]) == (200, "Cookie, Accept-Language")
