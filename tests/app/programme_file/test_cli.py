"""`make run` at every start: the demo programme goes into an empty database only, so a restart
keeps what organisers changed; a deliberate reload goes through the import path; a bad file writes nothing."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, City, Organiser, OutboxMessage, Programme
from tests.app.helpers.fanout import finish_fanouts
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import seminar_form, sign_in, signed_in
from tests.app.helpers.reminders import outbox, seat, seminar
from tests.conftest import DEMO_FILE

UTC = dt.timezone.utc
DEMO_TEXT = DEMO_FILE.read_text(encoding="utf-8")


def _run_sequence(app) -> list[str]:
    """What `make run` does before serving: load the demo, make sure of the demo account."""
    runner = app.test_cli_runner()
    outputs = []
    for args in (["demo", "load", "--upcoming"], ["organisers", "demo"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    return outputs


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _move_an_hour_later(client, slug: str):
    data = seminar_form(seminar(slug))
    start, end = seminar(slug).local_start, seminar(slug).local_end
    data.update(start=f"{start.hour + 1:02}:{start:%M}", end=f"{end.hour + 1:02}:{end:%M}")
    return post_form(client, f"/organise/p/award-2023/seminars/{slug}", data)


def test_restart_keeps_a_console_edit(app, client, clock):
    clock.now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    loaded, account = _run_sequence(app)
    assert loaded.startswith("Loaded board-meeting-2012.yaml as the programme “board-meeting-2012”: 1 city, "
                             "7 events, 0 seminars")
    password = re.search(r"with password (\S+)$", account.strip()).group(1)
    seat(seminar("seminar-2"), "ana@example.org", "America/Bogota", confirmed_at=clock())
    assert sign_in(client, "organiser@example.org", password).status_code == 303
    original = seminar("seminar-2").starts_at
    assert _move_an_hour_later(client, "seminar-2").status_code == 303
    finish_fanouts()  # the scheduler's fan-out job queues the update email
    moved = (seminar("seminar-2").starts_at, seminar("seminar-2").sequence, _count(AuditEntry), outbox())
    assert moved[0] == original + dt.timedelta(hours=1)
    assert moved[3] == [("moved", "ana@example.org", "pending")]

    loaded, account = _run_sequence(app)

    assert loaded == ("Not loading board-meeting-2012.yaml, study-tours-2015.yaml, guangzhou-2023.yaml: the "
                      "database already holds a programme (3 programmes, 16 cities, 11 events, 4 seminars); "
                      "it is kept as it is. To apply "
                      "a programme file over it as the console's import does, use --replace; to start again from "
                      "the demo, empty the database (make run's is instance/seminars.sqlite3).\n")
    assert account == ("Organiser console: sign in at http://127.0.0.1:5000/organise/ as organiser@example.org "
                       "with the password printed by the first `make run` (`flask --app wsgi organisers "
                       "set-password organiser@example.org` sets a new one).\n")
    db.session.expire_all()
    assert (seminar("seminar-2").starts_at, seminar("seminar-2").sequence, _count(AuditEntry), outbox()) == moved
    # The organiser's session survives the restart too.
    assert "Seminar 2" in client.get("/organise/p/award-2023/").get_data(as_text=True)


def test_replace_applies_the_file_as_an_audited_import(app, client, demo, clock):
    seat(seminar("seminar-2"), "ana@example.org", "America/Bogota", confirmed_at=clock())
    original = seminar("seminar-2").starts_at
    signed_in(client)
    assert _move_an_hour_later(client, "seminar-2").status_code == 303
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["demo", "load", "--replace", "--file", str(DEMO_FILE)])

    assert result.exit_code == 0, result.output
    assert result.output == ("Applied guangzhou-2023.yaml as an import: 0 added, 1 changed, 0 removed; "
                             "1 registrant email, 0 queued reminders withdrawn.\n")
    finish_fanouts()  # the scheduler's fan-out job queues the update email
    db.session.expire_all()
    assert seminar("seminar-2").starts_at == original
    assert outbox() == [("moved", "ana@example.org", "pending")]
    entries = db.session.execute(sa.select(AuditEntry.actor, AuditEntry.action, AuditEntry.key)
                                 .order_by(AuditEntry.id.desc()).limit(2)).all()
    assert [tuple(e) for e in entries] == [("command line", "imported", "award-2023"),
                                           ("command line", "moved", "seminar-2")]


def test_replace_refuses_upcoming_and_writes_nothing(app, demo):
    before = _count(AuditEntry)
    result = app.test_cli_runner().invoke(args=["demo", "load", "--replace", "--upcoming"])
    assert result.exit_code == 1
    assert result.output == ("Error: --upcoming shifts a programme into an empty database only; "
                             "leave it out with --replace.\n")
    assert _count(AuditEntry) == before


def test_a_database_with_only_cities_is_not_empty(app):
    db.session.add(City(slug="xianning", name="Xianning (organiser edit)", country="PRC", region="Hubei",
                        timezone="Asia/Shanghai"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "load", "--upcoming"])
    assert result.output.startswith(
        "Not loading board-meeting-2012.yaml, study-tours-2015.yaml, guangzhou-2023.yaml: "
        "the database already holds a programme (0 programmes, 1 city, 0 events, 0 seminars)")
    assert db.session.scalars(sa.select(City.name)).all() == ["Xianning (organiser edit)"]


def test_a_deactivated_demo_account_is_named_not_reset(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["organisers", "demo"])
    account = db.session.scalar(sa.select(Organiser))
    account.active = False
    db.session.commit()
    result = runner.invoke(args=["organisers", "demo"])
    assert result.output == ("Organiser console: the demo account organiser@example.org was deactivated; an admin "
                             "can reactivate it at http://127.0.0.1:5000/organise/accounts.\n")
    db.session.expire_all()
    assert db.session.scalar(sa.select(Organiser.active)) is False


def test_cli_load_with_a_bad_file_writes_nothing(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO_TEXT.replace("timezone: Asia/Kolkata", "timezone: India/Pune"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["demo", "load", "--file", str(bad)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: bad.yaml was not loaded; nothing was written:\n"
        "  - cities[7] (Pimpri Chinchwad) › timezone: “India/Pune” is not a time zone we know. "
        "Use an IANA name such as Europe/Berlin, America/Bogota or Asia/Shanghai.\n")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(City)) == 0


def test_cli_load_upcoming_reports_the_shift(app, clock):
    clock.now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    result = app.test_cli_runner().invoke(args=["demo", "load", "--upcoming"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Loaded board-meeting-2012.yaml as the programme “board-meeting-2012”: 1 city, 7 events, 0 seminars, "
        "0 initiatives, 1 venue: 10 added, 0 changed, 0 unchanged.\n"
        "Loaded study-tours-2015.yaml as the programme “study-tours-2015”: 6 cities, 0 events, 0 seminars, "
        "0 initiatives, 6 venues, 2 tours: 15 added, 0 changed, 0 unchanged.\n"
        "Shifted forward 605 weeks so the programme is upcoming: the first leg (Kazan) starts Mon, 23 Nov 2026.\n"
        "Loaded guangzhou-2023.yaml as the programme “award-2023”: 15 cities, 4 events, 4 seminars, "
        "15 initiatives: 33 added, 0 changed, 6 unchanged.\n"
        "Shifted forward 159 weeks so the programme is upcoming: Seminar 1 starts Mon, 23 Nov 2026.\n")
    programmes = db.session.execute(sa.select(Programme.slug, Programme.first_day, Programme.last_day)
                                    .order_by(Programme.first_day)).all()
    assert [tuple(p) for p in programmes] == [
        ("board-meeting-2012", dt.date(2012, 11, 14), dt.date(2012, 11, 17)),
        ("award-2023", dt.date(2026, 11, 18), dt.date(2026, 12, 26)),
        ("study-tours-2015", dt.date(2026, 11, 23), dt.date(2026, 12, 24))]
