"""each chat's 👍 / 👎 on digest stories

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 23:55:00

A press moves stories like the pressed one up or down in the chat's later digests
(``news.answers.feedback``). One row per chat and story; the story's terms and outlets are kept
with it, so feedback outlives the story.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'story_feedback',
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('story_id', sa.Integer(), nullable=False),
        sa.Column('sign', sa.SmallInteger(), nullable=False),
        sa.Column('terms', sa.JSON(), nullable=False),
        sa.Column('outlets', sa.JSON(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['chat_id'], ['chats.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('chat_id', 'story_id'),
    )


def downgrade() -> None:
    op.drop_table('story_feedback')
