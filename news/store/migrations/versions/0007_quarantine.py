"""quarantined items and the original publication date

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 23:30:00

An item that a pipeline stage cannot handle (an unparseable entry, a row the database refuses,
an article that breaks summarizing or clustering) is set aside with its reason instead of failing
the batch; ``quarantine`` keeps those reasons for ``newsbrief stats``/``fetch``, and the article
stages skip a quarantined article. A publication date that was not believable (far future,
before 1990, unreadable) is replaced by the fetch time; ``published_raw`` keeps what the source said.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('published_raw', sa.Text(), nullable=True))
    op.create_table(
        'quarantine',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=False),
        sa.Column('item', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('feed_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_quarantine_article', 'quarantine', ['article_id'])
    op.create_index('ix_quarantine_at', 'quarantine', ['at'])


def downgrade() -> None:
    op.drop_index('ix_quarantine_at', table_name='quarantine')
    op.drop_index('ix_quarantine_article', table_name='quarantine')
    op.drop_table('quarantine')
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('published_raw')
