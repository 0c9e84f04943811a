"""In a real browser set to America/Bogota: vote, confirm from the emailed link, change one's mind;
a malformed address is refused beside its field; the announced result reads on a phone."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Ballot, OutboxMessage, Vote
from app.outbox.delivery import deliver_due
from app.vote import service

pytestmark = pytest.mark.e2e

UTC = dt.timezone.utc
SLUG = "city-of-your-choice-2023"
#: Inside the window (1–30 Nov 2023, Asia/Shanghai).
DURING = dt.datetime(2023, 11, 10, 12, 0, tzinfo=UTC)
#: The start of the award ceremony, 2023-12-07 10:00 Asia/Shanghai: the result becomes public.
ANNOUNCEMENT = dt.datetime(2023, 12, 7, 2, 0, tzinfo=UTC)


def mailed_link(smtp, clock) -> str:
    """The confirmation link (path only) of the last email delivered."""
    deliver_due(clock())
    body = smtp.messages[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:5000(/vote/confirm/\S+)", body).group(1)


def city_radio(page, name: str):
    """The radio button of a candidate, found by its label (``Kazan, Russia …``)."""
    return page.get_by_role("radio", name=re.compile(rf"^{re.escape(name)}, "))


def vote(page, city: str, email: str) -> None:
    city_radio(page, city).check()
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Send me the link to confirm my vote").click()


def votes() -> list[tuple[str, str]]:
    db.session.expire_all()
    return [(v.email, v.city.slug) for v in db.session.scalars(sa.select(Vote).order_by(Vote.id))]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_vote_confirm_and_replace_in_bogota_time(live_server, demo, smtp, clock, new_page):
    clock.now = DURING
    page = new_page(timezone_id="America/Bogota")
    page.goto(f"{live_server}/p/award-2023/vote")
    expect(page).to_have_url(f"{live_server}/p/award-2023/vote/{SLUG}")
    expect(page.locator("h1")).to_have_text("“City of Your Choice” vote")
    closes = page.locator(".vote-status time").first
    expect(closes).to_have_text("Thu, 30 Nov 2023, 10:59 Colombia Time")
    expect(closes).to_have_attribute("datetime", "2023-11-30T15:59:59Z")
    expect(page.locator(".vote-status")).to_contain_text("(UTC-5; Thu, 30 Nov 2023, 23:59 China Time, UTC+8)")
    expect(page.get_by_role("radio")).to_have_count(15)

    vote(page, "Kazan", "ana@example.org")
    expect(page.locator("h1")).to_have_text("Check your email")
    expect(page.locator("section.card")).to_contain_text(
        "Confirm before voting closes: Thu, 30 Nov 2023, 10:59 Colombia Time (UTC-5).")
    assert votes() == []  # nothing counts before the link is used

    page.goto(live_server + mailed_link(smtp, clock))
    assert [(m["To"], m["Subject"]) for m in smtp.messages] == [("ana@example.org", "Confirm your vote for Kazan")]
    expect(page.locator("h1")).to_have_text("Confirm your vote")
    assert votes() == []  # opening the link (as a mail scanner does) counts nothing
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.locator("h1")).to_have_text("Your vote for Kazan counts")
    assert votes() == [("ana@example.org", "kazan")]

    # A change of mind: another city from the same address replaces the vote.
    page.goto(f"{live_server}/p/award-2023/vote/{SLUG}")
    vote(page, "Tehran", "ana@example.org")
    expect(page.locator("h1")).to_have_text("Check your email")
    link = mailed_link(smtp, clock)
    assert [m["Subject"] for m in smtp.messages] == ["Confirm your vote for Kazan", "Confirm your vote for Tehran"]
    assert "You have already voted for Kazan." in smtp.messages[-1].get_body(preferencelist=("plain",)).get_content()
    assert votes() == [("ana@example.org", "kazan")]  # still Kazan until confirmed
    page.goto(live_server + link)
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.locator("h1")).to_have_text("Your vote for Tehran counts")
    expect(page.locator(".lead")).to_have_text(
        "It replaces your earlier vote for Kazan: one vote per person, the last one confirmed counts.")
    assert votes() == [("ana@example.org", "tehran")]

    # The same link pressed again counts nothing more.
    page.goto(live_server + link)
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.locator("h1")).to_have_text("This link was already used")
    assert votes() == [("ana@example.org", "tehran")]


def test_vote_with_malformed_email_shows_field_error_and_queues_nothing(live_server, demo, smtp, clock, new_page):
    clock.now = DURING
    page = new_page(timezone_id="America/Bogota")
    page.goto(f"{live_server}/p/award-2023/vote/{SLUG}")
    vote(page, "Kazan", "not-an-address")
    field = page.locator(".field.has-error", has=page.locator("#email"))
    expect(field.locator(".error")).to_have_text(
        "That email address is not valid: An email address must have an @-sign.")
    expect(page.locator(".error")).to_have_count(1)
    expect(page.get_by_label("Your email address")).to_have_value("not-an-address")
    expect(city_radio(page, "Kazan")).to_be_checked()
    assert (count(OutboxMessage), count(Ballot), count(Vote)) == (0, 0, 0)
    deliver_due(clock())
    assert smtp.messages == []


def test_results_on_a_phone_after_the_announcement(live_server, demo, smtp, clock, new_page):
    clock.now = DURING
    chosen = ["kazan"] * 3 + ["tehran"] * 2 + ["bogota"]
    for n, city in enumerate(chosen):
        service.cast(service.get_vote(SLUG), f"voter{n}@example.org", city, "UTC", clock())
        ballot = db.session.scalar(sa.select(Ballot).filter_by(email=f"voter{n}@example.org"))
        assert service.confirm(service.confirmation_token(ballot, clock()), clock()).outcome == "counted"
    # An unconfirmed request never shows in the result.
    service.cast(service.get_vote(SLUG), "late@example.org", "bogota", "UTC", clock())
    db.session.remove()

    clock.now = ANNOUNCEMENT
    page = new_page(viewport={"width": 390, "height": 844}, timezone_id="America/Bogota")
    page.goto(f"{live_server}/p/award-2023/vote/{SLUG}/results")
    expect(page.locator("h1")).to_have_text("“City of Your Choice” vote: the result")
    expect(page.locator(".lead")).to_contain_text("6 confirmed votes, one per person.")

    chart = page.locator('svg[role="img"]')
    expect(chart).to_be_visible()
    expect(chart.locator("#chart-title")).to_have_text(
        "Share of the votes per city, as bars; the table gives the same figures.")
    expect(chart.locator(".chart-figures")).to_have_count(15)
    expect(chart.locator(".chart-label").nth(0)).to_have_text("Kazan")
    expect(chart.locator(".chart-figures").nth(0)).to_have_text("50.0% · 3 votes")
    expect(chart.locator(".chart-bar.leader")).to_have_count(1)
    expect(chart.locator(".chart-bar")).to_have_count(3)  # cities without votes draw no bar

    table = page.locator("table.results-table")
    expect(table).to_be_visible()
    rows = [row.locator("th, td").all_inner_texts() for row in table.locator("tbody tr").all()]
    # Most votes first, then the cities without votes by name (a late, unconfirmed Bogotá request not counted).
    assert rows == [["Kazan, Russia", "3", "50.0%"], ["Tehran, Iran", "2", "33.3%"],
                    ["Bogotá, Colombia", "1", "16.7%"]] + [
        [city, "0", "0.0%"] for city in ("Alcaldía Iztapalapa, Mexico", "Antalya, Türkiye", "Cape Town, South Africa",
                                         "Gwangju, Republic of Korea", "Halandri, Greece", "Jakarta, Indonesia",
                                         "Kampala, Uganda", "Mannheim, Germany", "Pimpri Chinchwad, India",
                                         "Ramallah, Palestine", "São Paulo, Brazil", "Xianning, China")]
    assert table.locator("tfoot tr").locator("th, td").all_inner_texts() == ["All cities", "6", "100.0%"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
