"""Driving the news service from synchronous tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from news import IngestReport, NewsService

__all__ = ["ingest_rows", "run"]

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """One service call on a fresh event loop (what a CLI command does)."""
    return asyncio.run(coroutine)


def ingest_rows(news: NewsService, folder: Path, rows: list[dict[str, Any]], *, name: str | None = None) -> IngestReport:
    """Import articles given as JSONL rows (summarized and grouped into stories, as ``ingest``
    does); the file goes to ``folder``, under a fresh name unless ``name`` is given."""
    path = folder / (name or f"seed-{len(list(folder.glob('seed-*')))}.jsonl")
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    report = run(news.ingest([path]))
    assert not report.rejected, report.rejected
    return report
