"""A tour's itinerary in a real browser: the device's zone is detected, and a phone never scrolls sideways."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.app.helpers.tours import AMERICAS, EUROPE, PROGRAMME, load_study_tours

pytestmark = pytest.mark.e2e


@pytest.fixture()
def study_tours(app, clock):
    return load_study_tours(clock())


def test_a_browser_in_bogota_reads_mannheims_days_and_the_marker_in_its_own_zone(live_server, study_tours, new_page):
    page = new_page(timezone_id="America/Bogota")
    page.goto(f"{live_server}{EUROPE}")
    mannheim = page.locator("#leg-mannheim")
    expect(mannheim.locator(".secondary")).to_have_text(
        "Your time: Mon, 27 Apr 2015 17:00 – Thu, 30 Apr 2015 17:00, Colombia Time (America/Bogota, UTC-5)")
    expect(mannheim.locator(".date-shift")).to_have_text(
        re.compile(r"Starts on Mon, 27 Apr in your time zone,\s+the day before\s+it starts in Mannheim"))
    expect(page.locator("#leg-kazan .date-shift")).to_have_count(0)


@pytest.mark.parametrize("path", [EUROPE, AMERICAS, f"/p/{PROGRAMME}/tours", f"/p/{PROGRAMME}/"])
def test_tour_pages_at_phone_width_have_no_horizontal_scroll(live_server, study_tours, new_page, path):
    page = new_page(viewport={"width": 360, "height": 740}, timezone_id="Pacific/Auckland")
    page.goto(f"{live_server}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
