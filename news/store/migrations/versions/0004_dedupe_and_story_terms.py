"""near-duplicate keys and story term frequencies

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-22 12:00:00

``near_dup_keys`` holds MinHash LSH band keys (news.dedupe); ``story_terms`` the document
frequency of each hashed term that story clustering weighs by IDF (news.stories).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'near_dup_keys',
        sa.Column('key', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key', 'article_id'),
    )
    with op.batch_alter_table('near_dup_keys', schema=None) as batch_op:
        batch_op.create_index('ix_near_dup_keys_article', ['article_id'], unique=False)
    op.create_table(
        'story_terms',
        sa.Column('term', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('df', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('term'),
    )


def downgrade() -> None:
    op.drop_table('story_terms')
    with op.batch_alter_table('near_dup_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_near_dup_keys_article')
    op.drop_table('near_dup_keys')
