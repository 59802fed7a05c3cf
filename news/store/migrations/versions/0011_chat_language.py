"""the language each chat's bot words are in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 03:30:00

A face records the language it last heard in a chat (Telegram's ``language_code``), so digests
sent with nobody writing (scheduled ones, channels, after a restart) speak it too. A plain
``ADD COLUMN`` on both dialects: no batch copy, which on SQLite would drop and re-create
``chats`` and, with foreign keys on, cascade-delete every row that points to it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('chats', sa.Column('language', sa.String(length=16), nullable=True))


def downgrade() -> None:
    # Not batch mode, for the same reason (SQLite drops a column in place since 3.35).
    op.drop_column('chats', 'language')
