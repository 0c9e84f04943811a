"""languages

Registrants (and so tour applicants), voters and organisers keep a language: their emails, their
personal feed and their console are written in it. Existing rows read English, as they did.

Revision ID: 5c1e0a7d9b21
Revises: 27c8965a2c56
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c1e0a7d9b21'
down_revision = '27c8965a2c56'
branch_labels = None
depends_on = None

TABLES = ("registrants", "ballots", "organisers")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="en", nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("language")
