"""Peak memory of one pipeline pass over every hostile feed at once, against a baseline pass over
as many well-formed feeds (issue 13; target: under 300 MB).

Each pass runs in a fresh subprocess (peak RSS, ``ru_maxrss``, is per process and never goes
down): a local server on 127.0.0.1, in a process of its own, serves the feeds of ``tests/hostile/generators.py`` (billion
laughs, an external entity, 200 MB gzip and deflate bombs, a brotli body, 20,000 items, a wrong
charset, scripts and javascript: links, a 20,000-character title, 200,000 nested tags, an HTML
page, a JSON document, an empty body, and a server dripping one byte at a time), or the same
number of ordinary 20-item feeds; the feeds are registered directly (``feeds add`` would refuse
most of the hostile ones) and one ``run_pass`` polls, parses, stores, summarizes and clusters.

Run: ``.venv/bin/python bench/hostile.py [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _serve(mode: str, pipe: Connection) -> None:
    """Serve the feeds of ``mode`` from 127.0.0.1 until told to stop (in a child process)."""
    from tests.helpers.http_server import LocalServer, Reply
    from tests.hostile.generators import Hostile, good_feed, hostile_inputs

    inputs = list(hostile_inputs())
    inputs.append(Hostile("/drip.xml", good_feed(99)))
    if mode == "baseline":
        inputs = [Hostile(f"/good{n}.xml", good_feed(n)) for n in range(len(inputs))]
    with LocalServer() as server:
        for item in inputs:
            server.route(item.path, Reply(item.body, content_type=item.content_type, headers=item.headers,
                                          drip=5.0 if item.path == "/drip.xml" else 0.0))
        pipe.send((server.host, [server.url(item.path) for item in inputs]))
        pipe.recv()  # the pass is over


def _one_pass(mode: str) -> dict[str, Any]:
    from config import load_settings
    from news import NewsService
    from news.ingest.netguard import URLPolicy
    from news.store import feeds as feed_store
    from news.store import open_database

    # The feeds are served by another process: their bodies (12 MB for the hostile set) are
    # the server's memory, not the pass's.
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(mode, theirs), daemon=True)
    server.start()
    host, urls = ours.recv()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/news.db"
        # No article pages fetched (teaser_words=0): the feeds' links point off this machine.
        settings = load_settings(database_url=url, data_dir=Path(folder) / "data", fetch_max_bytes=10_000_000,
                                 teaser_words=0, fetch_timeout_seconds=3.0)
        db = open_database(url)
        with db.write() as conn:
            for feed_url in urls:
                feed_store.insert_feed(conn, feed_url, title=None, site_url=None, item_count=0,
                                       now=datetime.now(UTC))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        async def work() -> Any:
            policy = URLPolicy(allow_private=False, trusted_hosts=frozenset({host}))
            async with NewsService(settings, db, policy=policy) as news:
                return await news.run_pass(inbox=False), await news.list_feeds()

        began = time.perf_counter()
        report, feeds = asyncio.run(work())
        seconds = time.perf_counter() - began
        db.dispose()
    ours.send("stop")
    server.join(timeout=10)
    assert report.feeds is not None
    return {
        "mode": mode,
        "feeds": len(urls),
        "feeds_ok": report.feeds.feeds_ok,
        "feeds_failed": report.feeds.failed,
        "articles": report.feeds.articles_new,
        "set_aside": len(report.feeds.set_aside) + len(report.set_aside),
        "seconds": round(seconds, 1),
        "peak_rss_mb_before_pass": round(rss_before / 1024, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "errors": {f.url.rsplit("/", 1)[-1]: f.last_error.split(": ", 1)[-1][:110]
                   for f in feeds if f.last_error},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=["baseline", "hostile"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_one_pass(args.child)))
        return
    results = []
    for mode in ("baseline", "hostile"):
        done = subprocess.run([sys.executable, __file__, "--child", mode], capture_output=True, text=True,
                              timeout=900, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{mode} pass failed:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(f"{r['mode']:>8}: {r['feeds']} feeds ({r['feeds_ok']} ok, {r['feeds_failed']} failed), "
              f"{r['articles']} articles, {r['set_aside']} set aside, {r['seconds']} s, "
              f"peak RSS {r['peak_rss_mb']} MB (before the pass {r['peak_rss_mb_before_pass']} MB)")
        for name, error in sorted(r["errors"].items()):
            print(f"          {name}: {error}")


if __name__ == "__main__":
    main()
