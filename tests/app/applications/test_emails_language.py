"""A tour applicant's emails in their language and zone: CLDR dates and zone names of every leg
(its city's clocks and theirs), links that open the pages in their language."""
from __future__ import annotations

import sqlalchemy as sa

from app.applications import emails
from app.extensions import db
from app.models import FeedToken, Tour, TourApplication
from tests.app.helpers.registration import deliver, html_of, text_of

#: The Kazan leg for a Spanish reader in Bogotá.
KAZAN = ("1. Kazan, Russia (anfitrión: City of Kazan)\n"
         "   lun, 20 abr 2015 9:00 – mié, 22 abr 2015 17:00 hora de Moscú (UTC+3)\n"
         "   = lun, 20 abr 2015 1:00 – mié, 22 abr 2015 9:00 hora de Colombia (UTC-5)\n")
TOUR_PAGE = "http://127.0.0.1:5000/p/study-tours-2015/tours/study-tour-europe-2015?lang=es"


def _application(make_registrant, status: str = "applied") -> TourApplication:
    tour = db.session.scalar(sa.select(Tour).where(Tour.slug == "study-tour-europe-2015"))
    application = TourApplication(tour=tour, registrant=make_registrant(language="es"), note="", status=status)
    db.session.add(application)
    db.session.commit()
    return application


def test_tour_confirmation_is_in_the_applicants_language(tours, make_registrant, smtp, clock):
    application = _application(make_registrant, status="pending")
    emails.confirmation(application, "TOKEN", clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert KAZAN in text
    assert "   28–30 abr 2015 hora de Europa central (UTC+2)\n" in text
    assert "http://127.0.0.1:5000/tours/confirm/TOKEN?lang=es\n" in text
    assert '<html lang="es"><head>' in html_of(mail)


def test_tour_status_emails_are_in_the_applicants_language(tours, make_registrant, smtp, clock):
    application = _application(make_registrant)
    emails.received(application, clock())
    application.status = "accepted"
    feed = FeedToken(registrant=application.registrant, token="FEED")
    db.session.add(feed)
    emails.accepted(application, feed, clock())
    db.session.commit()
    received, accepted = deliver(clock, smtp)
    for mail in (received, accepted):
        assert KAZAN in text_of(mail)
        assert f"{TOUR_PAGE}\n" in text_of(mail)
        assert f'href="{TOUR_PAGE}"' in html_of(mail)
    assert "http://127.0.0.1:5000/calendars/personal/FEED.ics\n" in text_of(accepted)


def test_tour_moved_is_in_the_applicants_language(tours, make_registrant, smtp, clock):
    application = _application(make_registrant, status="accepted")
    emails.legs_moved(application, application.tour.legs[:1], clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert text.count(KAZAN) == 2  # what moved, then the whole itinerary
    assert f"{TOUR_PAGE}\n" in text


def test_tour_reminder_subject_and_leg_are_in_the_applicants_language(tours, make_registrant, smtp, clock):
    application = _application(make_registrant, status="accepted")
    leg = application.tour.legs[0]
    assert emails.leg_reminder(application, leg, 1440, "tour-reminder:test") == 1
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert ("Kazan, Russia (anfitrión: City of Kazan)\n"
            "   lun, 20 abr 2015 9:00 – mié, 22 abr 2015 17:00 hora de Moscú (UTC+3)\n"
            "   = lun, 20 abr 2015 1:00 – mié, 22 abr 2015 9:00 hora de Colombia (UTC-5)\n") in text
    assert f"{TOUR_PAGE}\n" in text
    assert '<html lang="es"><head>' in html_of(mail)
