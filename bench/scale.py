"""Scale benchmark: ingest throughput, `ask` latency, digest composition and peak memory.

    .venv/bin/python bench/scale.py --sizes 10000 100000 --backends sqlite postgres

The corpus (bench/corpus.py) is generated once per size by this parent process into JSONL chunk
files, with the 50 topics; each (backend, size) then runs in a fresh subprocess that only reads
those files, so its peak RSS is the service's own and not the generator's. Figures are reported
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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHUNK = 2000


def _pg_admin(url: str, *statements: str) -> None:
    """Run database-level statements (CREATE/DROP DATABASE) outside a transaction."""
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    admin.dispose()


def _scratch_pg(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _baseline_insert(db_url: str, chunk_files: list[Path]) -> float:
    """Seconds for a bare executemany INSERT of the same rows into a table without indexes."""
    from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, create_engine

    engine = create_engine(db_url)
    meta = MetaData()
    raw = Table("baseline_rows", meta, Column("id", Integer, primary_key=True), Column("ext_id", Text),
                Column("title", Text), Column("body", Text), Column("source", Text),
                Column("published_at", DateTime(timezone=True)))
    meta.drop_all(engine)
    meta.create_all(engine)
    elapsed = 0.0
    with engine.begin() as conn:
        for chunk_file in chunk_files:
            chunk = [json.loads(line) for line in chunk_file.read_text().splitlines()]
            values = [{"ext_id": r["id"], "title": r["title"], "body": r["text"], "source": r["source"],
                       "published_at": datetime.fromisoformat(str(r["published"]))} for r in chunk]
            started = time.perf_counter()
            conn.execute(raw.insert(), values)
            elapsed += time.perf_counter() - started
    meta.drop_all(engine)
    engine.dispose()
    return elapsed


def write_corpus(size: int, directory: Path) -> None:
    """Chunk files chunk-NNNN.jsonl and topics.json for one corpus size (in the parent)."""
    from bench.corpus import generate, topics

    directory.mkdir(parents=True, exist_ok=True)
    rows = generate(size)
    number = 0
    while chunk := list(islice(rows, CHUNK)):
        (directory / f"chunk-{number:04d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chunk))
        number += 1
    (directory / "topics.json").write_text(json.dumps(topics(50)))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def worker(backend: str, size: int, pg_url: str, corpus_dir: Path) -> dict[str, object]:
    from sqlalchemy import text

    from config import load_settings
    from news.answers.ask import answer_question
    from news.answers.digest import candidate_stories, compose_digest
    from news.pipeline import ingest_paths, summarize_pending, update_stories
    from news.store import open_database
    from news.store.maintenance import refresh_statistics

    workdir = Path(tempfile.mkdtemp(prefix="nb-scale-"))
    url = f"sqlite:///{workdir / 'scale.db'}" if backend == "sqlite" else _scratch_pg(pg_url, f"nb_scale_{size}")
    settings = load_settings(database_url=url, data_dir=workdir)
    db = open_database(url)
    chunk_files = sorted(corpus_dir.glob("chunk-*.jsonl"))
    baseline_s = _baseline_insert(url, chunk_files)
    now = max(
        datetime.fromisoformat(json.loads(line)["published"])
        for line in chunk_files[-1].read_text().splitlines()
    )
    # The stages of a pipeline pass (NewsService.run_pass), one pass per chunk file.
    stages = {"store": 0.0, "summarize": 0.0, "stories": 0.0, "statistics": 0.0}
    for chunk_file in chunk_files:
        t0 = time.perf_counter()
        report = ingest_paths(db, [chunk_file], settings, now=now)
        t1 = time.perf_counter()
        summarize_pending(db, settings, now=now)
        t2 = time.perf_counter()
        update_stories(db, settings, report.new_ids)
        t3 = time.perf_counter()
        refresh_statistics(db)
        t4 = time.perf_counter()
        stages["store"] += t1 - t0
        stages["summarize"] += t2 - t1
        stages["stories"] += t3 - t2
        stages["statistics"] += t4 - t3
    ingest_s = sum(stages.values())
    ingest_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    asked: list[str] = json.loads((corpus_dir / "topics.json").read_text())
    latencies: list[float] = []
    baseline_q: list[float] = []
    with db.read() as conn:
        answer_question(conn, asked[0], now=now, default_period_days=3, limit=5,  # warm caches
                        summary_sentences=settings.story_summary_sentences)
        for topic in asked:
            t0 = time.perf_counter()
            answer_question(conn, f"what's new on {topic}?", now=now,
                            default_period_days=settings.default_period_days, limit=settings.answer_stories,
                            summary_sentences=settings.story_summary_sentences)
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
                                    limit=settings.digest_stories, candidates=candidates,
                                    summary_sentences=settings.digest_summary_sentences)
            digests += 0 if digest.empty else 1
        digest_s = time.perf_counter() - t0
        read_state_s, all_read_s = _digests_with_read_state(db, conn, asked, candidates, now, settings)
    db.dispose()
    shutil.rmtree(workdir, ignore_errors=True)
    if backend != "sqlite":
        _pg_admin(pg_url, f'DROP DATABASE IF EXISTS "nb_scale_{size}" WITH (FORCE)')
    return {
        "backend": backend,
        "articles": size,
        "ingest_articles_per_s": round(size / ingest_s, 1),
        "ingest_vs_bare_insert": round(ingest_s / baseline_s, 1),
        "ingest_ms_per_article": {k: round(v * 1000 / size, 2) for k, v in stages.items()},
        "ask_p50_ms": round(statistics.median(latencies), 2),
        "ask_p95_ms": round(_percentile(latencies, 0.95), 2),
        "ask_p95_vs_plain_query": round(_percentile(latencies, 0.95) / max(_percentile(baseline_q, 0.95), 1e-6), 1),
        "digest_10k_chats_s": round(digest_s, 2),
        "digest_10k_chats_read_state_s": round(read_state_s, 2),
        "digest_10k_chats_all_read_s": round(all_read_s, 2),
        "digests_with_stories": digests,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_mb_after_ingest": round(ingest_rss, 1),
    }



def _digests_with_read_state(db: Any, conn: Any, asked: list[str], candidates: Any, now: datetime,
                             settings: Any) -> tuple[float, float]:
    """The same 10,000 digests as the scheduler composes them, per chat (its feedback and read
    state applied): once for chats that have read nothing, then again once each chat's first
    digest was recorded as read (the next day with nothing new: every story checked, none sent)."""
    from datetime import time as clock_time

    from news.answers.digest import compose_digest
    from news.store.chats import ensure_chat
    from news.store.reads import record_reads

    rng = random.Random(3)
    topics = [rng.sample(asked, k=rng.randint(0, 3)) for _ in range(10_000)]
    with db.write() as writer:
        for chat_id in range(1, 10_001):
            ensure_chat(writer, chat_id, default_time=clock_time(8), default_timezone="UTC", now=now)
    figures: list[float] = []
    for _round in range(2):
        t0 = time.perf_counter()
        composed = [compose_digest(conn, topics[i], now=now, since=now - timedelta(days=1),
                                   limit=settings.digest_stories, candidates=candidates,
                                   summary_sentences=settings.digest_summary_sentences, chat_id=i + 1)
                    for i in range(10_000)]
        figures.append(time.perf_counter() - t0)
        conn.rollback()  # end the read snapshot: the second round sees the reads recorded next
        with db.write() as writer:
            for i, digest in enumerate(composed):
                record_reads(writer, i + 1, digest.reads, now=now)
    return figures[0], figures[1]

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=os.environ.get(
        "NEWSBRIEF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--worker", nargs=3, metavar=("BACKEND", "SIZE", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        backend, size, corpus = args.worker
        print(json.dumps(worker(backend, int(size), args.pg_url, Path(corpus))))
        return
    results = []
    corpora = Path(tempfile.mkdtemp(prefix="nb-corpus-"))
    for size in args.sizes:
        write_corpus(size, corpora / str(size))
    for backend in args.backends:
        for size in args.sizes:
            done = subprocess.run(
                [sys.executable, __file__, "--worker", backend, str(size), str(corpora / str(size)),
                 "--pg-url", args.pg_url],
                capture_output=True, text=True, check=False,
            )
            if done.returncode != 0:
                print(f"{backend} {size}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result), flush=True)
    shutil.rmtree(corpora, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
