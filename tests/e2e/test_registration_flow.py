"""In a real browser set to America/Bogota: register, confirm from the emailed link, manage."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.outbox.delivery import deliver_due

pytestmark = pytest.mark.e2e


def mailed_link(smtp, clock, path: str) -> str:
    deliver_due(clock())
    body = smtp.messages[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"http://127\.0\.0\.1:5000({re.escape(path)}\S+)", body).group(1)


def test_register_confirm_and_manage_in_bogota_time(live_server, demo, smtp, clock, new_page):
    page = new_page(timezone_id="America/Bogota")
    page.goto(f"{live_server}/p/award-2023/seminars/seminar-1")
    page.get_by_role("link", name="Register for this seminar").click()
    expect(page.get_by_label("Your time zone")).to_have_value("America/Bogota")
    expect(page.locator('input[name="seminars"][value="seminar-1"]')).to_be_checked()
    page.get_by_label("Your name").fill("Ana María")
    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("I agree to receive emails").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator("h1")).to_have_text("Check your email")

    page.goto(live_server + mailed_link(smtp, clock, "/register/confirm/"))
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.locator("h1")).to_have_text("You're registered")

    page.goto(live_server + mailed_link(smtp, clock, "/manage/"))
    card = page.locator(".card", has_text="Making our cities and regions safe and resilient for all").first
    expect(card.locator(".when .primary")).to_have_text(
        re.compile(r"Mon, 6 Nov 2023\s+07:30–09:00\s+Colombia Time \(America/Bogota, UTC-5\)"))
    expect(card.locator(".badge.ok")).to_have_text("Confirmed")


def test_form_errors_show_beside_their_fields(live_server, demo, new_page):
    page = new_page(timezone_id="Europe/Berlin")
    page.goto(f"{live_server}/p/award-2023/register")
    page.get_by_label("Your name").fill("Bob")
    page.get_by_label("Email", exact=True).fill("not-an-address")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".field.has-error", has=page.locator("#email")).locator(".error")).to_contain_text(
        "That email address is not valid")
    expect(page.get_by_text("Please tick at least one seminar.")).to_be_visible()
    expect(page.get_by_text("We can only register you if we may email you.")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Bob")
