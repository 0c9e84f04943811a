"""In a real browser, in Spanish (Accept-Language, Bogotá) and in Arabic (?lang=ar, Hebron): register,
read the confirmation email in one's language and zone, confirm, switch back to English; and the
right-to-left and Chinese pages fit a desktop and a phone. Expected texts are the catalogs' and CLDR's
(app/translations/<code>/LC_MESSAGES/messages.po, babel.dates), copied here so a change shows.

Screenshots of the layout checks go to /tmp/shots16/ (outside the repository), to look at by eye.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Registrant
from app.outbox.delivery import deliver_due

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots16")  # noqa: S108  (outside the repository, for people to open)
TITLE = "Making our cities and regions safe and resilient for all"
BASE = "http://127.0.0.1:5000"  # TestConfig's BASE_URL, which emailed links carry


def delivered(smtp, clock):
    """Deliver what the outbox holds and return the last message received over SMTP."""
    deliver_due(clock())
    return smtp.messages[-1]


def plain(message) -> str:
    """The text part, its lines as sent over SMTP (CRLF) read back as ``\\n``."""
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def stored_language(email: str) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(Registrant.language).where(Registrant.email == email))


def expect_language(page, tag: str, direction: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", tag)
    expect(html).to_have_attribute("dir", direction)


def fill_and_submit(page, *, name: str, email: str, labels: dict[str, str]) -> None:
    page.get_by_label(labels["name"]).fill(name)
    page.get_by_label(labels["email"], exact=True).fill(email)
    page.get_by_label(labels["consent"]).check()
    page.get_by_role("button", name=labels["submit"], exact=True).click()


def confirm_link(body: str, tag: str) -> str:
    """The confirmation link's path and query (``/register/confirm/<token>?lang=<tag>``)."""
    found = re.search(rf"{re.escape(BASE)}(/register/confirm/[\w.-]+\?lang={tag})\n", body)
    assert found, repr(body)
    return found.group(1)


SPANISH = dict(
    name="Su nombre", email="Correo electrónico", zone="Su zona horaria", submit="Inscribirse",
    consent="Acepto recibir correos electrónicos sobre mi inscripción (confirmación, datos de la reunión, "
            "recordatorios y cambios).")
ARABIC = dict(
    name="اسمك", email="البريد الإلكتروني", zone="منطقتك الزمنية", submit="التسجيل",
    consent="أوافق على تلقي رسائل بالبريد الإلكتروني بشأن تسجيلي (التأكيد، وتفاصيل الاجتماع، والتذكيرات، والتغييرات).")


def test_register_and_confirm_in_spanish_from_bogota(live_server, seminar_one, smtp, clock, new_page):
    page = new_page(timezone_id="America/Bogota", locale="es-CO")
    page.goto(f"{live_server}/p/award-2023/register?seminar=seminar-1")
    expect_language(page, "es", "ltr")
    expect(page.locator("h1")).to_have_text("Inscribirse en los seminarios")
    expect(page.get_by_label(SPANISH["zone"])).to_have_value("America/Bogota")
    expect(page.locator('input[name="seminars"][value="seminar-1"]')).to_be_checked()
    expect(page.locator("label.choice", has_text=TITLE).locator(".when .primary")).to_have_text(
        re.compile(r"^\s*lun, 6 nov 2023\s+7:30–9:00\s+hora de Colombia \(America/Bogota, UTC-5\)\s*$"))
    fill_and_submit(page, name="Ana María", email="ana@example.org", labels=SPANISH)
    expect(page.locator("h1")).to_have_text("Revise su correo electrónico")
    expect_language(page, "es", "ltr")
    assert stored_language("ana@example.org") == "es"

    message = delivered(smtp, clock)
    assert (message["To"], message["Subject"]) == (
        "ana@example.org", "Confirme su inscripción en los seminarios del Premio de Guangzhou")
    body = plain(message)
    link = confirm_link(body, "es")
    assert body.strip() == (
        "Hola, Ana María:\n\n"
        "Confirme su inscripción en:\n\n"
        f"Seminario 1: {TITLE}\n"
        "  Cuándo:  lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n"
        "         = lun, 6 nov 2023, 20:30–22:00 hora de China (Asia/Shanghai, UTC+8)\n"
        f"  Más información: {BASE}/p/award-2023/seminars/seminar-1?lang=es\n\n"
        "Confirme aquí (el enlace es válido durante 3 días):\n"
        f"{BASE}{link}\n\n"
        "Cuando confirme, recibirá el enlace de la reunión, el ID de reunión y el código de acceso.\n"
        "Si no lo solicitó, ignore este correo electrónico: no ocurrirá nada sin su confirmación.\n\n"
        "Seminarios del Premio de Guangzhou")
    assert '<html lang="es">' in html_part(message)

    page.goto(live_server + link)
    expect_language(page, "es", "ltr")
    expect(page.locator("h1")).to_have_text("Confirme su inscripción")
    page.get_by_role("button", name="Confirmar mi inscripción").click()
    expect(page.locator("h1")).to_have_text("Inscripción confirmada")
    expect_language(page, "es", "ltr")
    expect(page.locator("section.card li")).to_have_text(f"Seminario 1: {TITLE}")
    expect(page.get_by_role("link", name="Ver mi inscripción")).to_be_visible()
    welcome = delivered(smtp, clock)
    assert welcome["Subject"] == "Inscripción confirmada: Seminario 1, lun, 6 nov 2023 7:30 hora de Colombia"

    page.locator(".lang-switch").get_by_role("link", name="English").click()
    expect_language(page, "en", "ltr")
    expect(page.locator("h1")).to_have_text("Confirm your registration")
    page.goto(f"{live_server}/p/award-2023/register")  # the choice is remembered over Accept-Language
    expect_language(page, "en", "ltr")
    expect(page.locator("h1")).to_have_text("Register for the seminars")


def test_register_and_confirm_in_arabic_from_hebron(live_server, seminar_one, smtp, clock, new_page):
    page = new_page(timezone_id="Asia/Hebron")
    page.goto(f"{live_server}/p/award-2023/register?seminar=seminar-1&lang=ar")
    expect_language(page, "ar", "rtl")
    expect(page.locator("h1")).to_have_text("التسجيل في الندوات")
    expect(page.get_by_label(ARABIC["zone"])).to_have_value("Asia/Hebron")
    # The page's "(zone, offset)" is markup (app/templates/macros.html), not the catalog's pattern: its
    # comma stays Latin where the email's (below) is the Arabic "،".
    expect(page.locator("label.choice", has_text=TITLE).locator(".when .primary")).to_have_text(
        re.compile(r"^\s*الاثنين، 6 نوفمبر 2023\s+14:30–16:00\s+توقيت شرق أوروبا \(Asia/Hebron, UTC\+2\)\s*$"))
    fill_and_submit(page, name="ليلى", email="layla@example.org", labels=ARABIC)
    expect(page.locator("h1")).to_have_text("يُرجى التحقق من بريدك الإلكتروني")
    expect_language(page, "ar", "rtl")
    assert stored_language("layla@example.org") == "ar"

    message = delivered(smtp, clock)
    assert (message["To"], message["Subject"]) == ("layla@example.org", "يُرجى تأكيد تسجيلك في ندوات جائزة قوانغتشو")
    body = plain(message)
    link = confirm_link(body, "ar")
    assert body.strip() == (
        "مرحبًا ليلى،\n\n"
        "يُرجى تأكيد تسجيلك في:\n\n"
        f"الندوة 1: {TITLE}\n"
        "  الموعد:  الاثنين، 6 نوفمبر 2023، 14:30–16:00 توقيت شرق أوروبا (Asia/Hebron، UTC+2)\n"
        "         = الاثنين، 6 نوفمبر 2023، 20:30–22:00 توقيت الصين (Asia/Shanghai، UTC+8)\n"
        f"  التفاصيل: {BASE}/p/award-2023/seminars/seminar-1?lang=ar\n\n"
        "يُرجى التأكيد عبر هذا الرابط (صالح لمدة 3 أيام):\n"
        f"{BASE}{link}\n\n"
        "بعد التأكيد، يصلك رابط الاجتماع ومعرّف الاجتماع ورمز المرور.\n"
        "إذا لم يكن هذا الطلب منك، فيُرجى تجاهل هذه الرسالة: لن يحدث شيء دون تأكيدك.\n\n"
        "ندوات جائزة قوانغتشو")
    assert '<html lang="ar" dir="rtl">' in html_part(message)

    page.goto(live_server + link)
    expect_language(page, "ar", "rtl")
    expect(page.locator("h1")).to_have_text("تأكيد تسجيلك")
    page.get_by_role("button", name="تأكيد تسجيلي").click()
    expect(page.locator("h1")).to_have_text("تم تسجيلك")
    expect_language(page, "ar", "rtl")
    expect(page.locator("section.card li")).to_have_text(f"الندوة 1: {TITLE}")
    expect(page.get_by_role("link", name="عرض تسجيلي")).to_be_visible()
    welcome = delivered(smtp, clock)
    assert welcome["Subject"] == "تم تسجيلك: الندوة 1، الاثنين، 6 نوفمبر 2023 14:30 توقيت شرق أوروبا"

    page.locator(".lang-switch").get_by_role("link", name="English").click()
    expect_language(page, "en", "ltr")
    expect(page.locator("h1")).to_have_text("Confirm your registration")
    page.goto(f"{live_server}/p/award-2023/register")  # the cookie now says English, not Arabic
    expect_language(page, "en", "ltr")

    # Last, as it fails today: the HTML part writes its first "when" line with Latin commas
    # (app/templates/email/_seminar.html) where the text part and its own "=" line follow the catalog.
    shown = " ".join(re.sub(r"<[^>]+>", " ", html_part(message)).split())
    assert "= الاثنين، 6 نوفمبر 2023، 20:30–22:00 توقيت الصين (Asia/Shanghai، UTC+8)" in shown
    assert "الاثنين، 6 نوفمبر 2023، 14:30–16:00 توقيت شرق أوروبا (Asia/Hebron، UTC+2)" in shown, \
        re.search(r"الاثنين، 6 نوفمبر 2023.{0,60}", shown).group(0)


LAYOUT_PAGES = {"home": "/", "seminar": "/p/award-2023/seminars/seminar-1", "register": "/p/award-2023/register"}
#: (?lang=, expected dir, the visitor's zone): zones away from the organisers' show both readings.
LAYOUT_LANGUAGES = {"ar": ("rtl", "Asia/Hebron"), "zh-Hans": ("ltr", "Europe/Berlin")}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("tag", list(LAYOUT_LANGUAGES))
def test_pages_fit_the_width_with_the_switcher_visible(live_server, seminar_one, new_page, database_url, tag,
                                                       width):
    direction, zone = LAYOUT_LANGUAGES[tag]
    page = new_page(viewport={"width": width, "height": 900 if width > 500 else 844}, timezone_id=zone,
                    device_scale_factor=2)
    SHOTS.mkdir(exist_ok=True)
    for name, path in LAYOUT_PAGES.items():
        page.goto(f"{live_server}{path}?lang={tag}")
        page.wait_for_load_state("networkidle")
        expect_language(page, tag, direction)
        shot = f"{tag}-{width}-{name}-{database_url.split(':')[0]}"
        page.screenshot(path=SHOTS / f"{shot}.png", full_page=True)
        sizes = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], (name, sizes)
        switcher = page.locator(".lang-switch")
        expect(switcher).to_be_visible()
        expect(switcher.get_by_role("link")).to_have_count(5)
        expect(switcher.locator('a[aria-current="true"]')).to_have_attribute("lang", tag)
        for link in switcher.get_by_role("link").all():
            expect(link).to_be_in_viewport()
            box = link.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= width, (name, link.inner_text(), box)
        for part in (".zone-bar", ".when"):  # close-ups of the times, to read their order by eye
            page.locator(part).first.screenshot(path=SHOTS / f"{shot}-{part[1:]}.png")
