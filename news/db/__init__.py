"""Storage: one SQLAlchemy schema for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from news.db import schema
from news.db.engine import Database, open_database

__all__ = ["Database", "open_database", "schema"]
