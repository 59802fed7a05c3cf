"""Process liveness: each bot and worker records that it is alive and when its last pass ended.

A container healthcheck runs ``newsbrief health`` in a separate process, so it cannot look
inside the service; it reads the row the service keeps fresh. A bot is healthy while its event
loop beats; a worker while its pipeline passes keep ending (a pass stuck on a hung feed stops
its beat even though the process is up).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from news.db.schema import heartbeats
from news.db.upsert import upsert_insert

__all__ = ["Heartbeat", "beat", "check", "list_heartbeats", "process_name"]


@dataclass(slots=True, frozen=True)
class Heartbeat:
    name: str
    role: str
    last_seen_at: datetime
    last_pass_at: datetime | None
    last_pass: str | None


def process_name(role: str) -> str:
    """``role@host``: a container's host name is its own, so each replica gets its own row."""
    return f"{role}@{os.environ.get('NEWSBRIEF_PROCESS_NAME') or socket.gethostname()}"


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


def list_heartbeats(conn: Connection) -> list[Heartbeat]:
    rows = conn.execute(select(heartbeats).order_by(heartbeats.c.name)).all()
    return [Heartbeat(r.name, r.role, r.last_seen_at, r.last_pass_at, r.last_pass) for r in rows]


def check(conn: Connection, name: str, *, now: datetime, max_age: timedelta) -> str | None:
    """None when ``name`` is healthy, else why not (one line for the healthcheck log)."""
    row = conn.execute(select(heartbeats).where(heartbeats.c.name == name)).first()
    if row is None:
        return f"{name} has not reported yet"
    # A process that runs the pipeline is judged by finished passes, a bot by its loop's beat.
    moment = row.last_seen_at if row.role == "bot" else row.last_pass_at
    if moment is None:
        return f"{name} has not finished a pipeline pass yet"
    age = now - moment
    if age > max_age:
        what = "reported" if row.role == "bot" else "finished a pipeline pass"
        return f"{name} last {what} {int(age.total_seconds() // 60)} min ago (limit {int(max_age.total_seconds() // 60)} min)"
    return None
