"""Benchmark the feed pass: 50 local feeds × 20 teaser items whose full text is on article pages.

Everything is served from 127.0.0.1 (several servers, so the per-host limit applies as it would
across real sites). Measured in one run:

* baseline: raw ``httpx`` GETs of the same URLs (every feed and page once, same concurrency), no
  parsing, extraction or storage: what the network part alone costs on this machine;
* first pass: the feed poll of a pipeline pass on an empty database (feeds, pages, trafilatura, storage);
* second pass: every feed answers 304 to the conditional GET;
* 304 baseline: raw conditional GETs of the feed URLs.

Run: ``.venv/bin/python bench/fetch.py [--feeds 50] [--items 20] [--servers 10] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config import load_settings
from news import NewsService, PollReport
from tests.helpers.http_server import LocalServer, Reply
from tests.news.ingest.feeds.builders import Item, article_text, page, rss2


def _serve(servers: list[LocalServer], feeds: int, items: int) -> tuple[list[str], list[str]]:
    feed_urls, page_urls = [], []
    for f in range(feeds):
        server = servers[f % len(servers)]
        entries = []
        for i in range(items):
            topic = f"topic{f}x{i}"
            body = article_text(topic, i)
            link = server.route(f"/f{f}/a{i}.html", Reply(page(f"Story {f}.{i}", body)))
            page_urls.append(link)
            entries.append(Item(f"Story {f}.{i}", link, body.split(". ")[0] + ".", guid=f"{f}-{i}"))
        feed_urls.append(server.route(
            f"/f{f}/rss.xml",
            Reply(rss2(f"Feed {f}", entries), content_type="application/rss+xml", etag=f'"f{f}v1"'),
        ))
    return feed_urls, page_urls


async def _raw_gets(requests: list[tuple[str, dict[str, str]]], concurrency: int) -> float:
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(trust_env=False, timeout=30) as client:

        async def one(url: str, headers: dict[str, str]) -> None:
            async with limit:
                response = await client.get(url, headers=headers)
                response.read()

        start = time.perf_counter()
        await asyncio.gather(*(one(url, headers) for url, headers in requests))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--servers", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    servers = [LocalServer().start() for _ in range(args.servers)]
    try:
        feed_urls, page_urls = _serve(servers, args.feeds, args.items)
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(database_url=f"sqlite:///{tmp}/bench.db", data_dir=Path(tmp),
                                     allow_private_urls=True)

            async def poll(news: NewsService) -> tuple[PollReport, float]:
                start = time.perf_counter()
                report = await news.run_pass(inbox=False)
                assert report.feeds is not None
                return report.feeds, time.perf_counter() - start

            async def passes() -> tuple[tuple[PollReport, float], tuple[PollReport, float]]:
                async with await NewsService.open(settings) as news:
                    for url in feed_urls:
                        await news.add_feed(url)
                    return await poll(news), await poll(news)

            baseline = asyncio.run(_raw_gets([(u, {}) for u in feed_urls + page_urls],
                                             settings.fetch_concurrency))
            (first, first_s), (second, second_s) = asyncio.run(passes())
            baseline_304 = asyncio.run(_raw_gets(
                [(u, {"If-None-Match": f'"f{i}v1"'}) for i, u in enumerate(feed_urls)],
                settings.fetch_concurrency))
    finally:
        for server in servers:
            server.stop()

    items = args.feeds * args.items
    assert first.articles_new == items, first.summary_line()
    assert second.not_modified == args.feeds and second.articles_new == 0, second.summary_line()
    result = {
        "feeds": args.feeds, "items": items, "hosts": args.servers,
        "concurrency": settings.fetch_concurrency, "per_host": settings.fetch_per_host,
        "baseline_raw_get_s": round(baseline, 3),
        "first_pass_s": round(first_s, 3),
        "first_pass_items_per_s": round(items / first_s, 1),
        "first_pass_vs_raw_get": round(first_s / baseline, 2),
        "pages_fetched": first.pages_fetched,
        "second_pass_s": round(second_s, 3),
        "baseline_304_raw_s": round(baseline_304, 3),
        "second_pass_vs_raw_304": round(second_s / baseline_304, 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.feeds} feeds × {args.items} items on {args.servers} local hosts "
          f"(concurrency {settings.fetch_concurrency}, {settings.fetch_per_host} per host)")
    print(f"baseline, raw httpx GET of the {len(feed_urls) + len(page_urls)} URLs: {baseline:.2f} s")
    print(f"first pass: {first_s:.2f} s, {items / first_s:.0f} items/s "
          f"({first_s / baseline:.1f}× the raw GETs; {first.summary_line()})")
    print(f"second pass (all 304): {second_s:.3f} s; raw conditional GETs: {baseline_304:.3f} s "
          f"({second_s / baseline_304:.1f}×)")


if __name__ == "__main__":
    main()
