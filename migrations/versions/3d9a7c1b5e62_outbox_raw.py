"""outbox raw bytes

An outbox message keeps its RFC 5322 bytes, built once when it is queued; delivery streams them.
Existing rows: none (built at send time, as before).

Revision ID: 3d9a7c1b5e62
Revises: 8f3b6d2e4a10
Create Date: 2026-12-03 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3d9a7c1b5e62'
down_revision = '8f3b6d2e4a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.add_column(sa.Column("raw", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_column("raw")
