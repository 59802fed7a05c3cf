"""What a database error means for the caller: wait and retry, or stop and say why.

Drivers report the same few situations in their own words; this is the one place that reads
them (SQLite's and psycopg's messages, and SQLAlchemy's note that a connection was lost).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.exc import DBAPIError, OperationalError

__all__ = ["Fault", "classify"]

Fault = Literal["busy", "unavailable", "full"]

_BUSY = ("database is locked", "database table is locked", "could not serialize access", "deadlock detected")
_UNAVAILABLE = (
    "server closed the connection", "connection refused", "could not connect", "terminating connection",
    "connection is closed", "the database system is shutting down", "the database system is starting up",
    "consuming input failed", "ssl connection has been closed", "connection timeout", "no connection to the server",
)
_FULL = ("database or disk is full", "disk is full", "no space left on device", "could not extend file")


def classify(exc: BaseException) -> Fault | None:
    """``busy`` (another writer holds a lock), ``unavailable`` (the server is gone for now),
    ``full`` (no room to write: retrying will not help), or None (not a fault of the store)."""
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if any(m in text for m in _FULL):
        return "full"
    if any(m in text for m in _BUSY):
        return "busy"
    if exc.connection_invalidated or any(m in text for m in _UNAVAILABLE):
        return "unavailable"
    if isinstance(exc, OperationalError) and "sqlite" not in type(exc.orig).__module__:
        return "unavailable"  # psycopg's OperationalError is about the connection
    return None
