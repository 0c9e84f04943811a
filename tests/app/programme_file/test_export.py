"""The console's export is a programme file that reads back as the same programme, across a DST change too."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
import yaml
from flask_login import login_user

from app.extensions import db
from app.models import Programme
from app.programme_file.apply import apply_programme
from app.programme_file.export import export_text
from app.programme_file.importer import run_import
from app.programme_file.parsing import parse
from tests.app.helpers.organise import make_organiser, signed_in
from tests.app.helpers.programme_file import SERIES, export
from tests.conftest import FILES
from tests.app.helpers.reminders import seminar

UTC = dt.timezone.utc


def test_export_then_import_changes_nothing_even_across_a_dst_change(app, demo, clock):
    s2 = seminar("seminar-2")
    s2.timezone = "Europe/Berlin"
    s2.starts_at = dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC)  # the second 02:30, UTC+1
    s2.ends_at = dt.datetime(2028, 10, 29, 3, 0, tzinfo=UTC)
    db.session.commit()
    sequence = s2.sequence
    text = export_text(db.session.scalar(sa.select(Programme)))
    assert "date: '2028-10-29'\n    start: 02:30\n    end: 04:00\n    start_offset: +01:00\n" in text
    with app.test_request_context():
        login_user(make_organiser())
        result = run_import(text, now=clock(), notify=True, apply=True)
    assert result.problems == [] and result.applied
    assert result.summary == "0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn"
    db.session.expire_all()
    assert (seminar("seminar-2").starts_at, seminar("seminar-2").sequence) == (
        dt.datetime(2028, 10, 29, 1, 30, tzinfo=UTC), sequence)


def test_export_is_a_programme_file_with_the_times_and_passcodes(client, demo):
    signed_in(client)
    response = client.get("/organise/p/award-2023/programme.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="award-2023-20231030-0616.yaml"'
    assert (response.mimetype, response.headers["Cache-Control"]) == ("application/yaml", "no-store")
    text = response.data.decode("utf-8")
    assert text.startswith("# Programme file (docs/data-format.md), exported from the organiser console.\nformat: 1\n"
                           "programme:\n  slug: award-2023\n  title: 6th Guangzhou International Award for Urban "
                           "Innovation\n")
    assert ("  timezone: Asia/Shanghai\n  dates:\n    first: '2023-11-01'\n    last: '2023-12-09'\n"
            "  status: published\n  serves_old_urls: true\ncities:\n") in text
    assert "- name: São Paulo\n  slug: sao-paulo\n  country: Brazil\n" in text
    assert ("  - number: 2\n    slug: seminar-2\n    title: Leaving no one and no place behind\n" in text
            and "    date: '2023-11-07'\n    start: '19:30'\n    end: '21:00'\n    timezone: Asia/Shanghai\n" in text)
    data = parse(text)
    [series] = [e for e in data.events if e.slug == SERIES]
    assert [(s.slug, s.date, s.start, s.end, s.timezone, s.meeting.passcode) for s in series.seminars] == [
        ("seminar-1", dt.date(2023, 11, 6), dt.time(20, 30), dt.time(22, 0), "Asia/Shanghai", "807001"),
        ("seminar-2", dt.date(2023, 11, 7), dt.time(19, 30), dt.time(21, 0), "Asia/Shanghai", "214172"),
        ("seminar-3", dt.date(2023, 11, 8), dt.time(20, 30), dt.time(22, 0), "Asia/Shanghai", "685581"),
        ("seminar-4", dt.date(2023, 11, 9), dt.time(21, 0), dt.time(22, 30), "Asia/Shanghai", "011826")]
    assert len(data.cities) == 15


def test_export_without_signing_in_redirects_and_reveals_nothing(client, demo):
    response = client.get("/organise/p/award-2023/programme.yaml")
    assert (response.status_code, response.headers["Location"]) == (
        302, "/organise/sign-in?next=%2Forganise%2Fp%2Faward-2023%2Fprogramme.yaml")
    assert b"214172" not in response.data


def test_export_lists_events_in_date_order_on_every_database(client, demo):
    signed_in(client)
    slugs = [event["slug"] for event in yaml.safe_load(export(client))["events"]]
    # The timed ceremony (7 Dec) has no first_day: NULL sorts first on SQLite and last on PostgreSQL.
    assert slugs[:2] == ["city-of-your-choice-2023", SERIES]
    assert sorted(slugs[2:]) == ["award-ceremony-2023", "global-mayors-forum-2023"]


@pytest.mark.parametrize("name", ["board-meeting-2012.yaml", "study-tours-2015.yaml", "guangzhou-2023.yaml"])
def test_each_demo_programme_exports_to_a_file_that_changes_nothing(app, clock, name):
    for each in ("board-meeting-2012.yaml", "study-tours-2015.yaml", "guangzhou-2023.yaml"):
        apply_programme(parse((FILES / each).read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    slug = parse((FILES / name).read_text(encoding="utf-8")).programme.slug
    text = export_text(db.session.scalar(sa.select(Programme).filter_by(slug=slug)))
    assert parse(text).programme.slug == slug
    with app.test_request_context():
        login_user(make_organiser())
        result = run_import(text, now=clock(), notify=True, apply=False, programme=slug)
    assert (result.problems, result.summary) == (
        [], "0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn")


def test_a_tour_exports_its_legs_in_their_own_zones(app, clock):
    apply_programme(parse((FILES / "study-tours-2015.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    data = yaml.safe_load(export_text(db.session.scalar(sa.select(Programme))))
    europe = data["tours"][0]
    assert (europe["slug"], europe["illustrative"], europe["capacity"]) == ("study-tour-europe-2015", True, 20)
    assert europe["legs"][0] == {"city": "kazan", "timezone": "Europe/Moscow", "host": "City of Kazan",
                                 "venue": "kazan-city-centre", "date": "2015-04-20", "start": "09:00",
                                 "end": "17:00", "end_date": "2015-04-22"}
    assert europe["legs"][2]["dates"] == {"first": "2015-04-28", "last": "2015-04-30"}
    assert [v["slug"] for v in data["venues"]][:2] == ["kazan-city-centre", "antalya-city-centre"]
