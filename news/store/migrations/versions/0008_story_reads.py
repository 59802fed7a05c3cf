"""what each chat was sent of each story

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 23:50:00

A chat's digest brings a story it has seen only when the story has new reports, and then only
their new facts: ``story_reads`` keeps, per chat and story, the reports the chat has seen and
fingerprints of the sentences it was sent. Rows go with their story (retention) and chat.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'story_reads',
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('story_id', sa.Integer(), nullable=False),
        sa.Column('article_ids', sa.JSON(), nullable=False),
        sa.Column('sentences', sa.JSON(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['chat_id'], ['chats.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('chat_id', 'story_id'),
    )
    op.create_index('ix_story_reads_story', 'story_reads', ['story_id'])


def downgrade() -> None:
    op.drop_index('ix_story_reads_story', table_name='story_reads')
    op.drop_table('story_reads')
