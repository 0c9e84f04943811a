"""programmes: every cycle of the award in one service

An existing database held one programme: it becomes the programme "award-2023" holding every
event, with every city taking part in it, and it keeps serving the old URLs; the audit log's
entries name it, and its editors may edit it. Nothing else changes.

Revision ID: b7e2c9d41f05
Revises: a54ddbf08d09
Create Date: 2026-12-03 06:40:00

"""
import datetime as dt
import zoneinfo

import sqlalchemy as sa
from alembic import op

revision = 'b7e2c9d41f05'
down_revision = 'a54ddbf08d09'
branch_labels = None
depends_on = None

UTC = dt.timezone.utc
TITLE = "6th Guangzhou International Award for Urban Innovation"


def _local_day(instant, zone):
    if instant.tzinfo is None:  # SQLite keeps naive UTC
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).date()


def _as_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _as_instant(value):
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _days(conn):
    """Every day an event or seminar touches, in its own zone."""
    days = []
    for first, last, starts, ends, zone in conn.execute(sa.text(
            "SELECT first_day, last_day, starts_at, ends_at, timezone FROM events")):
        if first is not None:
            days += [_as_date(first), _as_date(last)]
        else:
            days += [_local_day(_as_instant(starts), zone), _local_day(_as_instant(ends), zone)]
    for starts, ends, zone in conn.execute(sa.text("SELECT starts_at, ends_at, timezone FROM seminars")):
        days += [_local_day(_as_instant(starts), zone), _local_day(_as_instant(ends), zone)]
    return days


def upgrade():
    programmes = op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('serves_old_urls', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('last_day >= first_day', name=op.f('ck_programmes_day_order')),
    sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name=op.f('ck_programmes_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('slug', name=op.f('uq_programmes_slug'))
    )
    op.create_table('programme_cities',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['cities.id'], name=op.f('fk_programme_cities_city_id_cities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_cities_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'city_id', name=op.f('pk_programme_cities'))
    )
    op.create_table('programme_editors',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'], name=op.f('fk_programme_editors_organiser_id_organisers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_editors_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'organiser_id', name=op.f('pk_programme_editors'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entries_programme'), ['programme'], unique=False)

    conn = op.get_bind()
    events = conn.execute(sa.text("SELECT id, timezone FROM events ORDER BY id")).all()
    cities = conn.execute(sa.text("SELECT id FROM cities ORDER BY id")).scalars().all()
    if events or cities:
        days = _days(conn)
        today = dt.datetime.now(UTC).date()
        conn.execute(programmes.insert().values(
            id=1, slug="award-2023", title=TITLE, description="",
            timezone=events[0].timezone if events else "Asia/Shanghai",
            first_day=min(days, default=today), last_day=max(days, default=today), status="published",
            serves_old_urls=True, updated_at=dt.datetime.now(UTC)))
        conn.execute(sa.text("UPDATE events SET programme_id = 1"))
        # What organisers changed so far was this programme (accounts excepted).
        conn.execute(sa.text("UPDATE audit_entries SET programme = 'award-2023' WHERE kind <> 'organiser'"))
        # Editors keep editing what they edited: the one programme there was.
        conn.execute(sa.text("INSERT INTO programme_editors (programme_id, organiser_id) "
                             "SELECT 1, id FROM organisers WHERE role = 'editor'"))
        if cities:
            conn.execute(sa.text("INSERT INTO programme_cities (programme_id, city_id) SELECT 1, id FROM cities"))
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('programmes', 'id'), 1)"))

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.alter_column('programme_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_events_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_programme_id_programmes'), 'programmes', ['programme_id'],
                                    ['id'], ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_programme'))
        batch_op.drop_column('programme')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_programme_id_programmes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_programme_id'))
        batch_op.drop_column('programme_id')

    op.drop_table('programme_editors')
    op.drop_table('programme_cities')
    op.drop_table('programmes')
