"""Hostile feeds and pages from a local server: each is refused with a clear reason or read
safely, and never costs more than its limits (bytes, time, items, nesting)."""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import select

from config import Settings
from news import BlockedURLError, FetchError, NewsService
from news.ingest.netguard import URLPolicy
from news.store import Database
from news.store.schema import articles
from tests.helpers.http_server import LocalServer, Reply
from tests.helpers.service import run
from tests.hostile import generators as hostile

T = TypeVar("T")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.fixture
def strict(settings: Settings) -> Settings:
    """Private addresses refused (only the test server is trusted), small limits, short deadline."""
    return settings.model_copy(update={"fetch_timeout_seconds": 2.0, "fetch_max_bytes": 1_000_000,
                                       "teaser_words": 0})


def _with(settings: Settings, db: Database, server: LocalServer,
          work: Callable[[NewsService], Awaitable[T]]) -> T:
    """One service call on one event loop, trusting only the test server among private hosts."""
    async def go() -> T:
        policy = URLPolicy(allow_private=False, trusted_hosts=frozenset({server.host}))
        async with NewsService(settings, db, policy=policy) as news:
            return await work(news)

    return run(go())


def _add_and_pass(settings: Settings, db: Database, server: LocalServer, path: str, reply: Reply) -> Any:
    url = server.route(path, reply)

    async def work(news: NewsService) -> Any:
        await news.add_feed(url)
        return await news.run_pass(inbox=False)

    return _with(settings, db, server, work)


def _feed_error(settings: Settings, db: Database, server: LocalServer, path: str, reply: Reply) -> str:
    """Add a good feed at ``path``, then serve ``reply`` there: the pass's failure, in words."""
    url = server.route(path, Reply(hostile.good_feed(1, items=1), content_type="application/rss+xml"))

    async def work(news: NewsService) -> str:
        await news.add_feed(url)
        server.route(path, reply)
        report = await news.run_pass(inbox=False)
        assert report.feeds is not None and report.feeds.failed == 1
        [status] = await news.list_feeds()
        assert status.last_error is not None
        return status.last_error

    return _with(settings, db, server, work)


def _stored(db: Database) -> list[Any]:
    with db.read() as conn:
        return list(conn.execute(select(articles).order_by(articles.c.id)))


def test_entity_expansion_and_external_entities_are_never_expanded(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    _add_and_pass(strict, db, server, "/laughs.xml", Reply(hostile.billion_laughs(),
                                                           content_type="application/rss+xml"))
    _add_and_pass(strict, db, server, "/xxe.xml", Reply(hostile.external_entity(),
                                                        content_type="application/rss+xml"))
    rows = _stored(db)
    assert len(rows) == 3
    for row in rows:
        assert "lollol" not in row.title + row.body and len(row.body) < 5_000
        assert "root:" not in row.title + row.body  # /etc/passwd never read


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_compression_bomb_stops_at_the_decoded_size_limit(
    strict: Settings, db: Database, server: LocalServer, coding: str,
) -> None:
    wbits = zlib.MAX_WBITS | 16 if coding == "gzip" else zlib.MAX_WBITS
    bomb = hostile.compressed_bomb(100_000_000, wbits=wbits)  # 100 MB of zeros in ~100 KB
    assert len(bomb) < strict.fetch_max_bytes  # the declared length alone would let it in
    error = _feed_error(strict, db, server, "/bomb.xml", Reply(
        bomb, content_type="application/rss+xml", headers={"Content-Encoding": coding}))
    assert "response too large" in error and "over 1,000,000 bytes" in error


def test_a_brotli_body_is_refused_not_taken_as_the_feed(strict: Settings, db: Database, server: LocalServer) -> None:
    import importlib.util

    assert importlib.util.find_spec("brotli") is None  # httpx cannot decode it here
    error = _feed_error(strict, db, server, "/br.xml", Reply(
        b"\x1b\xff\xff\x7f" * 4096, content_type="application/rss+xml", headers={"Content-Encoding": "br"}))
    assert "encoded as 'br'" in error
    assert [s.path for s in server.requests if s.path == "/br.xml"]
    assert all(s.headers.get("accept-encoding") == "gzip, deflate" for s in server.requests)


def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    # One byte, then a wait of 30 s for the next (on the server's stop event, not a sleep):
    # the client's total deadline of 0.5 s ends it, though no single read ever times out long.
    quick = strict.model_copy(update={"fetch_timeout_seconds": 0.5})
    error = _feed_error(quick, db, server, "/drip.xml", Reply(
        hostile.good_feed(2), content_type="application/rss+xml", drip=30.0))
    assert "timed out after 0.5 s" in error


def test_redirect_loops_and_redirects_to_refused_addresses_fail_clearly(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    server.route("/a", Reply(redirect=server.url("/b")))
    server.route("/b", Reply(redirect=server.url("/a")))
    server.route("/inside", Reply(redirect="http://169.254.169.254/latest/meta-data/"))
    server.route("/loopback", Reply(redirect="http://127.0.0.1:1/feed.xml"))

    async def work(news: NewsService) -> list[BaseException]:
        failures: list[BaseException] = []
        for path in ("/a", "/inside", "/loopback"):
            try:
                await news.add_feed(server.url(path))
            except FetchError as exc:
                failures.append(exc)
        return failures

    loop, inside, loopback = _with(strict, db, server, work)
    assert "more than 5 redirects" in str(loop)
    assert isinstance(inside, BlockedURLError) and isinstance(loopback, BlockedURLError)
    assert server.hits("/a") == 3  # five hops, then refused: the loop is not followed forever
    with db.read() as conn:
        assert conn.execute(select(articles.c.id)).first() is None


@pytest.mark.slow
def test_a_feed_of_20000_items_is_taken_newest_first_a_bounded_number_per_pass(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    settings = strict.model_copy(update={"feed_items_per_pass": 500, "fetch_max_bytes": 10_000_000})
    start = datetime.now(UTC) - timedelta(days=20)
    url = server.route("/huge.xml", Reply(hostile.huge_feed(20_000, start=start),
                                          content_type="application/rss+xml", etag='"same"'))

    async def work(news: NewsService) -> tuple[int, int]:
        await news.add_feed(url)
        first = await news.run_pass(inbox=False)
        second = await news.run_pass(inbox=False)
        assert first.feeds is not None and second.feeds is not None
        return first.feeds.articles_new, second.feeds.articles_new

    first, second = _with(settings, db, server, work)
    assert (first, second) == (500, 500)
    titles = [row.title for row in _stored(db)]
    # Pass one took items 19,500-19,999 (the newest), pass two the 500 before them.
    numbers = sorted(int(t.split()[1]) for t in titles)
    assert numbers == list(range(19_000, 20_000))
    assert server.hits("/huge.xml") == 3  # validated by add, then downloaded again: never a 304 while items wait


def test_invalid_bytes_and_a_wrong_charset_are_read_as_far_as_they_go(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    report = _add_and_pass(strict, db, server, "/charset.xml", Reply(
        hostile.wrong_charset(), content_type="application/rss+xml; charset=utf-8"))
    assert report.feeds.articles_new == 1
    [row] = _stored(db)
    assert row.title == "Café owners in Besançon" and "5 €" in row.body


def test_scripts_handlers_and_non_web_links_never_get_in(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    _add_and_pass(strict, db, server, "/script.xml", Reply(hostile.script_links(),
                                                           content_type="application/rss+xml"))
    rows = _stored(db)
    assert [row.url for row in rows] == [None, None, "http://example.org/budget"]
    for row in rows:
        text = row.title + "\n" + row.body
        for bad in ("<", "alert", "onclick", "onerror", "javascript:", "data:text"):
            assert bad not in text
    assert rows[0].title == "Budget approved" and "Council approved the budget." in rows[0].body


def test_a_20000_character_title_is_cut_on_a_word(strict: Settings, db: Database, server: LocalServer) -> None:
    _add_and_pass(strict, db, server, "/title.xml", Reply(hostile.huge_title(), content_type="application/rss+xml"))
    [row] = _stored(db)
    assert len(row.title) <= 300 and row.title.endswith("river…")


def test_200000_nested_tags_are_refused_quickly_as_not_a_feed(
    strict: Settings, db: Database, server: LocalServer,
) -> None:
    roomy = strict.model_copy(update={"fetch_max_bytes": 10_000_000})  # 6 MB of tags
    error = _feed_error(roomy, db, server, "/deep.xml", Reply(hostile.deep_nesting(),
                                                              content_type="application/rss+xml"))
    assert "not an RSS or Atom feed (elements nested more than 256 levels deep)" in error


@pytest.mark.parametrize(("body", "kind"), [
    (b"<html><head><title>Home</title></head><body><p>Welcome, no feed here.</p></body></html>", "text/html"),
    (b'{"items": [{"title": "not a feed"}]}', "application/json"),
    (b"", "application/rss+xml"),
], ids=["html", "json", "empty"])
def test_what_is_not_a_feed_is_refused_with_a_clear_message(
    strict: Settings, db: Database, server: LocalServer, body: bytes, kind: str,
) -> None:
    url = server.route("/feed", Reply(body, content_type=kind))

    async def work(news: NewsService) -> None:
        await news.add_feed(url)

    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        _with(strict, db, server, work)
    assert _with(strict, db, server, lambda news: news.list_feeds()) == []


def test_slow_redirects_share_one_deadline(strict: Settings, db: Database, server: LocalServer) -> None:
    # Each hop answers within the deadline (0.4 s of 1 s), the chain of three does not.
    quick = strict.model_copy(update={"fetch_timeout_seconds": 1.0})
    server.route("/one", Reply(redirect=server.url("/two"), delay=0.4))
    server.route("/two", Reply(redirect=server.url("/three"), delay=0.4))
    server.route("/three", Reply(hostile.good_feed(3), content_type="application/rss+xml", delay=0.4))

    async def work(news: NewsService) -> None:
        await news.add_feed(server.url("/one"))

    with pytest.raises(FetchError, match="timed out after 1 s"):
        _with(quick, db, server, work)
