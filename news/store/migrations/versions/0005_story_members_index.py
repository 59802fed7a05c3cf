"""index of each story's own reports by publication time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:00:00

Answers and digests list a story's latest reports; this partial index (originals only, not
near-duplicates) lets them read those few rows however large the story is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_ORIGINALS = sa.text("duplicate_of IS NULL")


def upgrade() -> None:
    op.create_index(
        'ix_articles_story_members', 'articles', ['story_id', 'published_at'],
        sqlite_where=_ORIGINALS, postgresql_where=_ORIGINALS,
    )


def downgrade() -> None:
    op.drop_index('ix_articles_story_members', table_name='articles')
