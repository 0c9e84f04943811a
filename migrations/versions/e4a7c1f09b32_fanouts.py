"""fanouts: a seminar change's emails, queued by the scheduler in chunks

A move, a cancellation, an announcement or seats given from the waiting list write one row; the
fan-out job expands it into the outbox (``after_id`` and ``queued`` committed with each chunk).

Revision ID: e4a7c1f09b32
Revises: 8f3b6d2e4a10
Create Date: 2026-12-03 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e4a7c1f09b32'
down_revision = '3d9a7c1b5e62'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fanouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('seminar_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('previous_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('nonce', sa.String(length=100), nullable=False),
    sa.Column('registration_ids', sa.JSON(), nullable=False),
    sa.Column('upto_id', sa.Integer(), nullable=False),
    sa.Column('after_id', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('queued', sa.Integer(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('moved', 'cancelled', 'announcement', 'promoted')",
                       name=op.f('ck_fanouts_kind_known')),
    sa.CheckConstraint("status IN ('running', 'done', 'superseded')", name=op.f('ck_fanouts_status_known')),
    sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'], name=op.f('fk_fanouts_organiser_id_organisers'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['seminar_id'], ['seminars.id'], name=op.f('fk_fanouts_seminar_id_seminars'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fanouts'))
    )
    with op.batch_alter_table('fanouts', schema=None) as batch_op:
        batch_op.create_index('ix_fanouts_status', ['status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fanouts_seminar_id'), ['seminar_id'], unique=False)


def downgrade():
    with op.batch_alter_table('fanouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fanouts_seminar_id'))
        batch_op.drop_index('ix_fanouts_status')
    op.drop_table('fanouts')
