"""content translations

Titles, themes, descriptions, initiative titles, city, venue and host names may carry other
languages beside their own column (a JSON ``translations`` per row); a programme names the language
of its own columns. Existing rows: no translations, English.

Revision ID: 8f3b6d2e4a10
Revises: 5c1e0a7d9b21
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8f3b6d2e4a10'
down_revision = '5c1e0a7d9b21'
branch_labels = None
depends_on = None

TABLES = ("programmes", "events", "seminars", "cities", "initiatives", "venues", "tours", "tour_legs")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("translations", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
    with op.batch_alter_table("programmes") as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="en", nullable=False))


def downgrade():
    with op.batch_alter_table("programmes") as batch_op:
        batch_op.drop_column("language")
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("translations")
