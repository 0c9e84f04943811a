"""In a real browser: an organiser signs in, moves Seminar 2 by one hour (watching the live preview),
and the seminar page and the Jakarta feed show the new time."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.app.helpers.organise import PASSWORD, make_organiser

pytestmark = pytest.mark.e2e


def test_an_organiser_moves_seminar_2_by_one_hour(live_server, demo, clock, new_page):
    make_organiser("editor@example.org")
    page = new_page(timezone_id="Asia/Shanghai")
    page.goto(live_server + "/organise/p/award-2023/seminars/seminar-2")
    expect(page).to_have_url(live_server + "/organise/sign-in?next=%2Forganise%2Fp%2Faward-2023%2Fseminars%2Fseminar-2")
    page.get_by_label("Email").fill("editor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Seminar 2: Leaving no one and no place behind")

    preview = page.locator("#times-preview")
    expect(preview.locator("tr.own-zone")).to_contain_text("19:30–21:00")
    page.locator("input[name=start]").fill("20:30")
    page.locator("input[name=end]").fill("22:00")
    expect(preview.locator("tr.own-zone")).to_contain_text("20:30–22:00")
    expect(preview.locator("tr", has_text="America/Bogota")).to_contain_text("07:30–09:00")
    page.get_by_role("button", name="Save seminar").click()
    expect(page.locator(".notice").first).to_have_text(
        "Seminar 2 saved (Starts and Ends). No registrant was emailed.")

    page.goto(live_server + "/p/award-2023/seminars/seminar-2?tz=Asia/Shanghai")
    expect(page.locator(".when .primary .hours").first).to_have_text("20:30–22:00")
    feed = page.request.get(live_server + "/calendars/cities/jakarta.ics").text()
    assert "DTSTART;TZID=Asia/Jakarta:20231107T193000\r\n" in feed
    assert "DTSTART;TZID=Asia/Jakarta:20231107T183000" not in feed
