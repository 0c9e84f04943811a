"""The seminar form: an edit reaches feeds, pages, reminders and registrants in one transaction,
and every refused edit says why beside the field and changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Event, OutboxMessage, Registration
from app.reminders.service import queue_due
from app.seminars.expand import claim, expand_chunk
from tests.conftest import SEMINAR_TWO_DETAILS
from tests.app.helpers.auth import notices
from tests.app.helpers.fanout import finish_fanouts
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import field_errors, seminar_form, signed_in
from tests.app.helpers.reminders import outbox, reminders, seat, seminar

UTC = dt.timezone.utc
URL = "/organise/p/award-2023/seminars/seminar-2"


@pytest.fixture()
def programme(seminar_one, make_seminar, make_seminar_two, make_city, make_initiative):
    """Seminar 1 of the demo series, its seminar 2 (Tue 7 Nov 2023, 19:30-21:00 in Asia/Shanghai, its
    Zoom meeting, Jakarta presenting) and seminar 3: the rows the form's rules and feeds read."""
    s2 = make_seminar_two(event=seminar_one.event, **SEMINAR_TWO_DETAILS)
    make_initiative(s2, city=make_city(slug="jakarta", name="Jakarta", country="Indonesia", timezone="Asia/Jakarta"),
                    title="Reclaiming spaces for children using public transportation through the Navi Station "
                          "initiative", position=1)
    make_seminar(event=seminar_one.event, number=3, slug="seminar-3", title="Beyond smart city",
                 starts_at=dt.datetime(2023, 11, 8, 12, 30, tzinfo=UTC),
                 ends_at=dt.datetime(2023, 11, 8, 14, 0, tzinfo=UTC))
    return s2


def _edit(client, which="seminar-2", **changes):
    data = {**seminar_form(seminar(which)), **changes}
    return post_form(client, f"/organise/p/award-2023/seminars/{which}",
                     {k: v for k, v in data.items() if v is not None})


def _state(slug="seminar-2"):
    db.session.expire_all()
    s = seminar(slug)
    return (s.starts_at, s.ends_at, s.status, s.sequence, s.join_url, s.capacity, s.title,
            db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)),
            db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)))


def test_seminar_move_reaches_feed_sequence_etag_reminders_and_registrants(client, programme, clock):
    s2 = seminar("seminar-2")
    for email, zone, status in (("ana@example.org", "America/Bogota", "confirmed"),
                                ("ben@example.org", "Europe/Berlin", "confirmed"),
                                ("pat@example.org", "Asia/Kolkata", "pending"),
                                ("cy@example.org", "UTC", "cancelled")):
        seat(s2, email, zone, confirmed_at=clock(), status=status)
    before = client.get("/calendars/cities/jakarta.ics")
    assert "DTSTART;TZID=Asia/Jakarta:20231107T183000\r\n" in before.get_data(as_text=True)
    clock.now = dt.datetime(2023, 11, 6, 11, 31, tzinfo=UTC)  # the 24-hour reminders are due
    queue_due(clock())
    db.session.commit()
    assert outbox() == [("reminder", "ana@example.org", "pending"), ("reminder", "ben@example.org", "pending")]
    sequence = seminar("seminar-2").sequence
    signed_in(client)  # a day later: the console session of the day before has expired (CONSOLE_IDLE_MINUTES)

    response = _edit(client, start="20:30", end="22:00")

    assert response.status_code == 303 and response.headers["Location"] == URL
    page = client.get(URL).get_data(as_text=True)
    assert "Seminar 2 saved (Starts and Ends). Emails are being queued to 2 registrants." in page
    assert '<p class="muted" id="emails-progress">0 of 2 emails queued</p>' in page
    finish_fanouts()
    s2 = seminar("seminar-2")
    assert (s2.starts_at, s2.ends_at) == (dt.datetime(2023, 11, 7, 12, 30, tzinfo=UTC),
                                          dt.datetime(2023, 11, 7, 14, 0, tzinfo=UTC))
    assert s2.sequence == sequence + 1
    after = client.get("/calendars/cities/jakarta.ics")
    body = after.get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Jakarta:20231107T193000\r\n" in body
    assert "DTSTART;TZID=Asia/Jakarta:20231107T183000" not in body
    assert f"SEQUENCE:{sequence + 1}\r\n" in body.split("UID:seminar-seminar-2@")[1].split("END:VEVENT")[0]
    assert after.headers["ETag"] != before.headers["ETag"]
    assert outbox() == [("reminder", "ana@example.org", "withdrawn"), ("reminder", "ben@example.org", "withdrawn"),
                        ("moved", "ana@example.org", "pending"), ("moved", "ben@example.org", "pending")]
    subjects = db.session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.key.like("moved:%"))
                                  .order_by(OutboxMessage.id)).all()
    assert subjects == ["New time: Seminar 2 is now Tue, 7 Nov 2023 07:30 Colombia Time",
                        "New time: Seminar 2 is now Tue, 7 Nov 2023 13:30 Central European Time"]
    # The pending reminders follow the new time: one hour before 20:30 UTC+8, only the latest is sent.
    clock.now = dt.datetime(2023, 11, 7, 11, 31, tzinfo=UTC)
    queue_due(clock())
    db.session.commit()
    assert sorted(reminders()) == [
        ("ana@example.org", 60, "queued", ""), ("ana@example.org", 1440, "queued", ""),
        ("ana@example.org", 1440, "skipped", "superseded"), ("ben@example.org", 60, "queued", ""),
        ("ben@example.org", 1440, "queued", ""), ("ben@example.org", 1440, "skipped", "superseded")]
    assert [key for key, _, status in outbox() if status == "pending"] == ["moved", "moved", "reminder", "reminder"]
    public = client.get("/p/award-2023/seminars/seminar-2?tz=Asia/Shanghai").get_data(as_text=True)
    assert '<span class="hours">20:30–22:00</span>' in public and '<span class="hours">19:30–21:00</span>' not in public
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "seminar"))
    assert (entry.action, entry.actor, entry.key, entry.summary) == (
        "moved", "editor@example.org", "seminar-2", "2 registrants emailed; 2 queued reminders withdrawn")
    assert entry.changes == {"starts_at": ["2023-11-07T19:30+08:00", "2023-11-07T20:30+08:00"],
                             "ends_at": ["2023-11-07T21:00+08:00", "2023-11-07T22:00+08:00"]}


def test_seminar_move_without_notify_emails_nobody_but_withdraws_reminders(client, programme, clock):
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=clock())
    clock.now = dt.datetime(2023, 11, 6, 11, 31, tzinfo=UTC)
    queue_due(clock())
    db.session.commit()
    signed_in(client)
    data = seminar_form(seminar("seminar-2"))
    del data["notify"]  # an unticked box is not sent
    response = post_form(client, URL, {**data, "start": "21:00", "end": "22:30"})
    assert response.status_code == 303
    assert outbox() == [("reminder", "ana@example.org", "withdrawn")]
    assert "Seminar 2 saved (Starts and Ends). No registrant was emailed." in client.get(URL).get_data(as_text=True)


def test_seminar_cancellation_tells_registrants_and_stays_visible(editor_client, programme, clock):
    client = editor_client
    s2 = seminar("seminar-2")
    seat(s2, "ana@example.org", confirmed_at=clock())
    seat(s2, "wes@example.org", "Europe/Berlin", confirmed_at=clock(), status="waitlisted")
    sequence = s2.sequence
    response = _edit(client, status="cancelled", note="The speakers cannot travel.")
    assert response.status_code == 303
    assert seminar("seminar-2").status == "cancelled" and seminar("seminar-2").sequence == sequence + 1
    finish_fanouts()
    assert outbox() == [("seminar-cancelled", "ana@example.org", "pending"),
                        ("seminar-cancelled", "wes@example.org", "pending")]
    text = db.session.scalar(sa.select(OutboxMessage.text_body).where(OutboxMessage.recipient == "ana@example.org"))
    assert "A word from the organisers:\nThe speakers cannot travel.\n" in text
    assert '<p class="notice danger">This seminar has been cancelled.</p>' in client.get(
        "/p/award-2023/seminars/seminar-2").get_data(as_text=True)
    assert "STATUS:CANCELLED\r\n" in client.get("/calendars/seminars/seminar-2.ics").get_data(as_text=True)
    # A cancelled seminar stays cancelled.
    again = _edit(client, status="scheduled")
    assert again.status_code == 400
    assert field_errors(again.get_data(as_text=True)) == [
        "Seminar 2 was cancelled and registrants were told; it stays cancelled. Add a new seminar for a new date."]


def test_seminar_meeting_link_fix_raises_sequence_and_join_links_follow(editor_client, programme, clock):
    client = editor_client
    registration = seat(seminar("seminar-2"), "ana@example.org", confirmed_at=clock())
    sequence = seminar("seminar-2").sequence
    response = _edit(client, join_url="https://zoom.us/j/99999999999", passcode="777777")
    assert response.status_code == 303
    assert seminar("seminar-2").sequence == sequence + 1
    assert outbox() == []  # the personal /join link and the next reminder carry the new meeting
    joined = client.get(f"/join/{registration.join_token}")
    assert (joined.status_code, joined.headers["Location"]) == (302, "https://zoom.us/j/99999999999")
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "seminar"))
    assert entry.changes == {"join_url": ["https://zoom.us/j/84265828099", "https://zoom.us/j/99999999999"],
                             "passcode": ["214172", "777777"]}


def _full_with_one_waiting(clock) -> None:
    """Seminar 2 with one seat, taken by ana, and wes on the waiting list."""
    s2 = seminar("seminar-2")
    s2.capacity = 1
    db.session.commit()
    seat(s2, "ana@example.org", confirmed_at=clock())
    seat(s2, "wes@example.org", confirmed_at=clock(), status="waitlisted")


def test_seminar_more_seats_promote_the_waiting_list(editor_client, programme, clock):
    client = editor_client
    _full_with_one_waiting(clock)
    lower = _edit(client, capacity="0")
    assert field_errors(lower.get_data(as_text=True)) == ["Number must be between 1 and 1000000."]
    assert _edit(client, capacity="2").status_code == 303
    statuses = db.session.execute(sa.select(Registration.status).order_by(Registration.id)).scalars().all()
    assert statuses == ["confirmed", "confirmed"]
    assert outbox() == []  # the request recorded the promotion; the fan-out job queues its email
    finish_fanouts()
    assert outbox() == [("promoted", "wes@example.org", "pending")]


def test_seminar_capacity_below_taken_seats_is_refused(editor_client, programme, clock):
    client = editor_client
    for email in ("a@example.org", "b@example.org"):
        seat(seminar("seminar-2"), email, confirmed_at=clock())
    before = _state()
    response = _edit(client, capacity="1")
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == [
        "2 seats are already taken; the capacity cannot be lower. Registrants can give up their seat from "
        "their manage page."]
    assert _state() == before


def _refused(client, expected: list[str], **changes):
    before = _state()
    response = _edit(client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[:300]
    assert "Nothing was saved. Please correct the fields marked below." in html
    assert field_errors(html) == expected
    assert _state() == before


def test_seminar_form_refuses_bad_input_beside_the_field(editor_client, programme, clock):
    client = editor_client
    _refused(client, ["The end must be after the start (give an end date if it runs past midnight)."],
             start="21:00", end="20:00")
    _refused(client, ["“Mars/Olympus_Mons” is not a time zone we know. Use an IANA name such as Europe/Berlin, "
              "America/Bogota or Asia/Shanghai."],
             timezone="Mars/Olympus_Mons")
    _refused(client, ["Give an address that starts with http:// or https://."], join_url="javascript:alert(1)")
    _refused(client, ["Give an address that starts with http:// or https://."], join_url="ftp://zoom.us/j/1")
    _refused(client, ["Another seminar already uses the address name “seminar-3”."], slug="seminar-3")
    _refused(client, ["This event already has a Seminar 3."], number="3")
    _refused(client, ["Remove the line break at position 5: this field takes a single line."],
             title="Evil\r\nBcc: all@example.org")
    _refused(client, ["The new start is in the past."], date="2023-10-29")
    _refused(client, ["Not a valid date value."], date="7 November")
    _refused(client, ["“new” is the address of the form for a new entry; choose another name."], slug="new")


def test_seminar_form_wall_time_skipped_by_dst_is_refused(editor_client, programme, clock):
    client = editor_client
    _refused(client, ["Sun, 26 Mar 2028 02:30 in Europe/Berlin does not exist: the clocks skip that hour for a "
                      "daylight-saving change. Choose another time."],
             timezone="Europe/Berlin", date="2028-03-26", start="02:30", end="04:00")


def test_seminar_form_ambiguous_wall_time_asks_which_one(editor_client, programme, clock):
    client = editor_client
    changes = dict(timezone="Europe/Berlin", date="2028-10-29", start="02:30", end="04:00")
    before = _state()
    response = _edit(client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _state() == before
    assert field_errors(html) == ["Sun, 29 Oct 2028 02:30 in Europe/Berlin happens twice because the clocks go "
                                  "back: first at UTC+2, then at UTC+1. Choose one."]
    assert ('<input id="start_fold-0" name="start_fold" type="radio" value="0"> The first 02:30, at UTC+2 '
            '(before the clocks go back)') in html
    assert ('<input id="start_fold-1" name="start_fold" type="radio" value="1"> The second 02:30, at UTC+1 '
            '(after the clocks go back)') in html
    assert _edit(client, start_fold="1", **changes).status_code == 303
    assert seminar("seminar-2").starts_at == dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC)
    edit_page = client.get(URL).get_data(as_text=True)  # the choice is shown again, as saved
    assert ('<input checked id="start_fold-1" name="start_fold" type="radio" value="1"> The second 02:30'
            in edit_page)
    assert _edit(client, start_fold="0", **changes).status_code == 303
    assert seminar("seminar-2").starts_at == dt.datetime(2028, 10, 29, 0, 30, tzinfo=UTC)


def test_seminar_edit_page_carries_no_hidden_dst_choice(editor_client, programme, clock):
    """Moving a seminar onto a time that happens twice must ask, whatever its old time was."""
    client = editor_client
    html = client.get(URL).get_data(as_text=True)
    assert 'name="start_fold"' not in html and 'name="end_fold"' not in html


def test_seminar_hostile_title_is_escaped_everywhere(editor_client, programme, clock):
    client = editor_client
    title = '<script>alert("x")</script> & <b>bold</b>'
    assert _edit(client, title=title).status_code == 303
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    for url in ("/p/award-2023/seminars/seminar-2", "/p/award-2023/", URL, "/organise/p/award-2023/",
                "/organise/audit"):
        html = client.get(url).get_data(as_text=True)
        assert escaped in html and "<script>alert" not in html, url
    assert f"SUMMARY:Seminar 2: {title.replace(',', chr(92) + ',')}" in client.get(
        "/calendars/seminars/seminar-2.ics").get_data(as_text=True).replace("\r\n ", "")


def test_seminar_add_appears_on_pages_and_feeds(editor_client, programme, clock):
    client = editor_client
    event_id = seminar("seminar-1").event_id
    data = {"event": str(event_id), "number": "5", "slug": "", "title": "Cities and heat", "theme": "",
            "timezone": "Asia/Shanghai", "date": "2023-11-10", "start": "20:30", "end": "22:00",
            "meeting_provider": "Zoom", "join_url": "https://zoom.us/j/1234567890", "meeting_id": "123 456 7890",
            "passcode": "42", "capacity": "", "reminders": ["1440"], "status": "scheduled"}
    response = post_form(client, "/organise/p/award-2023/seminars/new", data)
    assert (response.status_code, response.headers["Location"]) == (303, "/organise/p/award-2023/seminars/seminar-5")
    added = seminar("seminar-5")
    assert (added.starts_at, added.reminder_offsets, added.sequence) == (
        dt.datetime(2023, 11, 10, 12, 30, tzinfo=UTC), [1440], 0)
    assert "Cities and heat" in client.get("/p/award-2023/").get_data(as_text=True)
    feed = client.get("/calendars/programme.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Shanghai:20231110T203000\r\n" in feed
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.key == "seminar-5"))
    assert (entry.action, entry.changes["starts_at"]) == ("added", [None, "2023-11-10T20:30+08:00"])


def test_seminar_times_preview_shows_attendee_zones(editor_client):
    client = editor_client
    html = client.get("/organise/times?date=2023-11-07&start=19:30&end=21:00&timezone=Asia/Shanghai"
                      ).get_data(as_text=True)
    rows = [" ".join(cell.split()) for cell in __import__("re").findall(r"<tr[^>]*><td>(.*?)</tr>", html, 16)]
    assert len(rows) == 5
    assert "Tue, 7 Nov 2023</td><td class=\"nowrap\">19:30–21:00" in rows[0]
    assert "America/Bogota, UTC-5" in rows[3] and "06:30–08:00" in rows[3]
    gap = client.get("/organise/times?date=2028-03-26&start=02:30&end=04:00&timezone=Europe/Berlin")
    assert "does not exist: the clocks skip that hour" in gap.get_data(as_text=True)
    bad = client.get("/organise/times?date=nonsense&start=19:30&end=21:00&timezone=Asia/Shanghai")
    assert "Date: “nonsense” is not a valid date (YYYY-MM-DD)." in bad.get_data(as_text=True)


def test_seminar_moved_twice_sends_one_update_with_the_latest_time(editor_client, programme, clock):
    client = editor_client
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=clock())
    assert _edit(client, start="20:30", end="22:00").status_code == 303
    finish_fanouts()
    assert _edit(client, start="21:00", end="22:30").status_code == 303
    finish_fanouts()
    assert outbox() == [("moved", "ana@example.org", "withdrawn"), ("moved", "ana@example.org", "pending")]
    assert ("Seminar 2 saved (Starts and Ends). Emails are being queued to 1 registrant. 1 earlier update email "
            "not sent "
            "yet was withdrawn: it gave a time that is no longer true.") in client.get(URL).get_data(as_text=True)
    pending = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.status == "pending"))
    assert pending.subject == "New time: Seminar 2 is now Tue, 7 Nov 2023 08:00 Colombia Time"
    assert _edit(client, status="cancelled").status_code == 303
    finish_fanouts()
    assert outbox() == [("moved", "ana@example.org", "withdrawn"), ("moved", "ana@example.org", "withdrawn"),
                        ("seminar-cancelled", "ana@example.org", "pending")]


def test_seminar_form_opened_before_another_edit_is_refused(editor_client, programme, clock):
    client = editor_client
    stale = {**seminar_form(seminar("seminar-2")), "loaded": seminar("seminar-2").updated_at.isoformat()}
    assert post_form(client, "/organise/p/award-2023/seminars/seminar-2", {**seminar_form(seminar("seminar-2")),
                                                               "start": "18:30", "end": "20:00"}).status_code == 303
    moved = (seminar("seminar-2").starts_at, seminar("seminar-2").title)
    response = post_form(client, "/organise/p/award-2023/seminars/seminar-2", {**stale, "title": "Typo fixed"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ('<p class="notice danger" role="alert">Someone else saved this seminar after you opened it. Nothing was '
            'saved: reload the page to see their change, then make yours again.</p>') in html
    db.session.expire_all()
    assert (seminar("seminar-2").starts_at, seminar("seminar-2").title) == moved


def test_move_with_more_seats_tells_the_promoted_once(editor_client, programme, clock):
    client = editor_client
    _full_with_one_waiting(clock)
    data = {**seminar_form(seminar("seminar-2")), "start": "20:30", "end": "22:00", "capacity": "2"}
    assert post_form(client, "/organise/p/award-2023/seminars/seminar-2", data).status_code == 303
    finish_fanouts()
    assert outbox() == [("promoted", "wes@example.org", "pending"), ("moved", "ana@example.org", "pending")]


def test_seminar_keeps_its_event_when_that_event_is_not_a_series(editor_client, programme):
    client = editor_client
    event = db.session.scalar(sa.select(Event).where(Event.slug == "international-seminar-2023"))
    event.kind = "forum"
    db.session.commit()
    html = client.get("/organise/p/award-2023/seminars/seminar-2").get_data(as_text=True)
    assert (f'<option selected value="{event.id}">International Seminar on Learning from Urban Innovation</option>'
            in html)


def test_seminar_and_registrants_pages_show_how_far_the_emails_are_queued(editor_client, programme, app, clock):
    client = editor_client
    app.config["FANOUT_CHUNK"] = 2
    for name in ["ana", "ben", "chen"]:
        seat(seminar("seminar-2"), f"{name}@example.org", confirmed_at=clock())
    progress = '<p class="muted" id="emails-progress">'
    assert progress not in client.get(URL).get_data(as_text=True)
    assert _edit(client, start="20:30", end="22:00").status_code == 303
    assert f"{progress}0 of 3 emails queued</p>" in client.get(URL).get_data(as_text=True)
    fanout_id, held = claim(clock())
    expand_chunk(fanout_id, held, clock())
    assert f"{progress}2 of 3 emails queued</p>" in client.get(URL).get_data(as_text=True)
    assert f"{progress}2 of 3 emails queued</p>" in client.get(f"{URL}/registrants").get_data(as_text=True)
    clock.advance(minutes=3)
    finish_fanouts()
    # When finished: the instant in the zone the page is read in (the organisers' default, or ?tz=).
    assert f"{progress}All 3 emails queued at 14:19</p>" in client.get(URL).get_data(as_text=True)
    assert f"{progress}All 3 emails queued at 07:19</p>" in client.get(
        f"{URL}/registrants?tz=Europe/Berlin").get_data(as_text=True)


@pytest.mark.parametrize("language, expected", [
    ("en", "Seminar 2 saved (Title, Meeting ID and Seats)."),
    ("es", "Seminario 2 guardado (Título, ID de reunión y Plazas)."),
    ("zh_Hans", "第2场研讨会已保存（标题、会议号和名额）。"),
])
def test_the_saved_notice_names_the_fields_as_the_form_labels_them(editor_client, programme, language, expected):
    assert post_form(editor_client, "/organise/account", {"language": language, "submit": "Save"}).status_code == 303
    response = _edit(editor_client, title="Safer streets", meeting_id="999 1234 5678", capacity="40")
    assert response.status_code == 303
    assert notices(editor_client.get(URL).get_data(as_text=True)) == [expected]
