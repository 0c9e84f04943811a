"""An import that moves a leg tells the tour's accepted participants; one that drops a tour people
applied to is refused."""
from __future__ import annotations

from flask_login import login_user

from app.applications import service
from app.programme_file.importer import run_import
from tests.app.helpers.applications import FORM, TOUR, application, submit
from tests.app.helpers.registration import confirm, deliver, link, text_of
from tests.app.helpers.organise import make_organiser
from tests.conftest import FILES

TEXT = (FILES / "study-tours-2015.yaml").read_text(encoding="utf-8")
KAZAN_LEG = 'date: 2015-04-20, start: "09:00", end_date: 2015-04-22, end: "17:00"'


def _accepted(client, clock, smtp) -> None:
    submit(client)
    confirm(client, link(deliver(clock, smtp)[0], "/tours/confirm/"))
    service.accept(application(), clock())
    deliver(clock, smtp)


def _import(app, clock, text: str):
    with app.test_request_context():
        login_user(make_organiser())
        return run_import(text, now=clock(), notify=True, apply=True, programme="study-tours-2015")


def test_moving_a_leg_emails_the_accepted_participants(app, client, tours, smtp, clock):
    _accepted(client, clock, smtp)
    assert KAZAN_LEG in TEXT
    result = _import(app, clock, TEXT.replace(KAZAN_LEG, 'date: 2015-04-19, start: "10:00", end_date: 2015-04-22, '
                                                         'end: "17:00"'))
    assert (result.problems, result.told) == ([], 1)
    [mail] = deliver(clock, smtp)
    assert (mail["To"], mail["Subject"]) == ("ana@example.org", "New dates: Study tour: Kazan, Antalya and Mannheim")
    assert text_of(mail).startswith(
        f"Hello {FORM['name']},\n\nThe organisers have changed the dates of Study tour: Kazan, Antalya and Mannheim. "
        "What moved:\n\n1. Kazan, Russia (host: City of Kazan)\n"
        "   Sun, 19 Apr 2015 10:00 – Wed, 22 Apr 2015 17:00 Moscow Time (UTC+3)\n"
        "   = Sun, 19 Apr 2015 02:00 – Wed, 22 Apr 2015 09:00 Colombia Time (UTC-5)\n")
    assert f"http://127.0.0.1:5000{TOUR}" in text_of(mail)


def test_an_import_without_a_tour_people_applied_to_is_refused(app, client, tours, smtp, clock):
    submit(client)
    start = TEXT.index("  - slug: study-tour-europe-2015")
    end = TEXT.index("  - slug: study-tour-americas-2015")
    result = _import(app, clock, TEXT[:start] + TEXT[end:])
    assert result.problems == ["tour “study-tour-europe-2015”: not in the file, but it has 1 application; "
                               "keep it in the file"]
    assert application().status == "pending"


def test_an_unchanged_import_tells_nobody(app, client, tours, smtp, clock):
    _accepted(client, clock, smtp)
    result = _import(app, clock, TEXT)
    assert (result.problems, result.told, result.summary) == (
        [], 0, "0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn")
    assert deliver(clock, smtp) == []
