"""Opening the database: engine options per dialect, transactions, and migrations at start-up."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

__all__ = ["MIGRATIONS_DIR", "SCHEMA_REVISION", "Database", "migrate", "open_database"]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest Alembic revision (tests/news/test_migrations.py checks it against the chain). A
# database already at it is opened without importing Alembic, which costs a third of a second
# on every CLI command otherwise.
SCHEMA_REVISION: Final = "0011"


@dataclass(slots=True)
class Database:
    """An engine plus what callers need to know about it (dialect, URL without password)."""

    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; whatever it wrote is rolled back."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that will write after reading (claim work, then update it).

        On SQLite it starts with BEGIN IMMEDIATE, so two writers queue up (busy_timeout) instead
        of one failing when it upgrades a read snapshot that the other has changed meanwhile.
        """
        with self.engine.execution_options(sqlite_immediate=True).begin() as conn:
            yield conn


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN (pysqlite's own handling breaks SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets the bot read while the pipeline writes; busy_timeout rides out short write
        # locks (longer ones become a "busy" fault, retried by the service: news.store.faults).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return on_connect


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: str, *, busy_timeout_ms: int = 10_000) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": busy_timeout_ms / 1000})
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # pre_ping: a server restarted under a running bot costs one failed ping, not a failed call.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


# Alembic keeps its migration context in module globals: one migration at a time per process
# (threads that each open a database, as tests and the bot's workers do, would collide).
_MIGRATION_LOCK = threading.Lock()


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:  # no table yet: a new database
        return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe to call on every start)."""
    if _current_revision(engine) == SCHEMA_REVISION:
        return
    # Alembic is imported only when there is something to migrate (it is slow to import).
    from alembic import command
    from alembic.config import Config

    with _MIGRATION_LOCK:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def open_database(url: str, *, migrate_schema: bool = True, busy_timeout_ms: int = 10_000) -> Database:
    engine = create_db_engine(url, busy_timeout_ms=busy_timeout_ms)
    if migrate_schema:
        migrate(engine)
    return Database(engine)
