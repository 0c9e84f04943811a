"""A seminar's new-time and cancellation emails in each registrant's language and zone (CLDR
dates and zone names, the Spanish wording from the catalogs), through a real SMTP server."""
from __future__ import annotations

import datetime as dt

from app.extensions import db
from app.outbox.enqueue import add_new
from app.seminars import emails
from tests.app.helpers.content import CHINESE_TITLE, in_chinese
from tests.app.helpers.registration import deliver, html_of, text_of
from tests.app.helpers.seminars import ics_of

UTC = dt.timezone.utc


def test_new_time_is_written_in_each_registrants_language(
        seminar_one, make_registrant, make_registration, smtp, clock):
    spanish = make_registration(seminar_one, make_registrant(language="es", manage_token="ES"))
    english = make_registration(seminar_one, make_registrant(email="bo@example.org", manage_token="EN"))
    previous = emails.Previous(dt.datetime(2023, 11, 6, 11, 30, tzinfo=UTC),
                               dt.datetime(2023, 11, 6, 13, 0, tzinfo=UTC))
    add_new([emails.moved(spanish, previous, 1), emails.moved(english, previous, 1)])
    db.session.commit()
    sent = {m["To"]: m for m in deliver(clock, smtp)}
    mail = sent["ana@example.org"]
    assert mail["Subject"].strip() == "Nuevo horario: Seminario 1, ahora el lun, 6 nov 2023 7:30 hora de Colombia"
    assert ("Antes:     lun, 6 nov 2023, 6:30–8:00 hora de Colombia (America/Bogota, UTC-5)\n"
            "Ahora:     lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n") in text_of(mail)
    assert "http://127.0.0.1:5000/manage/ES?lang=es\n" in text_of(mail)
    assert '<html lang="es"><head>' in html_of(mail)
    assert "Cuándo: lun\\, 6 nov 2023\\, 7:30–9:00 hora de Colombia" in ics_of(mail)
    other = sent["bo@example.org"]
    assert other["Subject"].strip() == "New time: Seminar 1 is now Mon, 6 Nov 2023 07:30 Colombia Time"
    assert "http://127.0.0.1:5000/manage/EN\n" in text_of(other)


def test_cancellation_is_written_in_the_registrants_language(
        seminar_one, make_registrant, make_registration, smtp, clock):
    registration = make_registration(seminar_one, make_registrant(language="es", timezone="Europe/Madrid"))
    seminar_one.status = "cancelled"
    db.session.commit()
    add_new([emails.cancelled(registration, "", 1)])
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert "  Cuándo:  lun, 6 nov 2023, 13:30–15:00 hora de Europa central (Europe/Madrid, UTC+1)\n" in text_of(mail)
    ics = ics_of(mail)
    assert "METHOD:CANCEL\n" in ics
    assert "Cuándo: lun\\, 6 nov 2023\\, 13:30–15:00 hora de Europa central (Europe/Madrid\\, UTC+1)\\n" in ics


def test_a_subject_with_the_title_and_the_invitation_follow_the_registrants_language(
        seminar_one, make_registrant, make_registration, smtp, clock):
    in_chinese(seminar_one)
    chinese = make_registration(seminar_one, make_registrant(language="zh_Hans"))
    english = make_registration(seminar_one, make_registrant(email="bo@example.org", language="en"))
    seminar_one.status = "cancelled"
    db.session.commit()
    add_new([emails.cancelled(chinese, "", 1), emails.cancelled(english, "", 1)])
    db.session.commit()
    by_address = {mail["To"]: mail for mail in deliver(clock, smtp)}
    to_chinese, to_english = by_address["ana@example.org"], by_address["bo@example.org"]
    assert to_chinese["Subject"].strip() == f"已取消：第1场研讨会：{CHINESE_TITLE}"
    assert f"\nSUMMARY:已取消：第1场研讨会：{CHINESE_TITLE}\n" in ics_of(to_chinese)
    assert "\\n- 喀山（俄罗斯）：休憩公园\\n" in ics_of(to_chinese)
    assert to_english["Subject"].strip() == ("Cancelled: Seminar 1: Making our cities and regions safe and "
                                             "resilient for all")
    assert "\\n- Kazan\\, Russia: Park to rest and recuperate\\n" in ics_of(to_english)
