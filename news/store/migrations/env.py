"""Alembic environment: runs on the connection handed over by news.store.engine.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from news.store.schema import metadata

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # Two workers starting at once must not both run the migration.
    connection.execute(text("SELECT pg_advisory_xact_lock(7345001)"))
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
