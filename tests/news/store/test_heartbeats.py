"""Heartbeats: a worker is judged by finished passes, a bot by its loop's beat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from news.health import judge
from news.store import Database
from news.store.heartbeats import beat, get_heartbeat, list_heartbeats

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
LIMIT = timedelta(minutes=30)


def check(conn: Connection, name: str, *, now: datetime, max_age: timedelta) -> str | None:
    return judge(name, get_heartbeat(conn, name), now=now, max_age=max_age)


def test_a_worker_is_healthy_while_its_passes_keep_ending(db: Database) -> None:
    with db.write() as conn:
        assert check(conn, "worker@a", now=NOW, max_age=LIMIT) == "worker@a has not reported yet"
        beat(conn, "worker@a", "worker", now=NOW - timedelta(hours=2))
        assert "has not finished a pipeline pass yet" in (check(conn, "worker@a", now=NOW, max_age=LIMIT) or "")
        beat(conn, "worker@a", "worker", now=NOW - timedelta(minutes=10), finished_pass="3 imported")
        assert check(conn, "worker@a", now=NOW, max_age=LIMIT) is None
        # Still beating, but no pass has ended for an hour: a stuck pass is unhealthy.
        beat(conn, "worker@a", "worker", now=NOW)
        problem = check(conn, "worker@a", now=NOW + timedelta(minutes=50), max_age=LIMIT)
    assert problem == "worker@a last finished a pipeline pass 60 min ago (limit 30 min)"


def test_a_bot_is_judged_by_its_beat_and_every_process_is_listed(db: Database) -> None:
    with db.write() as conn:
        beat(conn, "bot@a", "bot", now=NOW - timedelta(minutes=2))
        beat(conn, "worker@b", "worker", now=NOW, finished_pass="1 imported")
        assert check(conn, "bot@a", now=NOW, max_age=timedelta(minutes=5)) is None
        assert check(conn, "bot@a", now=NOW + timedelta(minutes=10), max_age=timedelta(minutes=5)) is not None
        listed = list_heartbeats(conn)
    assert [(h.name, h.role, h.last_pass) for h in listed] == [("bot@a", "bot", None), ("worker@b", "worker", "1 imported")]
    assert listed[1].last_pass_at == NOW
