"""who manages which channel or group from a private chat

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 00:40:00

``/channel add @name`` in a private chat makes the user a manager of that channel's (or group's,
or forum topic's) digest. The channel's own settings, topics and outbox are its ordinary
``chats`` row; this table only says who set it up from where, and under which @name.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'chat_managers',
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.BigInteger(), nullable=False),
        sa.Column('handle', sa.Text(), nullable=True),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['chat_id'], ['chats.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('chat_id', 'user_id'),
    )
    op.create_index('ix_chat_managers_user', 'chat_managers', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_chat_managers_user', table_name='chat_managers')
    op.drop_table('chat_managers')
