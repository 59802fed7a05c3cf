"""Backends the storage tests run on: SQLite always, PostgreSQL when a server is configured.

Each test process gets a database of its own on the configured server (created on first use,
dropped at exit), so parallel runs on one server never see each other's tables.
"""

from __future__ import annotations

import atexit
import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

__all__ = ["POSTGRES_ENV", "backend_urls", "reset_postgres"]

POSTGRES_ENV = "NEWSBRIEF_TEST_POSTGRES_URL"
_created: dict[str, str] = {}


def backend_urls() -> list[object]:
    """Parameters for the database fixture; PostgreSQL is skipped (with a reason) when not set."""
    postgres = os.environ.get(POSTGRES_ENV)
    if postgres:
        return ["sqlite", pytest.param(postgres, marks=pytest.mark.postgres)]
    return [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skip(reason=f"PostgreSQL tests skipped: set {POSTGRES_ENV} to enable"),
            ],
        ),
    ]


def _private_database(server_url: str) -> str:
    if server_url in _created:
        return _created[server_url]
    name = f"newsbrief_test_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    def drop() -> None:
        engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    atexit.register(drop)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    _created[server_url] = url
    return url


def reset_postgres(server_url: str) -> str:
    """An empty database of this process's own; returns its URL."""
    url = _private_database(server_url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
