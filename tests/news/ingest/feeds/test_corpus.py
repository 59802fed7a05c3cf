"""Real-world feeds: every file of feedparser's own test suite through parse + store.

The corpus is not in the repository. Unpack feedparser's source distribution and point
NEWSBRIEF_FEED_CORPUS at its ``tests`` folder:

    .venv/bin/pip download --no-deps --no-binary :all: feedparser==6.0.11 -d /tmp/fp
    tar xzf /tmp/fp/feedparser-6.0.11.tar.gz -C /tmp/fp
    NEWSBRIEF_FEED_CORPUS=/tmp/fp/feedparser-6.0.11/tests .venv/bin/pytest -m slow -s \\
        tests/news/feeds/test_corpus.py
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import Settings
from news.ingest.feeds.parse import parse_feed
from news.ingest.feeds.poll import store_parsed_feed
from news.store import Database
from news.store.feeds import FeedRow, insert_feed
from news.store.schema import articles
from news.workers import Workers

CORPUS_ENV = "NEWSBRIEF_FEED_CORPUS"
SUFFIXES = {".xml", ".rdf", ".rss", ".atom"}
# Read at import: the autouse fixture clears NEWSBRIEF_* variables before each test runs.
CORPUS = os.environ.get(CORPUS_ENV)


@pytest.mark.slow
def test_feedparser_corpus_never_crashes_a_batch(db: Database, settings: Settings) -> None:
    corpus = CORPUS
    if not corpus or not Path(corpus).is_dir():
        pytest.skip(f"set {CORPUS_ENV} to feedparser's tests folder (see the module docstring)")
    files = sorted(p for p in Path(corpus).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    assert files, f"no feed files under {corpus}"
    feeds = entries = not_feeds = new = duplicates = unreadable = 0
    crashed: list[tuple[str, str]] = []
    workers = Workers(1)
    for path in files:
        relative = path.relative_to(corpus).as_posix()
        try:
            parsed = parse_feed(path.read_bytes(), url=f"http://corpus.test/{relative}")
            if not parsed.is_feed:
                not_feeds += 1
                continue
            with db.write() as conn:
                feed_id = insert_feed(conn, f"http://corpus.test/{relative}", title=parsed.title,
                                      site_url=None)
            report = store_parsed_feed(db, workers, settings, FeedRow(feed_id, relative, None, None, None, 0),
                                       parsed, now=datetime.now(UTC))
        except Exception as exc:
            crashed.append((relative, f"{type(exc).__name__}: {exc}"))
            continue
        feeds += 1
        entries += len(parsed.entries)
        new += report.articles_new
        duplicates += report.duplicates
        unreadable += report.item_errors
    with db.read() as conn:
        stored = conn.execute(select(func.count()).select_from(articles)).scalar_one()
    print(f"\ncorpus: {len(files)} files, {feeds} feeds stored ({not_feeds} not feeds), "
          f"{entries} entries: {new} new, {duplicates} duplicate, {unreadable} without text; "
          f"{len(crashed)} crashed")
    assert crashed == []
    assert stored == new and new + duplicates + unreadable == entries
