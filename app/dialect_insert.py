"""INSERT with ON CONFLICT for the session's database: PostgreSQL's or SQLite's construct (the
generic one has no ``on_conflict_*``)."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def insert(table):
    """``insert(table)`` of the session's dialect, with ``on_conflict_do_update``/``do_nothing``."""
    construct = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return construct(table)
