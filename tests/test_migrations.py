"""The same migrations build the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db


def schema_differences():
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), db.metadata)


def test_migrations_match_the_models(app):
    assert schema_differences() == []


def test_migrations_downgrade_and_upgrade_again(app):
    db.session.remove()
    downgrade(revision="base")
    tables_after_downgrade = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
    upgrade()
    assert tables_after_downgrade == set()
    assert {"events", "seminars", "cities", "initiatives"} <= set(db.inspect(db.engine).get_table_names())
    assert schema_differences() == []
