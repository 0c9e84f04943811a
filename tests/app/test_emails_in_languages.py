"""Each email in its recipient's language and zone, received over real SMTP: registration
(confirmation, welcome, cancellation), reminder, new time, seminar cancelled, announcement, vote,
tour. Spanish for Bogotá, Chinese for Guangzhou, Arabic (right to left) for Ramallah."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.applications import service as tours
from app.extensions import db
from app.models import Registrant
from app.organise.registrants import announce
from app.reminders.service import queue_due
from tests.app.helpers import vote
from tests.app.helpers.applications import FORM as TOUR_FORM
from tests.app.helpers.applications import TOUR, application
from tests.app.helpers.forms import form_token, post_form
from tests.app.helpers.registration import PAGE, confirm, deliver, html_of, link, submit, text_of
from tests.app.helpers.reminders import seminar
from tests.app.helpers.seminars import START, cancel, move
from tests.app.helpers.tours import load_study_tours

UTC = dt.timezone.utc
TITLE = "Making our cities and regions safe and resilient for all"
#: language -> (address, name, zone, ?lang= value) of the people who read the emails.
PEOPLE = {
    "es": ("ana@example.org", "Ana María", "America/Bogota", "es"),
    "zh_Hans": ("li@example.org", "李华", "Asia/Shanghai", "zh-Hans"),
    "ar": ("sara@example.org", "سارة", "Asia/Hebron", "ar"),
}


def subject(mail) -> str:
    """The Subject as sent: Flask-Mail folds a long one, which may leave a leading space."""
    return mail["Subject"].strip()


def html_words(mail) -> str:
    """The HTML part as a reader sees it: tags removed, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html_of(mail)))).strip()


def seated(make_registrant, make_registration, seminar_one, language: str):
    address, name, zone, _ = PEOPLE[language]
    person = make_registrant(email=address, name=name, timezone=zone, language=language, manage_token=f"M-{language}")
    return make_registration(seminar_one, person)


def registered_through_the_pages(client, clock, smtp, language: str):
    """Register on the page in ``language`` and confirm by the emailed link: (confirmation, welcome)."""
    address, name, zone, lang = PEOPLE[language]
    assert submit(client, page=f"{PAGE}?lang={lang}", email=address, name=name, timezone=zone).status_code == 303
    [confirmation] = deliver(clock, smtp)
    confirm(client, link(confirmation, "/register/confirm/"))
    [welcome] = deliver(clock, smtp)
    return confirmation, welcome


REGISTRATION = {
    "es": ("Confirme su inscripción en los seminarios del Premio de Guangzhou",
           "  Cuándo:  lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n"
           "         = lun, 6 nov 2023, 20:30–22:00 hora de China (Asia/Shanghai, UTC+8)\n",
           "Inscripción confirmada: Seminario 1, lun, 6 nov 2023 7:30 hora de Colombia",
           "Se ha inscrito en:\n"),
    "zh_Hans": ("请确认您的广州奖研讨会报名",
                "  时间：  2023年11月6日周一 20:30–22:00 中国时间（Asia/Shanghai，UTC+8）\n",
                "报名成功：第1场研讨会，2023年11月6日周一 20:30 中国时间",
                "您已报名：\n"),
    # Ramallah (Asia/Hebron) left summer time on 28 Oct 2023: UTC+2, 14:30 there.
    "ar": ("يُرجى تأكيد تسجيلك في ندوات جائزة قوانغتشو",
           "  الموعد:  الاثنين، 6 نوفمبر 2023، 14:30–16:00 توقيت شرق أوروبا (Asia/Hebron، UTC+2)\n"
           "         = الاثنين، 6 نوفمبر 2023، 20:30–22:00 توقيت الصين (Asia/Shanghai، UTC+8)\n",
           "تم تسجيلك: الندوة 1، الاثنين، 6 نوفمبر 2023 14:30 توقيت شرق أوروبا",
           "تم تسجيلك في:\n"),
}


@pytest.mark.parametrize("language", list(PEOPLE))
def test_registration_confirmation_and_welcome_in_the_registrants_language(
        client, seminar_one, clock, smtp, language):
    confirmation, welcome = registered_through_the_pages(client, clock, smtp, language)
    confirm_subject, when, welcome_subject, welcome_line = REGISTRATION[language]
    assert subject(confirmation) == confirm_subject
    assert when in text_of(confirmation)
    assert subject(welcome) == welcome_subject
    assert welcome_line in text_of(welcome)
    assert when in text_of(welcome)
    lang = PEOPLE[language][3]
    assert f"http://127.0.0.1:5000/p/award-2023/seminars/seminar-1?lang={lang}\n" in text_of(welcome)


def test_an_arabic_email_is_written_right_to_left(client, seminar_one, clock, smtp):
    confirmation, welcome = registered_through_the_pages(client, clock, smtp, "ar")
    for mail in (confirmation, welcome):
        assert '<html lang="ar" dir="rtl"><head>' in html_of(mail)
    assert '<h1 style="font-size:22px;margin:0 0 12px">يُرجى تأكيد تسجيلك</h1>' in html_of(confirmation)


@pytest.mark.parametrize("language, expected", [
    pytest.param("zh_Hans", "2023年11月6日周一 20:30–22:00 中国时间（Asia/Shanghai，UTC+8）", id="zh_Hans"),
    pytest.param("ar", "الاثنين، 6 نوفمبر 2023، 14:30–16:00 توقيت شرق أوروبا (Asia/Hebron، UTC+2)", id="ar"),
])
def test_the_html_part_writes_the_seminars_time_as_the_text_part_does(client, seminar_one, clock, smtp,
                                                                       language, expected):
    """The reader's punctuation (Chinese full-width, the Arabic comma), not English commas."""
    confirmation, _ = registered_through_the_pages(client, clock, smtp, language)
    assert expected in text_of(confirmation)
    assert expected in html_words(confirmation)


def test_registration_cancelled_on_the_manage_page_is_confirmed_in_spanish(client, seminar_one, clock, smtp):
    registered_through_the_pages(client, clock, smtp, "es")
    token = db.session.scalar(sa.select(Registrant.manage_token))
    client.delete_cookie("lang")
    response = client.post(f"/manage/{token}/cancel", data={"csrf_token": form_token(client, f"/manage/{token}")})
    assert response.status_code == 303
    [mail] = deliver(clock, smtp)
    assert subject(mail) == "Su inscripción ha sido cancelada"
    assert "  Cuándo:  lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n" in text_of(mail)
    assert "http://127.0.0.1:5000/p/award-2023/register?lang=es\n" in text_of(mail)


REMINDER = {
    "es": (f"Recordatorio: {TITLE}, lun, 6 nov 2023 7:30 hora de Colombia",
           "El Seminario 1 comienza dentro de 1 hora.\n"),
    "zh_Hans": (f"提醒：{TITLE}，2023年11月6日周一 20:30 中国时间", "第1场研讨会将于1小时后开始。\n"),
    "ar": (f"تذكير: {TITLE}، الاثنين، 6 نوفمبر 2023 14:30 توقيت شرق أوروبا", "تبدأ الندوة 1 بعد ساعة واحدة.\n"),
}


@pytest.mark.parametrize("language", list(PEOPLE))
def test_reminder_in_the_registrants_language_and_zone(
        seminar_one, make_registrant, make_registration, clock, smtp, language):
    seated(make_registrant, make_registration, seminar_one, language)
    clock.now = START - dt.timedelta(hours=1)
    queue_due(clock())
    [mail] = deliver(clock, smtp)
    expected_subject, line = REMINDER[language]
    assert subject(mail) == expected_subject
    assert line in text_of(mail)
    assert REGISTRATION[language][1] in text_of(mail)


#: Seminar 1 moved through the console's save to Tue 7 Nov 2023 21:30-23:00 in Guangzhou.
MOVED = {
    "es": ("Nuevo horario: Seminario 1, ahora el mar, 7 nov 2023 8:30 hora de Colombia",
           "Antes:     lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n",
           "Ahora:     mar, 7 nov 2023, 8:30–10:00 hora de Colombia (America/Bogota, UTC-5)\n"),
    "zh_Hans": ("时间变更：第1场研讨会改为2023年11月7日周二 21:30 中国时间",
                "原时间：     2023年11月6日周一 20:30–22:00 中国时间（Asia/Shanghai，UTC+8）\n",
                "新时间：     2023年11月7日周二 21:30–23:00 中国时间（Asia/Shanghai，UTC+8）\n"),
    "ar": ("موعد جديد: أصبح موعد الندوة 1 الثلاثاء، 7 نوفمبر 2023 15:30 توقيت شرق أوروبا",
           "الموعد السابق:     الاثنين، 6 نوفمبر 2023، 14:30–16:00 توقيت شرق أوروبا (Asia/Hebron، UTC+2)\n",
           "الموعد الجديد:     الثلاثاء، 7 نوفمبر 2023، 15:30–17:00 توقيت شرق أوروبا (Asia/Hebron، UTC+2)\n"),
}


@pytest.mark.parametrize("language", list(PEOPLE))
def test_new_time_in_the_registrants_language_and_zone(
        seminar_one, make_registrant, make_registration, clock, smtp, language):
    seated(make_registrant, make_registration, seminar_one, language)
    move(clock)
    [mail] = deliver(clock, smtp)
    expected_subject, _, now_line = MOVED[language]
    assert subject(mail) == expected_subject
    assert now_line in text_of(mail)


@pytest.mark.parametrize("language", list(PEOPLE))
def test_new_time_writes_the_old_time_as_it_writes_the_new_one(
        seminar_one, make_registrant, make_registration, clock, smtp, language):
    seated(make_registrant, make_registration, seminar_one, language)
    move(clock)
    [mail] = deliver(clock, smtp)
    assert MOVED[language][1] in text_of(mail)


SEMINAR_CANCELLED = {
    "es": (f"Cancelado: Seminario 1: {TITLE}", "Lo sentimos: el Seminario 1 ha sido cancelado y no se celebrará.\n"),
    "zh_Hans": (f"已取消：第1场研讨会：{TITLE}", "很抱歉，第1场研讨会已取消，将不再举行。\n"),
    "ar": (f"ملغاة: الندوة 1: {TITLE}", "نأسف لإبلاغك بأن الندوة 1 أُلغيت ولن تُعقد.\n"),
}


@pytest.mark.parametrize("language", list(PEOPLE))
def test_seminar_cancelled_in_the_registrants_language_and_zone(
        seminar_one, make_registrant, make_registration, clock, smtp, language):
    seated(make_registrant, make_registration, seminar_one, language)
    cancel(seminar(), clock())
    [mail] = deliver(clock, smtp)
    expected_subject, line = SEMINAR_CANCELLED[language]
    assert subject(mail) == expected_subject
    assert line in text_of(mail)
    assert REGISTRATION[language][1] in text_of(mail)


ANNOUNCEMENT = {
    "es": ("Seminario 1: Slides", "Un mensaje de los organizadores sobre el Seminario 1:\n\nThe slides are online.\n"),
    "zh_Hans": ("第1场研讨会：Slides", "主办方关于第1场研讨会的消息：\n\nThe slides are online.\n"),
    "ar": ("الندوة 1: Slides", "رسالة من المنظمين بشأن الندوة 1:\n\nThe slides are online.\n"),
}


@pytest.mark.parametrize("language", list(PEOPLE))
def test_announcement_body_in_the_registrants_language_and_zone(
        seminar_one, make_registrant, make_registration, clock, smtp, language):
    seated(make_registrant, make_registration, seminar_one, language)
    assert announce(seminar(), "n" * 24, "Slides", "The slides are online.", clock()) == 1
    [mail] = deliver(clock, smtp)
    assert ANNOUNCEMENT[language][1] in text_of(mail)
    assert REGISTRATION[language][1] in text_of(mail)


@pytest.mark.parametrize("language", list(PEOPLE))
def test_announcement_subject_in_the_registrants_language(
        seminar_one, make_registrant, make_registration, clock, smtp, language):
    """The organisers' subject as they wrote it, after "Seminar 1" in the registrant's language."""
    seated(make_registrant, make_registration, seminar_one, language)
    announce(seminar(), "n" * 24, "Slides", "The slides are online.", clock())
    [mail] = deliver(clock, smtp)
    assert subject(mail) == ANNOUNCEMENT[language][0]


VOTE = {
    # The vote closes at the end of 30 Nov 2023 in Guangzhou: 23:59 there, 10:59 in Bogotá.
    "es": ("America/Bogota", "Confirme su voto por Kazan",
           "Confirme antes del cierre de la votación: jue, 30 nov 2023, 10:59 hora de Colombia (UTC-5), es decir, "
           "jue, 30 nov 2023, 23:59 hora de China (UTC+8). El enlace es válido durante 3 días.\n"),
    "zh_Hans": ("Asia/Shanghai", "请确认您为Kazan投票",
                "请在投票截止前确认：2023年11月30日周四 23:59 中国时间（UTC+8）。"),
}


@pytest.mark.parametrize("language", list(VOTE))
def test_vote_confirmation_in_the_voters_language_and_zone(client, shortlist, clock, smtp, language):
    zone, expected_subject, line = VOTE[language]
    lang = PEOPLE[language][3]
    clock.now = vote.DURING
    token = form_token(client, f"{vote.PAGE}?tz={zone}&lang={lang}")
    response = client.post(vote.PAGE, data={"email": "ana@example.org", "city": "kazan", "csrf_token": token})
    assert response.status_code == 303
    [mail] = deliver(clock, smtp)
    assert subject(mail) == expected_subject
    assert line in text_of(mail)
    assert f"http://127.0.0.1:5000/p/award-2023/vote/city-of-your-choice-2023?lang={lang}\n" in text_of(mail)


TOUR_NAME = "Study tour: Kazan, Antalya and Mannheim"
TOURS = {
    # Kazan keeps Moscow time (UTC+3): 09:00 there is 01:00 in Bogotá, Monday 20 April 2015.
    "es": ("America/Bogota", f"Confirme su solicitud: {TOUR_NAME}", f"Solicitud recibida: {TOUR_NAME}",
           f"Su solicitud ha sido aceptada: {TOUR_NAME}",
           "1. Kazan, Russia (anfitrión: City of Kazan)\n"
           "   lun, 20 abr 2015 9:00 – mié, 22 abr 2015 17:00 hora de Moscú (UTC+3)\n"
           "   = lun, 20 abr 2015 1:00 – mié, 22 abr 2015 9:00 hora de Colombia (UTC-5)\n",
           "   28–30 abr 2015 hora de Europa central (UTC+2)\n"
           "   = lun, 27 abr 2015 17:00 – jue, 30 abr 2015 17:00 hora de Colombia (UTC-5)\n"),
    "zh_Hans": ("Asia/Shanghai", f"请确认您的申请：{TOUR_NAME}", f"已收到申请：{TOUR_NAME}",
                f"您的申请已获接受：{TOUR_NAME}",
                "1. Kazan, Russia (接待方：City of Kazan)\n"
                "   2015年4月20日周一 09:00 – 2015年4月22日周三 17:00 莫斯科时间（UTC+3）\n"
                "   = 2015年4月20日周一 14:00 – 2015年4月22日周三 22:00 中国时间（UTC+8）\n",
                # Whole days in Mannheim (UTC+2): from 06:00 on the 28th to 06:00 on 1 May in Guangzhou.
                "   2015年4月28日\u2009–\u200930日 中欧时间（UTC+2）\n"
                "   = 2015年4月28日周二 06:00 – 2015年5月1日周五 06:00 中国时间（UTC+8）\n"),
}


@pytest.mark.parametrize("language", list(TOURS))
def test_tour_confirmation_and_status_emails_in_the_applicants_language_and_zone(client, clock, smtp, language):
    zone, confirm_subject, received_subject, accepted_subject, leg, whole_days = TOURS[language]
    lang = PEOPLE[language][3]
    clock.now = dt.datetime(2015, 3, 2, 9, 0, tzinfo=UTC)
    load_study_tours(clock())
    page = f"{TOUR}/apply?lang={lang}"
    assert post_form(client, page, {**TOUR_FORM, "timezone": zone}).status_code == 303
    [confirmation] = deliver(clock, smtp)
    confirm(client, link(confirmation, "/tours/confirm/"))
    [received] = deliver(clock, smtp)
    tours.accept(application(), clock())
    [accepted] = deliver(clock, smtp)
    assert [subject(m) for m in (confirmation, received, accepted)] == [
        confirm_subject, received_subject, accepted_subject]
    for mail in (confirmation, received, accepted):
        assert leg in text_of(mail)
        assert f'<html lang="{lang}"><head>' in html_of(mail)
    assert whole_days in text_of(accepted)


def test_registering_with_an_unknown_lang_stores_the_negotiated_language_and_no_cookie(
        client, seminar_one, clock, smtp):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es-CO,es;q=0.9,en;q=0.5"
    form = client.get(f"{PAGE}?lang=xx")
    assert '<html lang="es" dir="ltr"' in form.get_data(as_text=True)
    assert "Set-Cookie" not in form.headers or "lang=" not in form.headers["Set-Cookie"]
    response = submit(client, page=f"{PAGE}?lang=xx")
    assert response.status_code == 303
    assert "lang=" not in response.headers.get("Set-Cookie", "")
    assert db.session.scalar(sa.select(Registrant.language)) == "es"
    [mail] = deliver(clock, smtp)
    assert subject(mail) == "Confirme su inscripción en los seminarios del Premio de Guangzhou"
    assert "?lang=xx" not in text_of(mail)
