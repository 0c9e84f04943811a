"""The scheduler's jobs compose outside any request: each reminder still comes out in its
registrant's language and zone (CLDR dates and zone names, links that open the pages in it)."""
from __future__ import annotations

import datetime as dt

from jobs.delivery import deliver_outbox
from jobs.reminders import queue_reminders
from tests.app.helpers.registration import text_of

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
LONG_AGO = dt.datetime(2023, 10, 30, 8, 0, tzinfo=UTC)


def test_reminder_job_writes_each_reminder_in_its_registrants_language(
        app, clock, smtp, seminar_one, make_registrant, make_registration):
    make_registration(seminar_one, make_registrant(language="es", manage_token="ES"), at=LONG_AGO)
    make_registration(seminar_one, make_registrant(email="bo@example.org", timezone="Europe/Berlin",
                                                   manage_token="EN"), at=LONG_AGO)
    clock.now = START - dt.timedelta(hours=24)
    queue_reminders(app)
    deliver_outbox(app)
    sent = {m["To"]: m for m in smtp.messages}
    spanish, english = sent["ana@example.org"], sent["bo@example.org"]
    assert spanish["Subject"].strip() == ("Recordatorio: Making our cities and regions safe and resilient for all, "
                                          "lun, 6 nov 2023 7:30 hora de Colombia")
    assert ("  Cuándo:  lun, 6 nov 2023, 7:30–9:00 hora de Colombia (America/Bogota, UTC-5)\n"
            "         = lun, 6 nov 2023, 20:30–22:00 hora de China (Asia/Shanghai, UTC+8)\n") in text_of(spanish)
    assert "http://127.0.0.1:5000/manage/ES?lang=es\n" in text_of(spanish)
    # A mail client's one-click POST shows no page: the header's address carries no language.
    assert "?lang" not in spanish["List-Unsubscribe"]
    assert english["Subject"].strip() == ("Reminder: Making our cities and regions safe and resilient for all, "
                                          "Mon, 6 Nov 2023 13:30 Central European Time")
    assert "http://127.0.0.1:5000/manage/EN\n" in text_of(english)
