"""SQL of ``heartbeats``: one row per running process, kept fresh by the process itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from news.store.schema import heartbeats
from news.store.upsert import upsert_insert

__all__ = ["Heartbeat", "beat", "get_heartbeat", "list_heartbeats"]


@dataclass(slots=True, frozen=True)
class Heartbeat:
    name: str
    role: str
    last_seen_at: datetime
    last_pass_at: datetime | None
    last_pass: str | None


def beat(conn: Connection, name: str, role: str, *, now: datetime, finished_pass: str | None = None) -> None:
    """Record that ``name`` is alive now (and, with ``finished_pass``, that a pass just ended)."""
    values: dict[str, object] = {"name": name, "role": role, "last_seen_at": now}
    if finished_pass is not None:
        values |= {"last_pass_at": now, "last_pass": finished_pass}
    update = {key: value for key, value in values.items() if key != "name"}
    conn.execute(
        upsert_insert(conn, heartbeats).values(values)
        .on_conflict_do_update(index_elements=[heartbeats.c.name], set_=update)
    )


def _heartbeat(row: object) -> Heartbeat:
    return Heartbeat(row.name, row.role, row.last_seen_at, row.last_pass_at, row.last_pass)  # type: ignore[attr-defined]


def list_heartbeats(conn: Connection) -> list[Heartbeat]:
    return [_heartbeat(r) for r in conn.execute(select(heartbeats).order_by(heartbeats.c.name))]


def get_heartbeat(conn: Connection, name: str) -> Heartbeat | None:
    row = conn.execute(select(heartbeats).where(heartbeats.c.name == name)).first()
    return None if row is None else _heartbeat(row)
