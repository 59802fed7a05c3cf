"""Targets on the shared dev sets (slow; skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from config import Settings
from news.ingest.normalize import content_hash
from news.pipeline import ingest_paths, update_stories
from news.store import Database
from news.store.schema import articles
from tests.conftest import SHARED_DATA

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared evaluation data not present"),
]


def _bcubed_f1(predicted: dict[str, int], gold: dict[str, int]) -> float:
    by_predicted: dict[int, set[str]] = defaultdict(set)
    by_gold: dict[int, set[str]] = defaultdict(set)
    for item in gold:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = sum(len(by_predicted[predicted[i]] & by_gold[gold[i]]) / len(by_predicted[predicted[i]]) for i in gold)
    recall = sum(len(by_predicted[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall)


def test_multinews_pooled_stories_reach_bcubed_f1(db: Database, settings: Settings, tmp_path: Path) -> None:
    rng = random.Random(7)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    gold: dict[str, int] = {}
    path = tmp_path / "pooled.jsonl"
    with path.open("w", encoding="utf-8") as out:
        lines = (SHARED_DATA / "multinews.dev.jsonl").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            base = start + timedelta(hours=rng.uniform(0, 21 * 24))
            for index, text in enumerate(json.loads(line)["articles"]):
                gold[f"{number}-{index}"] = number
                published = (base + timedelta(hours=rng.uniform(0, 48))).isoformat()
                out.write(json.dumps({"id": f"{number}-{index}", "text": text, "published": published}) + "\n")
    report = ingest_paths(db, [path], settings, now=datetime.now(UTC))
    update_stories(db, settings, report.new_ids)
    with db.engine.connect() as conn:
        predicted = {r.ext_id: r.story_id for r in conn.execute(select(articles.c.ext_id, articles.c.story_id))}
    assert _bcubed_f1(predicted, gold) >= 0.95


def test_bbc_exact_duplicates_are_all_recognised(db: Database, settings: Settings, tmp_path: Path) -> None:
    source = SHARED_DATA / "bbc-news-summary.dev.jsonl"
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    seen: set[str] = set()
    expected = 0
    for row in rows:
        digest = content_hash(row["text"])
        expected += digest in seen
        seen.add(digest)
    path = tmp_path / "bbc.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows))
    report = ingest_paths(db, [path], settings, now=datetime.now(UTC))
    assert expected > 0
    assert report.duplicates == expected
    assert report.imported == len(rows) - expected
