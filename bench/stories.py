"""Story clustering and de-duplication benchmark, run on demand (not part of the test suite).

    .venv/bin/python bench/stories.py [--data ../shared/data] [--scale 10000] [--seed 7]

1. Multi-News: every article of every row of ``multinews.dev.jsonl`` pooled (the row is the true
   story), dated within ``--days`` days (a row's articles within ``--spread-hours`` of each
   other; seeded RNG), written to one JSONL and ingested through the real path
   (``ingest_paths`` + ``update_stories``); B-cubed precision, recall and F1 of the stories.
   Run twice: with those dates, and with every article at one moment (content alone).
1b. Stress sets (``bench/story_sets.py``), clustered in memory: Multi-News again and its even
   and odd rows apart (the half-split check), one story rewritten by several outlets, pairs of
   stories sharing a person and a place, and unrelated BBC articles mixed in as distractors.
2. BBC: ``bbc-news-summary.dev.jsonl`` ingested the same way; the ingest report's duplicate count
   against the rows whose text equals an earlier row's (raw, and with case/spacing folded as
   the content hash does), plus the near-duplicates linked.
3. Scale: a synthetic corpus (4-10 sentences sampled from one pooled dev article, dated over
   60 days) added in chunks of 1,000; milliseconds per article for storing (with the near-duplicate
   lookup) and for clustering, chunk by chunk, to show how the cost grows with corpus size.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select

from config import Settings, load_settings
from news.articles import add_articles
from news.ingest.normalize import content_hash
from news.models import ArticleDraft
from news.pipeline import ingest_paths, update_stories
from news.store import Database, open_database
from news.store.schema import articles
from news.stories.assign import assign_stories

START = datetime(2024, 3, 1, tzinfo=UTC)


def bcubed(predicted: Mapping[int, object], gold: Mapping[int, object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the items of ``gold``."""
    by_predicted: dict[object, set[int]] = defaultdict(set)
    by_gold: dict[object, set[int]] = defaultdict(set)
    for item in gold:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        common = len(by_predicted[predicted[item]] & by_gold[gold[item]])
        precision += common / len(by_predicted[predicted[item]])
        recall += common / len(by_gold[gold[item]])
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _fresh(workdir: Path, name: str, database_url: str | None) -> tuple[Database, Settings]:
    url = database_url or f"sqlite:///{workdir / (name + '.db')}"
    settings = load_settings(database_url=url, data_dir=workdir / name)
    return open_database(settings.resolved_database_url), settings


def multinews(data: Path, workdir: Path, args: argparse.Namespace) -> None:
    for dated in (True, False):
        _multinews(data, workdir, args, dated=dated)


def _multinews(data: Path, workdir: Path, args: argparse.Namespace, *, dated: bool) -> None:
    rng = random.Random(args.seed)
    gold: dict[str, int] = {}
    path = workdir / f"multinews-pooled{int(dated)}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for row_number, line in enumerate((data / "multinews.dev.jsonl").open(encoding="utf-8")):
            row = json.loads(line)
            base = START + timedelta(hours=rng.uniform(0, args.days * 24))
            for number, text in enumerate(row["articles"]):
                if not text.strip():
                    continue
                ext_id = f"mn{row_number}-{number}"
                gold[ext_id] = row_number
                published = base + timedelta(hours=rng.uniform(0, args.spread_hours)) if dated else START
                record = {"id": ext_id, "text": text, "published": published.isoformat(),
                          "source": f"outlet{number}"}
                out.write(json.dumps(record) + "\n")
    db, settings = _fresh(workdir, f"multinews{int(dated)}", args.database_url)
    began = time.perf_counter()
    report = ingest_paths(db, [path], settings, now=datetime.now(UTC))
    ingested = time.perf_counter()
    update_stories(db, settings, report.new_ids)
    clustered = time.perf_counter()
    with db.engine.connect() as conn:
        rows = conn.execute(select(articles.c.ext_id, articles.c.story_id, articles.c.duplicate_of)).all()
    predicted = {r.ext_id: r.story_id for r in rows}
    missing = [e for e in gold if e not in predicted]
    scored = {e: g for e, g in gold.items() if e in predicted}
    precision, recall, f1 = bcubed(predicted, scored)
    print(f"multinews: {len(gold)} articles, {len(set(gold.values()))} true stories, "
          f"{len(set(predicted.values()))} stories found; ingest: {report.summary_line()}; "
          f"near-duplicates linked: {sum(1 for r in rows if r.duplicate_of is not None)}"
          + (f"; not stored (exact duplicates): {len(missing)}" if missing else ""))
    when = (f"dates over {args.days} days, rows within {args.spread_hours} h, seed {args.seed}"
            if dated else "all at one moment: content alone")
    print(f"  B-cubed P={precision:.4f} R={recall:.4f} F1={f1:.4f}  ({when})")
    print(f"  ingest {1000 * (ingested - began) / len(gold):.1f} ms/article; update_stories "
          f"(clustering + story summaries) {1000 * (clustered - ingested) / len(gold):.1f} ms/article")
    db.dispose()


def bbc(data: Path, workdir: Path, args: argparse.Namespace) -> None:
    source = data / "bbc-news-summary.dev.jsonl"
    rows = [json.loads(line) for line in source.open(encoding="utf-8")]
    raw_seen: set[str] = set()
    folded_seen: set[str] = set()
    raw_dups = folded_dups = 0
    path = workdir / "bbc.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            raw_dups += row["text"] in raw_seen
            raw_seen.add(row["text"])
            digest = content_hash(row["text"])
            folded_dups += digest in folded_seen
            folded_seen.add(digest)
            out.write(json.dumps({"id": row["id"], "text": row["text"], "title": row.get("title"),
                                  "source": "bbc"}) + "\n")
    db, settings = _fresh(workdir, "bbc", args.database_url)
    report = ingest_paths(db, [path], settings, now=datetime.now(UTC))
    with db.engine.connect() as conn:
        near = conn.execute(select(articles.c.id).where(articles.c.duplicate_of.is_not(None))).all()
    print(f"bbc: {len(rows)} rows; ingest: {report.summary_line()}")
    print(f"  rows whose text equals an earlier row's: {raw_dups} (raw), {folded_dups} "
          f"(case/spacing folded); reported duplicates: {report.duplicates}; "
          f"near-duplicates linked: {len(near)}")
    db.dispose()


def _sentence_pool(data: Path) -> list[list[str]]:
    from summarizers import split_sentences

    texts: list[str] = []
    for line in (data / "multinews.dev.jsonl").open(encoding="utf-8"):
        texts += json.loads(line)["articles"]
    for name in ("bbc-news-summary.dev.jsonl", "cnndm-frank.dev.jsonl"):
        texts += [json.loads(line)["text"] for line in (data / name).open(encoding="utf-8")]
    return [s for s in (split_sentences(t) for t in texts) if len(s) >= 6]


def scale(data: Path, workdir: Path, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    pool = _sentence_pool(data)
    db, settings = _fresh(workdir, "scale", args.database_url)
    chunk = 1000
    drafts_all = []
    for number in range(args.scale):
        source = rng.choice(pool)
        sentences = rng.sample(source, min(len(source), rng.randint(4, 10)))
        drafts_all.append(ArticleDraft(
            body=" ".join(sentences), title=sentences[0][:120], source="synthetic",
            published_at=START + timedelta(minutes=rng.uniform(0, 60 * 24 * 60)),
            ext_id=f"s{number}", language="english",
        ))
    if args.scale_order == "time":
        # A live feed: each chunk is the next stretch of time (about six days per 1,000).
        drafts_all.sort(key=lambda d: (d.published_at, d.ext_id))
    print(f"scale: synthetic articles (4-10 sentences sampled from one dev article), 60 days, "
          f"chunks of {chunk} in {args.scale_order} order")
    print("  corpus  store ms/article  cluster ms/article")
    for done in range(0, args.scale, chunk):
        drafts = drafts_all[done : done + chunk]
        began = time.perf_counter()
        with db.engine.begin() as conn:
            ids = [r.article_id for r in add_articles(conn, drafts, default_language="english") if r.article_id]
        stored = time.perf_counter()
        with db.engine.begin() as conn:
            assign_stories(conn, ids, window_hours=settings.story_window_hours)
        clustered = time.perf_counter()
        print(f"  {done + len(drafts):6d}  {1000 * (stored - began) / len(drafts):16.2f}  "
              f"{1000 * (clustered - stored) / len(drafts):18.2f}")
    db.dispose()


def stress(data: Path, workdir: Path, args: argparse.Namespace) -> None:
    """B-cubed of the generated sets (bench/story_sets.py), clustered in memory as one batch."""
    from bench.story_sets import (
        bcubed,
        cluster_in_memory,
        confusable_set,
        load_texts,
        multinews_set,
        rewritten_set,
        singletons,
    )

    cnn = load_texts(data / "cnndm-frank.dev.jsonl")
    bbc = load_texts(data / "bbc-news-summary.dev.jsonl")
    random.Random(5).shuffle(bbc)
    rows = sum(1 for _ in (data / "multinews.dev.jsonl").open(encoding="utf-8"))
    print("stress sets (in memory, one batch; B-cubed with dates | all at one moment):")
    for name, build in (
        ("multinews pooled", lambda d: multinews_set(data / "multinews.dev.jsonl", dated=d)),
        ("multinews even rows", lambda d: multinews_set(
            data / "multinews.dev.jsonl", dated=d, rows=range(0, rows, 2))),
        ("multinews odd rows", lambda d: multinews_set(
            data / "multinews.dev.jsonl", dated=d, rows=range(1, rows, 2))),
        ("a: rewritten by 2-4 outlets", lambda d: rewritten_set(cnn[:60] + bbc[:40], dated=d)),
        ("b: pairs sharing person+place", lambda d: confusable_set(bbc[40:80] + cnn[60:80], dated=d)),
        ("c: a + 300 BBC distractors", lambda d: rewritten_set(cnn[:60] + bbc[:40], dated=d)
            + singletons(bbc[80:380], dated=d)),
        ("multinews + 300 distractors", lambda d: multinews_set(data / "multinews.dev.jsonl", dated=d)
            + singletons(bbc[80:380], dated=d)),
    ):
        cells = []
        for dated in (True, False):
            items = build(dated)
            scores = bcubed(cluster_in_memory(items), {a.ext_id: a.story for a in items})
            cells.append(str(scores))
        print(f"  {name:30s} n={len(items):4d}  {cells[0]} | {cells[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=float, default=21.0)
    parser.add_argument("--spread-hours", type=float, default=48.0)
    parser.add_argument("--scale", type=int, default=10_000, help="synthetic articles (0: skip)")
    parser.add_argument("--scale-order", choices=["time", "random"], default="time",
                        help="time: chunks arrive in date order; random: every chunk spans 60 days")
    parser.add_argument("--database-url", help="run on this (empty) database instead of SQLite")
    parser.add_argument("--only", choices=["multinews", "stress", "bbc", "scale"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, step in (("multinews", multinews), ("stress", stress), ("bbc", bbc), ("scale", scale)):
            if args.only in (None, name) and not (name == "scale" and args.scale <= 0):
                step(args.data, workdir, args)


if __name__ == "__main__":
    main()
