"""The fetcher under the feeds: concurrency limits, conditional headers, gzip, size and time limits.

(news/ingest/http.py is shared by feeds and pages; its guard tests are in test_netguard.py.)
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from news.errors import FetchError
from news.ingest.http import Fetcher, FetchResult
from tests.helpers.http_server import Gate, LocalServer, Reply


@pytest.fixture
def base(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", allow_private_urls=True, fetch_timeout_seconds=2.0,
                         fetch_max_bytes=50_000)


@pytest.fixture
def servers() -> Iterator[tuple[LocalServer, LocalServer]]:
    with LocalServer() as one, LocalServer() as two:
        yield one, two


def _get_all(settings: Settings, urls: list[str]) -> list[FetchResult]:
    async def run() -> list[FetchResult]:
        async with Fetcher(settings) as fetcher:
            return list(await asyncio.gather(*(fetcher.get(u) for u in urls)))

    return asyncio.run(run())


def _get_all_while_held(settings: Settings, urls: list[str], gates: dict[str, Gate], limit: int) -> list[FetchResult]:
    """Fetch ``urls`` (in another thread) while each gate (by label) holds its requests; let one
    request of each label go at a time, each once the client has taken every slot it may."""
    results: list[FetchResult] = []
    client = threading.Thread(target=lambda: results.extend(_get_all(settings, urls)), daemon=True)
    client.start()
    try:
        left = Counter(label for url in urls for label in gates if f"/{label}" in url)
        while +left:
            for label, gate in gates.items():
                if left[label]:
                    gate.wait_for(lambda g, label=label: g.held_of(label) == min(limit, left[label]))
                    gate.release(label)
                    left[label] -= 1
    finally:
        for gate in gates.values():
            gate.open()
        client.join(15)
    return results


def test_per_host_and_global_limits(base: Settings, servers: tuple[LocalServer, LocalServer]) -> None:
    one, two = servers
    per_host = base.model_copy(update={"fetch_per_host": 2, "fetch_concurrency": 16})
    first, second = Gate(), Gate()
    one.route("/one", first.reply(Reply("ok"), "one"))
    two.route("/two", second.reply(Reply("ok"), "two"))

    done = _get_all_while_held(per_host, [one.url("/one"), two.url("/two")] * 4,
                               {"one": first, "two": second}, limit=2)

    assert len(done) == 8 and all(r.content == b"ok" for r in done)
    assert (first.peak, second.peak) == (2, 2)  # each host its own two slots, both in use at once

    global_limit = base.model_copy(update={"fetch_per_host": 10, "fetch_concurrency": 3})
    gate = Gate()
    one.route("/one", gate.reply(Reply("ok"), "one"))

    done = _get_all_while_held(global_limit, [one.url("/one")] * 6, {"one": gate}, limit=3)

    assert len(done) == 6 and gate.peak == 3


def test_validators_gzip_and_final_url(base: Settings, servers: tuple[LocalServer, LocalServer]) -> None:
    one, _ = servers
    one.route("/feed", Reply("<rss>" + "news " * 2000 + "</rss>", content_type="application/rss+xml; charset=utf-8",
                             gzip=True, etag='"abc"', last_modified="Sat, 21 Nov 2026 10:00:00 GMT"))
    one.route("/old", Reply(redirect="/feed", status=301))

    [result] = _get_all(base, [one.url("/old")])

    assert result.url == one.url("/feed") and result.status == 200
    assert result.content.startswith(b"<rss>news news") and len(result.content) > 10_000
    assert (result.content_type, result.charset) == ("application/rss+xml", "utf-8")
    assert (result.etag, result.last_modified) == ('"abc"', "Sat, 21 Nov 2026 10:00:00 GMT")
    assert "gzip" in one.requests[-1].headers["accept-encoding"]

    async def conditional() -> FetchResult:
        async with Fetcher(base) as fetcher:
            return await fetcher.get(one.url("/feed"), etag='"abc"')

    again = asyncio.run(conditional())
    assert again.not_modified and again.content == b""


def test_gzip_bomb_stops_at_the_limit(base: Settings, servers: tuple[LocalServer, LocalServer]) -> None:
    one, _ = servers
    one.route("/bomb", Reply(b"\0" * 5_000_000, content_type="application/xml", gzip=True))  # ~5 kB on the wire
    with pytest.raises(FetchError, match="too large"):
        _get_all(base, [one.url("/bomb")])
