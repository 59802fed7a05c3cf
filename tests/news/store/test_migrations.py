"""The Alembic migrations build exactly the schema that news.store.schema describes.

Only the full-text structures differ, by design: they are dialect-specific and live in the
migrations and news.store.search alone (FTS5 tables on SQLite, a tsvector column and index on PostgreSQL).
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from news.store import Database
from news.store.engine import MIGRATIONS_DIR, SCHEMA_REVISION
from news.store.schema import metadata

FULL_TEXT = ("articles_fts", "search_vector", "ix_articles_search")


def test_migrations_match_the_schema_module(db: Database) -> None:
    with db.engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    unexpected = [c for c in changes if not any(name in repr(c) for name in FULL_TEXT)]
    assert unexpected == []
    # The full-text structures are there (the comparison saw them as extra, not missing).
    assert changes and all(c[0] in ("remove_table", "remove_index", "remove_column") for c in changes)


def test_the_schema_revision_that_skips_alembic_is_the_chains_head(db: Database) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION
    with db.read() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == SCHEMA_REVISION
