"""In a real browser set to America/Bogota: open the 2015 tour, read Kazan's leg in Moscow time and
in Bogota time, apply, confirm from the email the SMTP server received; an organiser of the tours
programme accepts; an editor of the 2023 cycle is refused on the 2015 programme."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from app.outbox.delivery import deliver_due
from tests.app.helpers.organise import PASSWORD, make_organiser
from tests.app.helpers.tours import EUROPE, load_study_tours

pytestmark = pytest.mark.e2e
UTC = dt.timezone.utc


def mailed(smtp, clock, path: str) -> tuple[str, str]:
    """The subject and the ``path`` link of the newest message the SMTP server received."""
    deliver_due(clock())
    message = smtp.messages[-1]
    body = message.get_body(preferencelist=("plain",)).get_content()
    return message["Subject"].strip(), re.search(rf"http://127\.0\.0\.1:5000({re.escape(path)}\S+)", body).group(1)


def sign_in(page, live_server: str, email: str, path: str) -> None:
    page.goto(live_server + path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_apply_from_bogota_confirm_by_email_and_be_accepted(live_server, demo, smtp, clock, new_page):
    clock.now = dt.datetime(2015, 3, 2, 9, 0, tzinfo=UTC)
    load_study_tours(clock())
    page = new_page(timezone_id="America/Bogota")
    page.goto(live_server + EUROPE)
    kazan = page.locator("#leg-kazan")
    expect(kazan).to_contain_text("Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00 Moscow Time (Europe/Moscow, UTC+3)")
    expect(kazan.locator(".secondary")).to_have_text(
        "Your time: Mon, 20 Apr 2015 01:00 – Wed, 22 Apr 2015 09:00, Colombia Time (America/Bogota, UTC-5)")

    page.get_by_role("link", name="Apply to join this tour").click()
    expect(page.get_by_label("Your time zone")).to_have_value("America/Bogota")
    page.get_by_label("Your name").fill("Ana María")
    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("Organisation").fill("Universidad de los Andes")
    page.get_by_label("Why you would like to join (optional)").fill("I study urban parks.")
    page.get_by_label("I agree to receive emails").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("h1")).to_have_text("Check your email")

    subject, path = mailed(smtp, clock, "/tours/confirm/")
    assert subject == "Please confirm your application: Study tour: Kazan, Antalya and Mannheim"
    page.goto(live_server + path)
    page.get_by_role("button", name="Confirm my application").click()
    expect(page.locator("h1")).to_have_text("Application confirmed")

    admin = new_page(timezone_id="Asia/Shanghai")
    make_organiser("admin@example.org", "admin")
    sign_in(admin, live_server, "admin@example.org",
            "/organise/p/study-tours-2015/tours/study-tour-europe-2015/applications")
    row = admin.locator("tr", has_text="ana@example.org")
    expect(row).to_contain_text("Universidad de los Andes")
    expect(row.locator(".badge")).to_have_text("applied")
    row.get_by_role("button", name="Accept").click()
    expect(admin.locator(".notice").first).to_have_text(
        "Ana María (ana@example.org): accepted. They were emailed.")
    expect(admin.locator("tr", has_text="ana@example.org").locator(".badge")).to_have_text("accepted")
    deliver_due(clock())
    assert smtp.messages[-1]["Subject"] == "You are accepted: Study tour: Kazan, Antalya and Mannheim"


def test_an_editor_of_the_2023_cycle_is_refused_on_the_tours(live_server, demo, clock, new_page):
    load_study_tours(clock())
    make_organiser("editor@example.org")  # granted the 2023 cycle only
    page = new_page(timezone_id="Asia/Shanghai")
    sign_in(page, live_server, "editor@example.org", "/organise/p/study-tours-2015/")
    expect(page.locator("h1")).to_have_text("Forbidden")
    expect(page.locator(".lead")).to_have_text(
        "Your account does not edit the programme “Study tours to the shortlisted cities, 2015”. "
        "An admin can add it to your programmes on the accounts page.")
    page.goto(live_server + "/organise/")
    expect(page.locator("main")).not_to_contain_text("Study tours to the shortlisted cities")
