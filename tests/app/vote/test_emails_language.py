"""The vote's emails in the voter's language (the ballot's, or the vote page's for a vote that
already counts): CLDR dates and zone names, links that open the pages in it."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import City
from app.vote import emails
from app.vote.schedule import window
from tests.app.helpers.registration import deliver, html_of, text_of


def _city(slug: str) -> City:
    return db.session.scalar(sa.select(City).where(City.slug == slug))


def test_vote_confirmation_is_in_the_ballots_language_and_the_voters_zone(shortlist, make_ballot, smtp, clock):
    ballot = make_ballot(event=shortlist, city=_city("bogota"), email="ana@example.org", language="es")
    emails.confirm(shortlist, ballot, "TOKEN", None, window(shortlist), "America/Bogota")
    db.session.commit()
    [mail] = deliver(clock, smtp)
    text = text_of(mail)
    assert ("Confirme antes del cierre de la votación: jue, 30 nov 2023, 10:59 hora de Colombia (UTC-5), "
            "es decir, jue, 30 nov 2023, 23:59 hora de China (UTC+8).") in text
    assert "http://127.0.0.1:5000/vote/confirm/TOKEN?lang=es\n" in text
    assert "http://127.0.0.1:5000/p/award-2023/vote/city-of-your-choice-2023?lang=es\n" in text
    assert "<strong>jue, 30 nov 2023, 10:59 hora de Colombia</strong> (UTC-5)" in html_of(mail)


def test_vote_already_counted_speaks_the_vote_pages_language(app, shortlist, smtp, clock):
    with app.test_request_context("/p/award-2023/vote/city-of-your-choice-2023?lang=es"):
        emails.already_counted(shortlist, "ana@example.org", _city("kazan"), window(shortlist), "Asia/Shanghai",
                               clock())
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert ("Para votar por otra ciudad, elíjala en la página de votación antes del cierre de la votación: "
            "jue, 30 nov 2023, 23:59 hora de China (UTC+8).\n"
            "http://127.0.0.1:5000/p/award-2023/vote/city-of-your-choice-2023?lang=es\n") in text_of(mail)
    assert '<html lang="es"><head>' in html_of(mail)


def test_vote_already_counted_takes_a_language_it_is_given(shortlist, smtp, clock):
    emails.already_counted(shortlist, "ana@example.org", _city("kazan"), window(shortlist), "Europe/Paris",
                           clock(), language="fr")
    db.session.commit()
    [mail] = deliver(clock, smtp)
    assert ("jeu. 30 nov. 2023, 16:59 heure d’Europe centrale (UTC+1), "
            "soit jeu. 30 nov. 2023, 23:59 heure de la Chine (UTC+8).") in text_of(mail)
