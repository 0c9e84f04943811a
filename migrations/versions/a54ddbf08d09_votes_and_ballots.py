"""votes and ballots: the "City of Your Choice" vote

Revision ID: a54ddbf08d09
Revises: fa14c4cebe3c
Create Date: 2026-11-22 00:12:28.571271

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a54ddbf08d09'
down_revision = 'fa14c4cebe3c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['city_id'], ['cities.id'], name=op.f('fk_ballots_city_id_cities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_ballots_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots'))
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_city_id'), ['city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballots_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballots_event_id'), ['event_id'], unique=False)

    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['cities.id'], name=op.f('fk_votes_city_id_cities'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_votes_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes')),
    sa.UniqueConstraint('event_id', 'email', name='uq_votes_event_email')
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votes_city_id'), ['city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_votes_event_id'))
        batch_op.drop_index(batch_op.f('ix_votes_city_id'))

    op.drop_table('votes')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_event_id'))
        batch_op.drop_index(batch_op.f('ix_ballots_email'))
        batch_op.drop_index(batch_op.f('ix_ballots_city_id'))

    op.drop_table('ballots')
