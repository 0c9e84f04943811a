"""In a real browser: the zone is detected, the banner offers a switch, the picker works."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_browser_zone_is_detected_and_times_follow_it(live_server, demo, new_page):
    page = new_page(timezone_id="America/Bogota")
    page.goto(f"{live_server}/p/award-2023/seminars/seminar-1")
    primary = page.locator(".when .primary")
    expect(primary).to_contain_text("Colombia Time")
    assert re.sub(r"\s+", " ", primary.inner_text()) == (
        "Mon, 6 Nov 2023 07:30–09:00 Colombia Time (America/Bogota, UTC-5)")
    expect(page.locator(".when .secondary")).to_have_text(re.compile(r"= 20:30–22:00 China Time, UTC\+8"))
    expect(page.locator("#zone-banner")).to_have_count(0)


def test_banner_offers_the_device_zone_and_switches(live_server, demo, new_page):
    page = new_page(timezone_id="America/Bogota")
    page.goto(f"{live_server}/p/award-2023/")
    expect(page.locator(".zone-bar")).to_contain_text("Colombia Time")
    page.goto(f"{live_server}/p/award-2023/seminars/seminar-2?tz=Asia/Tokyo")
    banner = page.locator("#zone-banner")
    expect(banner).to_contain_text("Your device is set to Colombia Time (America/Bogota)")
    banner.get_by_role("link", name="Show Colombia Time").click()
    expect(page.locator(".when .primary")).to_contain_text("Tue, 7 Nov 2023 06:30–08:00 Colombia Time")
    expect(page.locator("#zone-banner")).to_have_count(0)


def test_zone_picker_changes_every_page(live_server, demo, new_page):
    page = new_page(timezone_id="Europe/Berlin")
    page.goto(f"{live_server}/p/award-2023/seminars/seminar-2")
    page.get_by_role("link", name="Change time zone").click()
    page.get_by_label("Time zone").select_option("Asia/Kolkata")
    page.get_by_role("button", name="Show times in this zone").click()
    expect(page).to_have_url(f"{live_server}/p/award-2023/seminars/seminar-2?tz=Asia%2FKolkata")
    expect(page.locator(".when .primary")).to_contain_text("Tue, 7 Nov 2023 17:00–18:30 India Time")
    page.goto(f"{live_server}/p/award-2023/cities/jakarta")
    expect(page.locator(".when .primary")).to_contain_text("17:00–18:30 India Time")


def test_pages_are_readable_without_javascript(live_server, demo, new_page):
    page = new_page(timezone_id="America/Bogota", java_script_enabled=False)
    page.goto(f"{live_server}/p/award-2023/seminars/seminar-1")
    expect(page.locator("h1")).to_have_text("Making our cities and regions safe and resilient for all")
    expect(page.locator(".when .primary")).to_contain_text("20:30–22:00 China Time")


@pytest.mark.parametrize("path", ["/", "/p/award-2023/", "/p/award-2023/seminars/seminar-4", "/p/award-2023/cities",
                                  "/p/award-2023/cities/halandri", "/timezone"])
def test_phone_width_has_no_horizontal_scroll(live_server, demo, new_page, path):
    page = new_page(viewport={"width": 360, "height": 740}, timezone_id="Pacific/Auckland")
    page.goto(f"{live_server}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
