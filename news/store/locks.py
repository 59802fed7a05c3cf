"""Cross-process exclusion for work that must not run twice at once (PostgreSQL advisory locks).

On SQLite a write transaction already excludes other writers, so these are no-ops there.
"""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, text

__all__ = ["lock_for_transaction"]


def _key(name: str) -> int:
    return zlib.crc32(f"newsbrief:{name}".encode())


def lock_for_transaction(conn: Connection, name: str) -> None:
    """Wait for the named lock; it is released when the current transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _key(name)})
