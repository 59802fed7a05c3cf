"""INSERT … ON CONFLICT for both backends: SQLAlchemy has it per dialect only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Table

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

__all__ = ["upsert_insert"]


def upsert_insert(conn: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which has ``on_conflict_do_update`` and ``excluded`` on both.

    Each dialect's module is imported by the connection that uses it: SQLite never loads
    PostgreSQL's (~30 ms with its drivers).
    """
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql  # only PostgreSQL connections load it

        return postgresql.insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite  # loaded with the engine already

        return sqlite.insert(table)
    raise NotImplementedError(dialect)  # pragma: no cover - only SQLite and PostgreSQL are supported
