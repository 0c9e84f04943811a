"""The programmes migration turns a single-programme database into one programme holding all its
rows, on SQLite and PostgreSQL: nothing else changes, and a downgrade gives the old database back.

Rows go in with raw SQL through reflected tables, never the models: the models describe the newest
schema, and these rows belong to the schema of the revision before the migration.
"""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db

UTC = dt.timezone.utc
BEFORE = "a54ddbf08d09"
PROGRAMMES = "b7e2c9d41f05"
NEW_TABLES = {"programmes", "programme_cities"}
PROGRAMME_COLUMNS = {"id", "slug", "title", "description", "timezone", "first_day", "last_day", "status",
                     "serves_old_urls", "updated_at"}
#: The programme the migration makes of OLD_ROWS (its description and updated_at are the migration's choice).
AWARD_2023 = {"slug": "award-2023", "title": "6th Guangzhou International Award for Urban Innovation",
              "status": "published", "serves_old_urls": True, "timezone": "Asia/Shanghai",
              "first_day": dt.date(2023, 11, 5), "last_day": dt.date(2023, 12, 2)}


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


#: A database of the 2023 programme as revision BEFORE holds it, every table filled. The dates the
#: programme spans come from two rows: seminar 2, set in Mexico City, begins on 5 Nov there (6 Nov in
#: UTC and in the series' zone); the ceremony ends at 02:30 on 2 Dec in Asia/Shanghai (1 Dec in UTC).
#: Kazan presents nothing and holds no vote: it is linked to the programme all the same.
OLD_ROWS = {
    "cities": [
        dict(id=1, slug="xianning", name="Xianning", country="China", region="", timezone="Asia/Shanghai",
             updated_at=utc(2023, 10, 30, 6, 16, 30)),
        dict(id=2, slug="alcaldia-iztapalapa", name="Alcaldía Iztapalapa", country="Mexico", region="Mexico City",
             timezone="America/Mexico_City", updated_at=utc(2023, 10, 30, 6, 16, 30)),
        dict(id=3, slug="kazan", name="Kazan", country="Russia", region="", timezone="Europe/Moscow",
             updated_at=utc(2023, 10, 31, 9, 0, 0, 250000)),
    ],
    "events": [
        dict(id=1, slug="international-seminar-2023", kind="seminar-series",
             title="International Seminar on Learning from Urban Innovation", description="Four online seminars.",
             location="Online", timezone="Asia/Shanghai", first_day=dt.date(2023, 11, 6),
             last_day=dt.date(2023, 11, 9), starts_at=None, ends_at=None, sequence=0,
             updated_at=utc(2023, 10, 30, 6, 16, 30)),
        dict(id=2, slug="award-ceremony-2023", kind="ceremony", title="Award Ceremony of the 6th Guangzhou Award",
             description="", location="Guangzhou, China", timezone="Asia/Shanghai", first_day=None, last_day=None,
             starts_at=utc(2023, 12, 1, 16, 30), ends_at=utc(2023, 12, 1, 18, 30), sequence=2,
             updated_at=utc(2023, 11, 20, 8, 0, 5)),
    ],
    "seminars": [
        dict(id=1, event_id=1, number=1, slug="seminar-1", title="Making our cities and regions safe and resilient",
             theme="Responding to emerging and new challenges", starts_at=utc(2023, 11, 6, 12, 30),
             ends_at=utc(2023, 11, 6, 14, 0), timezone="Asia/Shanghai", meeting_provider="Zoom",
             join_url="https://zoom.us/j/82318937943", meeting_id="823 1893 7943", passcode="807001", capacity=100,
             status="scheduled", reminder_offsets=[1440, 60], rescheduled_at=None, sequence=0,
             updated_at=utc(2023, 10, 30, 6, 16, 30)),
        dict(id=2, event_id=1, number=2, slug="seminar-2", title="Leaving no one and no place behind", theme="",
             starts_at=utc(2023, 11, 6, 3, 0), ends_at=utc(2023, 11, 6, 4, 30), timezone="America/Mexico_City",
             meeting_provider="Teams", join_url="", meeting_id="", passcode="", capacity=None, status="scheduled",
             reminder_offsets=[10080, 60], rescheduled_at=utc(2023, 11, 1, 2, 0), sequence=1,
             updated_at=utc(2023, 11, 1, 2, 0)),
    ],
    "initiatives": [
        dict(id=1, title="Enhancing traffic safety near schools", city_id=1, seminar_id=1, position=0),
        dict(id=2, title="UTOPIAS", city_id=2, seminar_id=2, position=0),
    ],
    "programme_versions": [dict(id=1, token="0f3c5a9e2b7d4c1f8e6a0b9d3c2e1f4a", changed_at=utc(2023, 11, 20, 8, 0, 6))],
    "registrants": [
        dict(id=1, email="ana@example.org", name="Ana María", organisation="Alcaldía de Bogotá", place="Bogotá",
             timezone="America/Bogota", reminder_offsets=[1440, 60], manage_token="mT4n9bXcQ2vR8sLk1wYp6zAe3uJh0dGf",
             consent_at=utc(2023, 10, 31, 14, 2, 11), created_at=utc(2023, 10, 31, 14, 2, 11),
             updated_at=utc(2023, 11, 2, 9, 30), reminders_changed_at=None),
        dict(id=2, email="li.wei@example.cn", name="李伟", organisation="", place="",
             timezone="Asia/Shanghai", reminder_offsets=[], manage_token="Zr7Hq2WmK9cN4xTb6vLs1pYe8dFg3jUa",
             consent_at=utc(2023, 11, 1, 1, 0), created_at=utc(2023, 11, 1, 1, 0),
             updated_at=utc(2023, 11, 3, 4, 5, 6), reminders_changed_at=utc(2023, 11, 3, 4, 5, 6)),
    ],
    "feed_tokens": [
        dict(id=1, registrant_id=1, token="a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6", created_at=utc(2023, 10, 31, 14, 2, 11),
             revoked_at=utc(2023, 11, 2, 9, 30)),
        dict(id=2, registrant_id=1, token="Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2", created_at=utc(2023, 11, 2, 9, 30),
             revoked_at=None),
        dict(id=3, registrant_id=2, token="g3H4i5J6k7L8m9N0o1P2q3R4s5T6u7V8", created_at=utc(2023, 11, 1, 1, 0),
             revoked_at=None),
    ],
    "registrations": [
        dict(id=1, registrant_id=1, seminar_id=1, status="confirmed", created_at=utc(2023, 10, 31, 14, 2, 11),
             confirmed_at=utc(2023, 10, 31, 14, 5), waitlisted_at=None, cancelled_at=None,
             join_token="jA1kB2lC3mD4nE5oF6pG7qH8rI9sJ0tK", updated_at=utc(2023, 10, 31, 14, 5)),
        dict(id=2, registrant_id=2, seminar_id=1, status="waitlisted", created_at=utc(2023, 11, 1, 1, 0),
             confirmed_at=None, waitlisted_at=utc(2023, 11, 1, 1, 2), cancelled_at=None,
             join_token="uL1vM2wN3xO4yP5zQ6aR7bS8cT9dU0eV", updated_at=utc(2023, 11, 1, 1, 2)),
        dict(id=3, registrant_id=1, seminar_id=2, status="cancelled", created_at=utc(2023, 10, 31, 14, 3),
             confirmed_at=utc(2023, 10, 31, 14, 6), waitlisted_at=None, cancelled_at=utc(2023, 11, 2, 9, 0),
             join_token="fW1gX2hY3iZ4jA5kB6lC7mD8nE9oF0pG", updated_at=utc(2023, 11, 2, 9, 0)),
    ],
    "outbox_messages": [
        dict(id=1, key="reminder:1:1440:20231106T123000Z", recipient="ana@example.org",
             subject="Tomorrow: Making our cities and regions safe and resilient", text_body="See you tomorrow.",
             html_body="<p>See you tomorrow.</p>", ics="", ics_method="",
             headers="List-Unsubscribe: <https://seminars.example.org/unsubscribe/mT4n9bXc>", status="sent",
             attempts=1, next_attempt_at=utc(2023, 11, 5, 12, 30), claimed_until=None, last_error="",
             created_at=utc(2023, 11, 5, 12, 30), sent_at=utc(2023, 11, 5, 12, 30, 4)),
        dict(id=2, key="confirm:2:1", recipient="li.wei@example.cn", subject="You are on the waiting list",
             text_body="We will write when a seat frees up.", html_body="",
             ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", ics_method="REQUEST", headers="", status="failed",
             attempts=5, next_attempt_at=utc(2023, 11, 1, 9, 0), claimed_until=utc(2023, 11, 1, 9, 5),
             last_error="550 no such user", created_at=utc(2023, 11, 1, 1, 2), sent_at=None),
    ],
    "reminders": [
        dict(id=1, registration_id=1, seminar_id=1, offset_minutes=1440, starts_at=utc(2023, 11, 6, 12, 30),
             due_at=utc(2023, 11, 5, 12, 30), status="queued", reason="",
             outbox_key="reminder:1:1440:20231106T123000Z", created_at=utc(2023, 11, 5, 12, 30)),
        dict(id=2, registration_id=1, seminar_id=1, offset_minutes=60, starts_at=utc(2023, 11, 6, 12, 30),
             due_at=utc(2023, 11, 6, 11, 30), status="skipped", reason="started", outbox_key=None,
             created_at=utc(2023, 11, 6, 12, 31)),
    ],
    "organisers": [
        dict(id=1, email="editor@example.org", name="Programme editor", password_hash="scrypt:32768:8:1$Yx$9f2c",
             role="admin", active=True, session_version=2, created_at=utc(2023, 10, 1, 8, 0),
             last_sign_in_at=utc(2023, 11, 1, 2, 0)),
        dict(id=2, email="seminars@example.org", name="", password_hash="scrypt:32768:8:1$Zy$1a2b",
             role="editor", active=True, session_version=1, created_at=utc(2023, 10, 2, 8, 0),
             last_sign_in_at=None),
    ],
    "audit_entries": [
        dict(id=1, at=utc(2023, 11, 1, 2, 0), organiser_id=1, actor="editor@example.org", action="moved",
             kind="seminar", key="seminar-2", changes={"starts_at": ["2023-11-07 03:00", "2023-11-06 03:00"]},
             summary="1 registrant told"),
        dict(id=2, at=utc(2023, 11, 1, 3, 0), organiser_id=1, actor="editor@example.org", action="added",
             kind="organiser", key="seminars@example.org", changes={"role": [None, "editor"]}, summary=""),
    ],
    "ballots": [
        dict(id=1, event_id=2, city_id=2, email="li.wei@example.cn", cast_at=utc(2023, 11, 3, 4, 0),
             confirmed_at=utc(2023, 11, 3, 4, 2)),
    ],
    "votes": [dict(id=1, event_id=2, city_id=2, email="li.wei@example.cn", confirmed_at=utc(2023, 11, 3, 4, 2))],
}


def reflect(conn) -> sa.MetaData:
    metadata = sa.MetaData()
    metadata.reflect(conn)
    metadata.remove(metadata.tables["alembic_version"])
    return metadata


def table_columns(conn) -> dict[str, list[str]]:
    return {table.name: [column.name for column in table.columns] for table in reflect(conn).sorted_tables}


def snapshot(conn, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """The rows of the tables in ``columns``, only those columns, in primary-key order."""
    tables = reflect(conn).tables
    return {name: [tuple(row) for row in conn.execute(
        sa.select(*(tables[name].c[column] for column in names)).order_by(*tables[name].primary_key.columns))]
        for name, names in columns.items()}


def delete_every_row(conn) -> None:
    """Empties the database whatever its revision (the models know only the newest tables)."""
    for table in reversed(reflect(conn).sorted_tables):
        conn.execute(table.delete())


@pytest.fixture()
def old_database(app):
    """The test database at revision BEFORE and empty; left at head and empty for the next tests."""
    db.session.remove()
    with db.engine.begin() as conn:
        delete_every_row(conn)
    downgrade(revision=BEFORE)
    yield
    db.session.remove()
    with db.engine.begin() as conn:
        delete_every_row(conn)
    upgrade()


@pytest.fixture()
def old_rows(old_database):
    """OLD_ROWS written, and the database as it then is: {table: columns} and {table: rows}."""
    with db.engine.begin() as conn:
        for table in reflect(conn).sorted_tables:
            conn.execute(table.insert(), OLD_ROWS[table.name])
    with db.engine.connect() as conn:
        columns = table_columns(conn)
        return columns, snapshot(conn, columns)


def test_programmes_migration_makes_one_programme_of_the_old_rows(old_rows):
    columns, before = old_rows
    assert {name: len(rows) for name, rows in before.items()} == {name: len(rows) for name, rows in OLD_ROWS.items()}
    upgrade(revision=PROGRAMMES)
    with db.engine.connect() as conn:
        tables = reflect(conn).tables
        programmes = [row._asdict() for row in conn.execute(sa.select(tables["programmes"]))]
        events = conn.execute(sa.select(tables["events"].c.id, tables["events"].c.programme_id)
                              .order_by(tables["events"].c.id)).all()
        cities = conn.execute(sa.select(tables["programme_cities"].c.programme_id, tables["programme_cities"].c.city_id)
                              .order_by(tables["programme_cities"].c.city_id)).all()
        audit = conn.execute(sa.select(tables["audit_entries"].c.id, tables["audit_entries"].c.programme)
                             .order_by(tables["audit_entries"].c.id)).all()
        editors = conn.execute(sa.select(tables["programme_editors"])).all()
        after = snapshot(conn, columns)
    assert [{name: programme[name] for name in AWARD_2023} for programme in programmes] == [AWARD_2023]
    # The seminar's move was in the one programme; the account change belongs to none. The editor
    # keeps editing it (an admin edits every programme without a grant).
    assert [tuple(row) for row in audit] == [(1, "award-2023"), (2, None)]
    assert [tuple(row) for row in editors] == [(programmes[0]["id"], 2)]
    programme = programmes[0]
    assert [tuple(row) for row in events] == [(1, programme["id"]), (2, programme["id"])]
    assert [tuple(row) for row in cities] == [(programme["id"], 1), (programme["id"], 2), (programme["id"], 3)]
    assert after == before


def test_programmes_migration_makes_no_programme_of_an_empty_database(old_database):
    upgrade(revision=PROGRAMMES)
    with db.engine.connect() as conn:
        rows = snapshot(conn, {"programmes": ["id"], "programme_cities": ["programme_id", "city_id"]})
    assert rows == {"programmes": [], "programme_cities": []}


def test_programmes_migration_downgrade_keeps_the_old_rows(old_rows):
    columns, before = old_rows
    upgrade(revision=PROGRAMMES)
    downgrade(revision=BEFORE)
    with db.engine.connect() as conn:
        assert table_columns(conn) == columns
        assert snapshot(conn, columns) == before


def test_programmes_migration_schema_adds_the_tables_and_events_column(old_rows):
    columns, _ = old_rows
    upgrade(revision=PROGRAMMES)
    with db.engine.connect() as conn:
        after = table_columns(conn)
        inspector = sa.inspect(conn)
        programme = {column["name"]: column for column in inspector.get_columns("programmes")}
        programme_id = {column["name"]: column for column in inspector.get_columns("events")}["programme_id"]
        event_keys = inspector.get_foreign_keys("events")
        event_indexes = [index["column_names"] for index in inspector.get_indexes("events")]
        unique = [u["column_names"] for u in inspector.get_unique_constraints("programmes")] + [
            i["column_names"] for i in inspector.get_indexes("programmes") if i["unique"]]
        city_keys = inspector.get_foreign_keys("programme_cities")
        city_key = inspector.get_pk_constraint("programme_cities")["constrained_columns"]
    assert {name: set(names) - set(columns.get(name, ())) for name, names in after.items()
            if set(names) != set(columns.get(name, ()))} == {
        "programmes": PROGRAMME_COLUMNS, "programme_cities": {"programme_id", "city_id"}, "events": {"programme_id"},
        "programme_editors": {"programme_id", "organiser_id"}, "audit_entries": {"programme"}}
    types = {name: column["type"] for name, column in programme.items()}
    assert {name: types[name].length for name in ("slug", "title", "timezone", "status")} == {
        "slug": 80, "title": 200, "timezone": 64, "status": 20}
    assert [name for name, kind in (("slug", sa.String), ("title", sa.String), ("description", sa.Text),
                                    ("timezone", sa.String), ("first_day", sa.Date), ("last_day", sa.Date),
                                    ("status", sa.String), ("serves_old_urls", sa.Boolean),
                                    ("updated_at", sa.DateTime)) if not isinstance(types[name], kind)] == []
    assert [programme[name]["nullable"] for name in ("first_day", "last_day", "serves_old_urls")] == [False] * 3
    assert ["slug"] in unique
    assert isinstance(programme_id["type"], sa.Integer)
    assert programme_id["nullable"] is False
    assert [(key["referred_table"], key["referred_columns"], key["options"].get("ondelete"))
            for key in event_keys if key["constrained_columns"] == ["programme_id"]] == [
        ("programmes", ["id"], "RESTRICT")]
    assert ["programme_id"] in event_indexes
    assert sorted(city_key) == ["city_id", "programme_id"]
    assert sorted((key["constrained_columns"], key["referred_table"], key["referred_columns"])
                  for key in city_keys) == [(["city_id"], "cities", ["id"]), (["programme_id"], "programmes", ["id"])]
