"""feedback files in 1 MB chunk rows, out of the import's row

SQLite rewrites a whole row on any update: with a 15 MB file inside feedback_import, every
status or progress update of an import copied the file again, on the server's hub.

Revision ID: d4c1f7e2a917
Revises: 5a1e7c0d18f2
Create Date: 2026-12-03 17:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4c1f7e2a917'
down_revision = '5a1e7c0d18f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feedback_file_chunk',
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['import_id'], ['feedback_import.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('import_id', 'seq'))
    # A kept file becomes one chunk of its whole size: readers take chunks of any size.
    op.execute("INSERT INTO feedback_file_chunk (import_id, seq, data) "
               "SELECT id, 0, data FROM feedback_import "
               "WHERE data IS NOT NULL AND length(data) > 0")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's own DROP COLUMN (3.35+), not a batch copy: the copy would drop the old
        # table, and with foreign keys on that deletes, by cascade, every response and
        # chunk of every import.
        op.execute("ALTER TABLE feedback_import DROP COLUMN data")
    else:
        op.drop_column('feedback_import', 'data')


def downgrade():
    with op.batch_alter_table('feedback_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    chunks = sa.table('feedback_file_chunk', sa.column('import_id'), sa.column('seq'),
                      sa.column('data'))
    imports = sa.table('feedback_import', sa.column('id'), sa.column('data'))
    for (import_id,) in connection.execute(sa.select(chunks.c.import_id).distinct()).all():
        data = b"".join(bytes(row.data) for row in connection.execute(
            sa.select(chunks.c.data).where(chunks.c.import_id == import_id)
            .order_by(chunks.c.seq)))
        connection.execute(sa.update(imports).where(imports.c.id == import_id)
                           .values(data=data))
    op.drop_table('feedback_file_chunk')
