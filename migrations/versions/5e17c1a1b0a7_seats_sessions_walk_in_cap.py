"""seats and sessions: claim approvals, erased people, walk-ins and their cap, session version

Revision ID: 5e17c1a1b0a7
Revises: 6f89646d0a0f
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e17c1a1b0a7'
down_revision = '6f89646d0a0f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claim_requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('erased', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('walked_in', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_unique_constraint('uq_participant_claim_hash', ['claim_hash'])
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('walk_in_cap', sa.Integer(), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('walk_in_cap')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_claim_hash', type_='unique')
        batch_op.drop_column('walked_in')
        batch_op.drop_column('erased')
        batch_op.drop_column('claim_requested_at')
        batch_op.drop_column('claim_hash')
