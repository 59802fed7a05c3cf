"""Several workers on one database: each article stored once and summarized once."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select

from config import Settings
from news.pipeline import IngestReport, ingest_paths, summarize_pending
from news.store import Database, open_database
from news.store.schema import articles

T = TypeVar("T")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _in_parallel(workers: int, work: Callable[[Database], T], url: str) -> list[T]:
    """Run ``work`` in threads, each with its own engine (as separate processes would have)."""
    results: list[T] = []
    errors: list[BaseException] = []
    start = threading.Barrier(workers)
    lock = threading.Lock()

    def run() -> None:
        db = open_database(url)
        try:
            start.wait()
            result = work(db)
            with lock:
                results.append(result)
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(results) == workers
    return results


def _corpus(path: Path, count: int) -> Path:
    with path.open("w") as out:
        for i in range(count):
            text = (f"Report {i}: the council of district {i} approved plan number {i * 7}. "
                    f"Residents of district {i} will vote on it in {2020 + i % 9}.")
            out.write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")
    return path


def test_concurrent_ingest_of_the_same_articles_stores_each_once(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "corpus.jsonl", 300)
    reports: list[IngestReport] = _in_parallel(
        2, lambda worker_db: ingest_paths(worker_db, [corpus], settings, now=NOW), settings.resolved_database_url
    )
    assert sum(r.imported for r in reports) == 300
    assert sum(r.duplicates for r in reports) == 300
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 300
        assert conn.execute(select(func.count(func.distinct(articles.c.ext_id)))).scalar_one() == 300


def test_concurrent_summarizers_take_disjoint_work(db: Database, settings: Settings, tmp_path: Path) -> None:
    ingest_paths(db, [_corpus(tmp_path / "corpus.jsonl", 300)], settings, now=NOW)
    results = _in_parallel(
        2, lambda worker_db: summarize_pending(worker_db, settings, now=NOW, batch=20), settings.resolved_database_url
    )
    assert sum(done for done, _failed in results) == 300
    assert all(failed == 0 for _done, failed in results)
    with db.read() as conn:
        pending = conn.execute(
            select(func.count()).select_from(articles).where(articles.c.summarized_at.is_(None))
        ).scalar_one()
    assert pending == 0
