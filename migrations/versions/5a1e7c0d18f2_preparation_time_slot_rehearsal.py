"""preparation: the time slot, the agenda's moments, rehearsals

Revision ID: 5a1e7c0d18f2
Revises: 5e17c1a1b0a7
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1e7c0d18f2'
down_revision = '5e17c1a1b0a7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('rotation_minutes', sa.Integer(), server_default='5',
                                      nullable=False))
        batch_op.add_column(sa.Column('plenary_minutes', sa.Integer(), server_default='30',
                                      nullable=False))
        batch_op.add_column(sa.Column('rehearsed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rehearsal', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('speed', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('rehearsal_data', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.drop_column('rehearsal_data')
        batch_op.drop_column('speed')
        batch_op.drop_column('rehearsal')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('rehearsed_at')
        batch_op.drop_column('plenary_minutes')
        batch_op.drop_column('rotation_minutes')
        batch_op.drop_column('ends_at')
        batch_op.drop_column('starts_at')
