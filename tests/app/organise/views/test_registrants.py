"""A seminar's registrants in the console: counts and list, the CSV export, announcements by email."""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, OutboxMessage
from tests.conftest import SEMINAR_TWO_DETAILS
from tests.app.helpers.fanout import finish_fanouts
from tests.app.helpers.forms import form_token
from tests.app.helpers.organise import field_errors
from tests.app.helpers.registration import deliver, html_of, text_of
from tests.app.helpers.reminders import outbox, seat, seminar

UTC = dt.timezone.utc
LONG_AGO = dt.datetime(2023, 10, 29, 8, 0, tzinfo=UTC)
REGISTRANTS = "/organise/p/award-2023/seminars/seminar-2/registrants"
ANNOUNCE = "/organise/p/award-2023/seminars/seminar-2/announce"
HEADER = ("name,email,organisation,place,timezone,status,registered_utc,confirmed_utc,cancelled_utc,"
          "reminders_minutes_before")


@pytest.fixture()
def seminars(make_event, make_seminar, make_seminar_two):
    """The demo's seminars 2 (Tue 7 Nov 2023, 19:30-21:00 in Asia/Shanghai, its Zoom meeting) and 3."""
    event = make_event(slug="international-seminar-2023",
                       title="International Seminar on Learning from Urban Innovation")
    make_seminar(event=event, number=3, slug="seminar-3", title="Beyond smart city",
                 starts_at=dt.datetime(2023, 11, 8, 12, 30, tzinfo=UTC),
                 ends_at=dt.datetime(2023, 11, 8, 14, 0, tzinfo=UTC))
    return make_seminar_two(event=event, **SEMINAR_TWO_DETAILS)


def seat_at(slug: str, email: str, status: str = "confirmed", *, minute: int, zone: str = "America/Bogota",
            name: str = "Ana María", organisation: str = "", place: str = ""):
    """A registration made at a known instant (LONG_AGO + ``minute``), so lists have a known order."""
    registration = seat(seminar(slug), email, zone, confirmed_at=LONG_AGO + dt.timedelta(minutes=minute),
                        status=status, name=name)
    registration.created_at = LONG_AGO + dt.timedelta(minutes=minute)
    if status == "cancelled":
        registration.cancelled_at = LONG_AGO + dt.timedelta(hours=1)
    registration.registrant.organisation, registration.registrant.place = organisation, place
    db.session.commit()
    return registration


def seat_everyone() -> None:
    """Seminar 2: two confirmed (Bogotá, Kolkata), one waitlisted, one pending, one cancelled."""
    seat_at("seminar-2", "ana@example.org", minute=1)
    seat_at("seminar-2", "ravi@example.org", minute=2, zone="Asia/Kolkata", name="Ravi")
    seat_at("seminar-2", "wen@example.org", "waitlisted", minute=3, zone="Asia/Shanghai", name="Wen")
    seat_at("seminar-2", "pat@example.org", "pending", minute=4, name="Pat")
    seat_at("seminar-2", "carl@example.org", "cancelled", minute=5, zone="Europe/Berlin", name="Carl")
    seat_at("seminar-3", "tom@example.org", minute=6, name="Tom")  # another seminar's registrant


def counts(page: str) -> list[tuple[str, int]]:
    return [(label, int(n)) for label, n in re.findall(r">([A-Z][a-z ]+) <strong>(\d+)</strong></a>", page)]


def rows(page: str) -> list[tuple[str, str, str]]:
    """The registrants table as (name, email, status)."""
    return re.findall(r'<tr><td>([^<]*)</td><td>([^<]*)</td>.*?<span class="badge">([^<]*)</span>', page, re.S)


def nonce(page: str) -> str:
    return re.search(r'name="nonce" type="hidden" value="([^"]+)"', page).group(1)


def announcement_form(client, subject: str, body: str) -> dict:
    """The announcement form as its page fills it in (a fresh nonce, the CSRF token)."""
    page = client.get(ANNOUNCE).get_data(as_text=True)
    return {"nonce": nonce(page), "subject": subject, "body": body, "csrf_token": form_token(client, ANNOUNCE)}


def flashes(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="notice[^"]*" role="status">([^<]+)</p>', page)]


def test_registrants_page_counts_every_status_and_lists_them_in_order(editor_client, seminars):
    client = editor_client
    seat_everyone()
    page = client.get(REGISTRANTS).get_data(as_text=True)
    assert counts(page) == [("All", 5), ("Confirmed", 2), ("Waiting list", 1), ("Pending", 1), ("Cancelled", 1)]
    assert rows(page) == [("Ana María", "ana@example.org", "confirmed"), ("Ravi", "ravi@example.org", "confirmed"),
                          ("Wen", "wen@example.org", "waitlisted"), ("Pat", "pat@example.org", "pending"),
                          ("Carl", "carl@example.org", "cancelled")]
    assert '<td class="nowrap">2023-10-29 08:01</td>' in page


def test_registrants_page_with_a_status_lists_only_those(editor_client, seminars):
    client = editor_client
    seat_everyone()
    seat_at("seminar-2", "wanda@example.org", "waitlisted", minute=7, name="Wanda")
    page = client.get(f"{REGISTRANTS}?status=waitlisted").get_data(as_text=True)
    assert rows(page) == [("Wen", "wen@example.org", "waitlisted"), ("Wanda", "wanda@example.org", "waitlisted")]
    assert counts(page) == [("All", 6), ("Confirmed", 2), ("Waiting list", 2), ("Pending", 1), ("Cancelled", 1)]
    assert 'href="/organise/p/award-2023/seminars/seminar-2/registrants?status=waitlisted" aria-current="true"' in page
    assert len(rows(client.get(f"{REGISTRANTS}?status=nonsense").get_data(as_text=True))) == 6


def test_registrants_page_of_an_unknown_seminar_is_404(editor_client):
    client = editor_client
    response = client.get("/organise/p/award-2023/seminars/seminar-99/registrants")
    assert response.status_code == 404
    assert "Error 404" in response.get_data(as_text=True)


def test_registrants_csv_is_utf8_with_a_bom_and_neutralises_formulas(editor_client, seminars):
    client = editor_client
    seat_at("seminar-2", "eve@example.org", minute=1, name='=HYPERLINK("http://evil")', organisation="+cmd",
            place="-2+3")
    seat_at("seminar-2", "sum@example.org", "cancelled", minute=2, zone="Asia/Kolkata", name="@SUM(A1)",
            organisation="\tTabbed", place="Pune")
    seat_at("seminar-2", "team@example.org", "waitlisted", minute=3, zone="America/Sao_Paulo",
            name="São Paulo Team", organisation="Prefeitura de São Paulo", place="São Paulo")
    seat_at("seminar-3", "tom@example.org", minute=4, name="Tom")
    response = client.get(f"{REGISTRANTS}.csv")
    assert response.status_code == 200
    assert (response.mimetype, response.headers["Content-Disposition"], response.headers["Cache-Control"]) == (
        "text/csv", 'attachment; filename="seminar-2-registrants.csv"', "no-store")
    assert response.data.startswith(b"\xef\xbb\xbf" + HEADER.encode("ascii") + b"\r\n")
    assert "São Paulo Team".encode("utf-8") in response.data
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert table == [
        HEADER.split(","),
        ["'=HYPERLINK(\"http://evil\")", "eve@example.org", "'+cmd", "'-2+3", "America/Bogota", "confirmed",
         "2023-10-29T08:01:00Z", "2023-10-29T08:01:00Z", "", "1440 60"],
        ["'@SUM(A1)", "sum@example.org", "'\tTabbed", "Pune", "Asia/Kolkata", "cancelled",
         "2023-10-29T08:02:00Z", "", "2023-10-29T09:00:00Z", "1440 60"],
        ["São Paulo Team", "team@example.org", "Prefeitura de São Paulo", "São Paulo", "America/Sao_Paulo",
         "waitlisted", "2023-10-29T08:03:00Z", "", "", "1440 60"],
    ]


def test_announcement_queues_one_email_per_confirmed_registrant_in_their_zone(editor_client, seminars, clock, smtp):
    client = editor_client
    seat_everyone()
    seat_at("seminar-3", "ana@example.org", minute=8)  # Ana's other seat is not told about Seminar 2
    page = client.get(ANNOUNCE).get_data(as_text=True)
    assert "2 confirmed registrants will get this message" in page
    body = "The slides are online.\nPlease join ten minutes early."
    response = client.post(ANNOUNCE, data=announcement_form(client, "Slides and running order", body))
    assert (response.status_code, response.headers["Location"]) == (303, REGISTRANTS)
    listing = client.get(REGISTRANTS).get_data(as_text=True)
    assert flashes(listing) == ["Your message is being queued for 2 confirmed registrants."]
    assert '<p class="muted" id="emails-progress">0 of 2 emails queued</p>' in listing
    assert outbox() == []
    finish_fanouts()
    assert outbox() == [("announce", "ana@example.org", "pending"), ("announce", "ravi@example.org", "pending")]
    sent = {m["To"]: m for m in deliver(clock, smtp)}
    assert sorted(sent) == ["ana@example.org", "ravi@example.org"]
    assert {m["Subject"] for m in sent.values()} == {"Seminar 2: Slides and running order"}
    text = text_of(sent["ana@example.org"])
    assert text.startswith("Hello Ana María,\n\nA message from the organisers about Seminar 2:\n\n"
                           "The slides are online.\nPlease join ten minutes early.\n\n"
                           "Seminar 2: Leaving no one and no place behind\n"
                           "  When:  Tue, 7 Nov 2023, 06:30–08:00 Colombia Time (America/Bogota, UTC-5)\n"
                           "         = Tue, 7 Nov 2023, 19:30–21:00 China Time (Asia/Shanghai, UTC+8)\n"
                           "  Join:  http://127.0.0.1:5000/join/")
    assert "\n  Zoom meeting ID: 842 6582 8099\n  Passcode: 214172\n" in text
    assert "  When:  Tue, 7 Nov 2023, 17:00–18:30 India Time (Asia/Kolkata, UTC+5:30)\n" in \
           text_of(sent["ravi@example.org"])
    [entry] = db.session.scalars(sa.select(AuditEntry)).all()
    assert (entry.action, entry.kind, entry.key, entry.changes, entry.summary, entry.actor) == (
        "announced", "seminar", "seminar-2", {"subject": [None, "Slides and running order"]},
        "2 confirmed registrants emailed", "editor@example.org")


def test_announcement_form_sent_twice_queues_once(editor_client, seminars, clock, smtp):
    client = editor_client
    seat_everyone()
    form = announcement_form(client, "Running order", "Ramallah presents first.")
    nothing_new = ["Nothing new was queued: this message was already sent, or the seminar has no "
                   "confirmed registrants."]
    assert client.post(ANNOUNCE, data=form).status_code == 303
    assert flashes(client.get(REGISTRANTS).get_data(as_text=True)) == [
        "Your message is being queued for 2 confirmed registrants."]
    again = client.post(ANNOUNCE, data=form)  # a double click, before delivery
    assert (again.status_code, again.headers["Location"]) == (303, REGISTRANTS)
    assert flashes(client.get(REGISTRANTS).get_data(as_text=True)) == nothing_new
    assert len(deliver(clock, smtp)) == 2
    assert client.post(ANNOUNCE, data=form).status_code == 303  # the back button, after delivery
    assert flashes(client.get(REGISTRANTS).get_data(as_text=True)) == nothing_new
    assert outbox() == [("announce", "ana@example.org", "sent"), ("announce", "ravi@example.org", "sent")]
    assert deliver(clock, smtp) == []
    assert [e.action for e in db.session.scalars(sa.select(AuditEntry))] == ["announced"]


def test_announcement_with_a_line_break_in_the_subject_is_refused(editor_client, seminars):
    client = editor_client
    seat_everyone()
    form = announcement_form(client, "Hello\r\nBcc: everyone@example.net", "Hi.")
    response = client.post(ANNOUNCE, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was sent. Please correct the fields marked below." in page
    assert field_errors(page) == ["Remove the line break at position 6: this field takes a single line."]
    assert outbox() == []
    assert db.session.scalars(sa.select(AuditEntry)).all() == []


def test_announcement_escapes_markup_in_the_html_part(editor_client, seminars, clock, smtp):
    client = editor_client
    seat_at("seminar-2", "ana@example.org", minute=1)
    body = "<script>alert(1)</script> Q&A after the talks"
    assert client.post(ANNOUNCE, data=announcement_form(client, "Q&A <b>tonight</b>", body)).status_code == 303
    [message] = deliver(clock, smtp)
    assert message["Subject"] == "Seminar 2: Q&A <b>tonight</b>"
    part = html_of(message)
    assert "<script>" not in part and "<b>tonight" not in part
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Q&amp;A after the talks</p>" in part
    assert '<h1 style="font-size:22px;margin:0 0 12px">Q&amp;A &lt;b&gt;tonight&lt;/b&gt;</h1>' in part
    assert "\n<script>alert(1)</script> Q&A after the talks\n" in text_of(message)
    stored = db.session.scalar(sa.select(OutboxMessage.subject))
    assert stored == "Seminar 2: Q&A <b>tonight</b>"
