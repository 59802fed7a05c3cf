"""heartbeats of running processes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00

Each bot or worker process records that it is alive, and when its last pipeline pass ended,
so a container healthcheck (``newsbrief health``) can tell a stuck process from a quiet one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'heartbeats',
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_pass_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_pass', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('heartbeats')
