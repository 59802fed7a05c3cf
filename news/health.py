"""Process liveness: is this host's bot or worker alive?

A container healthcheck runs ``newsbrief health`` in a separate process, so it cannot look
inside the service; it reads the row the service keeps fresh (``news.store.heartbeats``). A bot
is healthy while its event loop beats; a worker while its pipeline passes keep ending (a pass
stuck on a hung feed stops its beat even though the process is up).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from news.store.heartbeats import Heartbeat

__all__ = ["judge", "process_name"]


def process_name(role: str) -> str:
    """``role@host``: a container's host name is its own, so each replica gets its own row."""
    return f"{role}@{os.environ.get('NEWSBRIEF_PROCESS_NAME') or socket.gethostname()}"


def judge(name: str, beat: Heartbeat | None, *, now: datetime, max_age: timedelta) -> str | None:
    """None when ``name`` is healthy, else why not (one line for the healthcheck log)."""
    if beat is None:
        return f"{name} has not reported yet"
    # A process that runs the pipeline is judged by finished passes, a bot by its loop's beat.
    moment = beat.last_seen_at if beat.role == "bot" else beat.last_pass_at
    if moment is None:
        return f"{name} has not finished a pipeline pass yet"
    age = now - moment
    if age > max_age:
        what = "reported" if beat.role == "bot" else "finished a pipeline pass"
        return (f"{name} last {what} {int(age.total_seconds() // 60)} min ago "
                f"(limit {int(max_age.total_seconds() // 60)} min)")
    return None
