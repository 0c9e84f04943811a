"""In a real browser the Content-Security-Policy blocks nothing the pages need: no inline script
or style is refused, the zone script still runs and a feed address still selects itself."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.app.helpers.organise import make_organiser, PASSWORD

pytestmark = pytest.mark.e2e

PAGES = ["/", "/p/award-2023/", "/p/award-2023/seminars/seminar-2", "/p/award-2023/cities/kazan",
         "/p/award-2023/register", "/p/award-2023/vote/city-of-your-choice-2023",
         "/p/award-2023/vote/city-of-your-choice-2023/results", "/timezone", "/organise/sign-in"]


def test_no_page_breaks_the_policy(live_server, demo, new_page):
    page = new_page(timezone_id="America/Bogota")
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in PAGES:
        response = page.goto(f"{live_server}{path}")
        assert response.headers["content-security-policy"].startswith("default-src 'self'"), path
    # The zone script ran under the policy: it stored the device's zone.
    assert {"name": "browser_tz", "value": "America/Bogota"}.items() <= {
        c["name"]: c for c in page.context.cookies()}["browser_tz"].items()
    assert refused == []


def test_a_feed_address_selects_itself_on_click(live_server, demo, new_page):
    page = new_page()
    page.goto(f"{live_server}/p/award-2023/cities/kazan")
    field = page.locator("input[data-select-on-click]").first
    field.click()
    selected = page.evaluate("() => { const f = document.activeElement;"
                             " return f.value.substring(f.selectionStart, f.selectionEnd); }")
    assert selected == field.input_value() and selected.endswith("/calendars/p/award-2023/cities/kazan.ics")


def test_the_console_works_under_the_policy(live_server, demo, new_page):
    make_organiser()
    page = new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server}/organise/sign-in")
    page.get_by_label("Email").fill("editor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/organise/p/award-2023/seminars/seminar-2")
    expect(page.locator("form")).not_to_have_count(0)
    assert refused == []
