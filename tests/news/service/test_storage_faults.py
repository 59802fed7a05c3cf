"""Database faults under the service: a locked SQLite file, a full disk. Nothing is lost or
half-done; the caller gets one clear error when retrying cannot help."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from config import Settings, load_settings
from news import ChatRef, NewsService, StorageError
from news.store import Database, open_database
from news.store.faults import classify
from news.store.schema import articles, digest_deliveries, subscriptions
from tests.helpers.articles import article, seed_articles
from tests.helpers.service import run

CHAT = ChatRef(7, kind="private")


class LockedDatabase:
    """Another process's exclusive lock on the SQLite file, released on demand."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=0)
        self._conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._conn.close()


class Observed(NewsService):
    """The service with its retry pauses observed (and skipped): tests act between attempts."""

    pauses: list[int]
    on_pause: Any = None

    async def _retry_pause(self, attempt: int) -> None:
        self.pauses.append(attempt)
        if self.on_pause is not None:
            self.on_pause(attempt)


def _service(tmp_path: Path, **overrides: Any) -> tuple[Observed, Path]:
    path = tmp_path / "faults.db"
    settings = load_settings(database_url=f"sqlite:///{path}", data_dir=tmp_path / "data",
                             sqlite_busy_timeout_ms=50, **overrides)
    service = Observed(settings, open_database(settings.resolved_database_url, busy_timeout_ms=50))
    service.pauses = []
    return service, path


def _topics(db: Database) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(select(subscriptions.c.topic)).scalars())


def test_a_write_waits_out_another_process_lock_and_is_not_lost(tmp_path: Path) -> None:
    news, path = _service(tmp_path)
    run(news.chat(CHAT))
    lock = LockedDatabase(path)
    news.on_pause = lambda attempt: lock.release() if attempt == 2 else None
    done = run(news.subscribe(CHAT, "gaza"))
    assert done.added == ["gaza"] and news.pauses == [1, 2]  # two busy attempts, the third went in
    assert _topics(news.db) == ["gaza"]


def test_a_lock_that_outlasts_every_attempt_fails_clearly_and_changes_nothing(tmp_path: Path) -> None:
    news, path = _service(tmp_path, storage_attempts=3)
    run(news.chat(CHAT))
    lock = LockedDatabase(path)
    try:
        with pytest.raises(StorageError, match="busy") as caught:
            run(news.subscribe(CHAT, "gaza"))
    finally:
        lock.release()
    assert caught.value.fault == "busy" and news.pauses == [1, 2]
    assert _topics(news.db) == []
    assert run(news.subscribe(CHAT, "gaza")).added == ["gaza"]  # fine once the lock is gone


def test_a_database_at_its_size_limit_says_the_disk_is_full_and_stores_nothing(
    db: Database, settings: Settings, tmp_path: Path,
) -> None:
    if not db.is_sqlite:
        pytest.skip("the page limit that stands for a full disk is SQLite's")
    news = NewsService(settings, db)

    @event.listens_for(db.engine, "connect")
    def no_room(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()  # new connections get the limit
    big = tmp_path / "big.jsonl"
    big.write_text(json.dumps({"text": "The harbour works went on through the night. " * 3000}) + "\n")
    try:
        with pytest.raises(StorageError, match="disk is full") as caught:
            run(news.ingest([big]))
    finally:
        event.remove(db.engine, "connect", no_room)
        db.engine.dispose()
    assert caught.value.fault == "full"
    with db.read() as conn:
        assert conn.execute(select(articles.c.id)).first() is None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB file system of its own (tmpfs), where the machine lets the tests mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({done.stderr.strip() or 'not permitted'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_under_a_digest_leaves_the_outbox_unchanged(small_disk: Path, tmp_path: Path) -> None:
    settings = load_settings(database_url=f"sqlite:///{small_disk / 'news.db'}", data_dir=tmp_path / "data")
    db = open_database(settings.resolved_database_url)
    try:
        seed_articles(db, settings, tmp_path, [article("Harbour bridge reopens",
                      "The harbour bridge reopened on Friday after two years of repairs. Traffic "
                      "returned to normal by the evening.")])
        news = NewsService(settings, db)
        run(news.subscribe(CHAT, "bridge"))
        prepared = run(news.prepare_digest(CHAT.id, worker="w1"))
        assert prepared is not None
        filler = small_disk / "filler"
        with filler.open("wb") as out:  # take every byte left
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass
        with pytest.raises(StorageError, match="disk is full") as caught:
            run(news.digest_delivered(prepared))
        assert caught.value.fault == "full"
        filler.unlink()
        with db.read() as conn:
            assert list(conn.execute(select(digest_deliveries.c.state)).scalars()) == ["claimed"]
        run(news.digest_delivered(prepared))  # room again: recorded as sent
        with db.read() as conn:
            assert list(conn.execute(select(digest_deliveries.c.state)).scalars()) == ["sent"]
        run(news.aclose())
    finally:
        db.dispose()


def test_driver_errors_are_classified() -> None:
    from sqlalchemy.exc import OperationalError

    def error(message: str) -> OperationalError:
        return OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))

    assert classify(error("database is locked")) == "busy"
    assert classify(error("database or disk is full")) == "full"
    assert classify(ValueError("x")) is None


_WRITER = """
import asyncio, sys
from config import load_settings
from news import ChatRef, NewsService

async def main() -> None:
    settings = load_settings(database_url=sys.argv[1], sqlite_busy_timeout_ms=20, storage_attempts=12)
    async with await NewsService.open(settings) as news:
        for n in range(int(sys.argv[3])):
            await news.subscribe(ChatRef(int(sys.argv[2]) + n), "harbour")

asyncio.run(main())
"""


@pytest.mark.slow
def test_two_processes_writing_one_sqlite_file_lose_no_write(tmp_path: Path) -> None:
    """Two processes subscribe chats at once with a 20 ms busy timeout: "database is locked"
    happens, is retried (bounded), and every write is there in the end."""
    import sys

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_database(url).dispose()  # created and migrated once, before the race
    writes = 60
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("NEWSBRIEF_")}
    env["NEWSBRIEF_DATA_DIR"] = str(tmp_path / "data")
    racers = [subprocess.Popen([sys.executable, "-c", _WRITER, url, str(base), str(writes)], env=env,
                               stderr=subprocess.PIPE, text=True) for base in (1000, 2000)]
    for racer in racers:
        _, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
    db = open_database(url)
    try:
        with db.read() as conn:
            rows = conn.execute(select(subscriptions.c.chat_id, subscriptions.c.topic)).all()
    finally:
        db.dispose()
    assert sorted(rows) == sorted((base + n, "harbour") for base in (1000, 2000) for n in range(writes))
