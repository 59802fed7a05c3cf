"""Scale benchmark: ingest throughput, `ask` latency, digest composition and peak memory.

    .venv/bin/python bench/scale.py --sizes 10000 100000 --backends sqlite postgres

Each (backend, size) runs in a fresh subprocess so its peak RSS is its own. Figures are reported
with a baseline measured in the same run (the machine is shared and noisy): ingest against a
bare bulk INSERT of the same rows, `ask` against a plain indexed "newest 20 articles" query.
PostgreSQL uses --pg-url (default: the local test server) in a scratch database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHUNK = 2000


def _scratch_pg(url: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _baseline_insert(db_url: str, size: int) -> float:
    """Seconds for a bare executemany INSERT of the same rows into a table without indexes."""
    from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, create_engine

    engine = create_engine(db_url)
    meta = MetaData()
    raw = Table("baseline_rows", meta, Column("id", Integer, primary_key=True), Column("ext_id", Text),
                Column("title", Text), Column("body", Text), Column("source", Text),
                Column("published_at", DateTime(timezone=True)))
    meta.drop_all(engine)
    meta.create_all(engine)
    from bench.corpus import generate

    elapsed = 0.0
    rows = generate(size)
    with engine.begin() as conn:
        while chunk := list(islice(rows, CHUNK)):
            values = [{"ext_id": r["id"], "title": r["title"], "body": r["text"], "source": r["source"],
                       "published_at": datetime.fromisoformat(str(r["published"]))} for r in chunk]
            started = time.perf_counter()
            conn.execute(raw.insert(), values)
            elapsed += time.perf_counter() - started
    meta.drop_all(engine)
    engine.dispose()
    return elapsed


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def worker(backend: str, size: int, pg_url: str) -> dict[str, object]:
    from sqlalchemy import text

    from bench.corpus import generate, topics
    from config import load_settings
    from news.ask import answer_question
    from news.db import open_database
    from news.digest import candidate_stories, compose_digest
    from news.pipeline import ingest_paths, summarize_pending, update_stories

    workdir = Path(tempfile.mkdtemp(prefix="nb-scale-"))
    url = f"sqlite:///{workdir / 'scale.db'}" if backend == "sqlite" else _scratch_pg(pg_url, f"nb_scale_{size}")
    settings = load_settings(database_url=url, data_dir=workdir)
    db = open_database(url)
    baseline_s = _baseline_insert(url, size)

    # Chunks are written to files first so that generating the corpus is not timed.
    rows = generate(size)
    chunk_files = []
    now = datetime.min.replace(tzinfo=timezone.utc)
    while chunk := list(islice(rows, CHUNK)):
        chunk_file = workdir / f"chunk-{len(chunk_files):04d}.jsonl"
        chunk_file.write_text("".join(json.dumps(r) + "\n" for r in chunk))
        chunk_files.append(chunk_file)
        now = max([now] + [datetime.fromisoformat(str(r["published"])) for r in chunk])
    started = time.perf_counter()
    for chunk_file in chunk_files:
        report = ingest_paths(db, [chunk_file], settings)
        summarize_pending(db, settings)
        update_stories(db, settings, report.new_ids)
        chunk_file.unlink()
    ingest_s = time.perf_counter() - started

    asked = topics(50)
    latencies: list[float] = []
    baseline_q: list[float] = []
    with db.engine.connect() as conn:
        answer_question(conn, asked[0], now=now, default_period_days=3, limit=5)  # warm caches
        for topic in asked:
            t0 = time.perf_counter()
            answer_question(conn, f"what's new on {topic}?", now=now,
                            default_period_days=settings.default_period_days, limit=settings.answer_stories)
            latencies.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            conn.execute(text("SELECT id FROM articles ORDER BY published_at DESC LIMIT 20")).all()
            baseline_q.append((time.perf_counter() - t0) * 1000)

        rng = random.Random(3)
        t0 = time.perf_counter()
        candidates = candidate_stories(conn, now - timedelta(days=1), summary_sentences=3)
        digests = 0
        for _ in range(10_000):
            chat_topics = rng.sample(asked, k=rng.randint(0, 3))
            digest = compose_digest(conn, chat_topics, now=now, since=now - timedelta(days=1),
                                    limit=settings.digest_stories, candidates=candidates)
            digests += 0 if digest.empty else 1
        digest_s = time.perf_counter() - t0
    db.dispose()
    return {
        "backend": backend,
        "articles": size,
        "ingest_articles_per_s": round(size / ingest_s, 1),
        "ingest_vs_bare_insert": round(ingest_s / baseline_s, 1),
        "ask_p50_ms": round(statistics.median(latencies), 2),
        "ask_p95_ms": round(_percentile(latencies, 0.95), 2),
        "ask_p95_vs_plain_query": round(_percentile(latencies, 0.95) / max(_percentile(baseline_q, 0.95), 1e-6), 1),
        "digest_10k_chats_s": round(digest_s, 2),
        "digests_with_stories": digests,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=os.environ.get(
        "NEWSBRIEF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]), args.pg_url)))
        return
    results = []
    for backend in args.backends:
        for size in args.sizes:
            done = subprocess.run(
                [sys.executable, __file__, "--worker", backend, str(size), "--pg-url", args.pg_url],
                capture_output=True, text=True, check=False,
            )
            if done.returncode != 0:
                print(f"{backend} {size}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result), flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
