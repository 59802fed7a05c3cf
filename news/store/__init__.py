"""Storage: every SQL statement of newsbrief, one module per table group.

    engine       Database (connections, transactions), open_database, migrations at start-up
    schema       the tables (SQLAlchemy Core), mirrored by the Alembic chain in migrations/
    articles     articles, aliases, near-duplicate keys, summaries, pruning, outlet counts
    stories      stories, membership, clustering state, term frequencies, the Story read model
    search       full-text search (SQLite FTS5 / PostgreSQL tsvector): the only dialect-specific SQL
    chats        chats and their topics
    outbox       digest deliveries (claim, sent, failed, retry)
    feeds        the feed list and its fetch bookkeeping
    heartbeats   process liveness rows
    maintenance  planner statistics;  locks  advisory locks;  upsert  INSERT … ON CONFLICT

The rest of ``news`` calls these functions with a connection from ``Database.read()`` or
``Database.write()`` and writes no SQL of its own.
"""

from __future__ import annotations

from news.store.engine import Database, open_database

__all__ = ["Database", "open_database"]
