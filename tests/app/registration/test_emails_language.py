"""Registration emails in the registrant's language and zone, through a real SMTP server: CLDR
dates and zone names in Spanish, links that open the pages in Spanish, the invitation too.

The Spanish wording comes from the catalogs."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.models import FeedToken
from app.registration import emails
from tests.app.helpers.content import CHINESE_TITLE, in_chinese
from tests.app.helpers.registration import deliver, html_of, text_of
from tests.app.helpers.seminars import ics_of

UTC = dt.timezone.utc


def subject(mail) -> str:
    """The Subject as sent: Flask-Mail folds a long one, which may leave a leading space."""
    return mail["Subject"].strip()


def _spanish(make_registrant, **overrides):
    return make_registrant(language="es", manage_token="MANAGE", **overrides)


def test_confirmation_is_in_spanish_dates_and_links_for_a_spanish_registrant(
        seminar_one, make_registrant, make_registration, smtp, clock):
    person = _spanish(make_registrant)
    registration = make_registration(seminar_one, person, status="pending")
    emails.confirmation(person, [registration], "TOKEN", clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert ("  Cuándo:  lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n"
            "         = lun, 6 nov 2023, 20:30–22:00 hora de China (Asia/Shanghai, UTC+8)\n") in text
    assert "http://127.0.0.1:5000/register/confirm/TOKEN?lang=es\n" in text
    html = html_of(mail)
    assert '<html lang="es"><head>' in html
    assert "<strong>lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)</strong>" in html
    assert 'href="http://127.0.0.1:5000/manage/MANAGE?lang=es"' in html


def test_welcome_subject_and_invitation_are_in_the_registrants_language(
        seminar_one, make_registrant, make_registration, smtp, clock):
    person = _spanish(make_registrant)
    registration = make_registration(seminar_one, person, join_token="JOIN")
    feed = FeedToken(registrant=person, token="FEED")
    db.session.add(feed)
    db.session.commit()
    emails.welcome(person, [registration], [], feed, clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert subject(mail) == "Inscripción confirmada: Seminario 1, lun, 6 nov 2023 7:30 hora de Colombia"
    # The personal feed follows the stored language: its address carries none.
    assert "http://127.0.0.1:5000/calendars/personal/FEED.ics\n" in text_of(mail)
    ics = ics_of(mail)
    assert ("Cuándo: lun\\, 6 nov 2023\\, 7:30–9:00 hora de Colombia (America/Bogota\\, UTC-5)\\n"
            "    = lun\\, 6 nov 2023\\, 20:30–22:00 hora de China (Asia/Shanghai\\, UTC+8)\\n") in ics
    assert "URL;VALUE=URI:http://127.0.0.1:5000/p/award-2023/seminars/seminar-1?lang=es\n" in ics
    assert "DTSTART;TZID=America/Bogota:20231106T073000\n" in ics


def test_promotion_subject_is_in_the_registrants_language_and_zone(
        seminar_one, make_registrant, make_registration, smtp, clock):
    person = _spanish(make_registrant, timezone="Europe/Madrid")
    registration = make_registration(seminar_one, person)
    feed = FeedToken(registrant=person, token="FEED")
    db.session.add(feed)
    db.session.commit()
    emails.promoted(person, registration, feed, clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert subject(mail) == "Ya tiene plaza: Seminario 1, lun, 6 nov 2023 13:30 hora de Europa central"


def test_cancellation_is_in_the_registrants_language(seminar_one, make_registrant, make_registration, smtp, clock):
    person = _spanish(make_registrant)
    registration = make_registration(seminar_one, person)
    emails.cancelled(person, [registration], [registration], clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert "  Cuándo:  lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n" in text
    assert "http://127.0.0.1:5000/p/award-2023/register?lang=es\n" in text
    assert ("DESCRIPTION:Su inscripción en el Seminario 1 fue cancelada\\; el seminario se celebra según "
            "lo previsto.\\n") in ics_of(mail)


def test_an_email_ignores_the_language_of_the_page_that_set_it_off(
        app, seminar_one, make_registrant, make_registration, smtp, clock):
    """An organiser reading the console in Chinese, or a page read in French: the English
    registrant still gets English, as before there were languages."""
    person = make_registrant(manage_token="MANAGE")
    registration = make_registration(seminar_one, person, status="pending")
    with app.test_request_context("/register?lang=fr", headers={"Accept-Language": "zh-CN"}):
        emails.confirmation(person, [registration], "TOKEN", clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert "  When:  Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n" in text
    assert "http://127.0.0.1:5000/register/confirm/TOKEN\n" in text
    assert '<html lang="en"><head>' in html_of(mail)


def test_an_unknown_stored_language_writes_english(seminar_one, make_registrant, make_registration, smtp, clock):
    person = make_registrant(language="xx")
    registration = make_registration(seminar_one, person, status="pending")
    emails.confirmation(person, [registration], "TOKEN", clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert "  When:  Mon, 6 Nov 2023, 07:30–09:00 Colombia Time (America/Bogota, UTC-5)\n" in text_of(mail)


def test_confirmation_shows_the_seminar_title_in_the_registrants_language(
        seminar_one, make_registrant, make_registration, smtp, clock):
    in_chinese(seminar_one)
    person = make_registrant(language="zh_Hans")
    emails.confirmation(person, [make_registration(seminar_one, person, status="pending")], "TOKEN", clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert subject(mail) == "请确认您的广州奖研讨会报名"
    assert f"\n第1场研讨会：{CHINESE_TITLE}\n" in text_of(mail)
    assert f'text-decoration:none">{CHINESE_TITLE}</a></p>' in html_of(mail)
    assert "Making our cities" not in text_of(mail)
