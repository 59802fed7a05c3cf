"""One web page to one article: extraction, encodings, limits, the guard, the sync/async faces."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, load_settings
from news import NewsService
from news.errors import BlockedURLError, FetchError
from news.ingest.http import Fetcher
from news.ingest.pages import decode_html
from news.ingest.pages import fetch_page_article as fetch_async
from news.models import ArticleDraft
from news.store import open_database
from news.workers import Workers
from tests.helpers.http_server import LocalServer, Reply
from tests.news.ingest.feeds.builders import article_text, page


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", allow_private_urls=True,
                         fetch_timeout_seconds=1.0, fetch_max_bytes=100_000)


def fetch_page_article(url: str, settings: Settings) -> ArticleDraft:
    """One page through the real client, on a loop of its own."""
    workers = Workers(1)

    async def fetch() -> ArticleDraft:
        async with Fetcher(settings) as fetcher:
            return await fetch_async(url, fetcher, workers)

    try:
        return asyncio.run(fetch())
    finally:
        workers.shutdown()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


def test_page_text_without_boilerplate(settings: Settings, server: LocalServer) -> None:
    body = article_text("lighthouse", 1)
    url = server.route("/story", Reply(page("Lighthouse restored", body, published="2026-11-19")))

    draft = fetch_page_article(url, settings)

    assert draft.title == "Lighthouse restored"
    assert draft.body == body
    assert draft.published_at == datetime(2026, 11, 19, tzinfo=UTC)
    assert draft.language == "english"
    assert draft.url == url and draft.source
    assert "newsbrief" in server.requests[0].headers["user-agent"]


@pytest.mark.parametrize("declared", ["header", "meta"])
def test_legacy_charset_pages(settings: Settings, server: LocalServer, declared: str) -> None:
    text = "Le conseil municipal a approuvé le projet de tramway à Montréal après des mois de débat. " * 12
    html = page("Élections à Montréal", text.strip())
    if declared == "header":
        reply = Reply(html.replace('<meta charset="utf-8">', "").encode("iso-8859-1"),
                      content_type="text/html; charset=iso-8859-1")
    else:
        reply = Reply(html.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"),
                      content_type="text/html")
    url = server.route("/fr", reply)

    draft = fetch_page_article(url, settings)

    assert draft.title == "Élections à Montréal"
    assert "approuvé le projet de tramway à Montréal" in draft.body
    assert draft.language == "french"


def test_decode_html_fallbacks() -> None:
    assert decode_html("café".encode("cp1252"), None) == "café"  # not UTF-8: Windows-1252
    assert decode_html("café".encode(), None) == "café"
    assert decode_html("\ufeffcafé".encode(), "iso-8859-1") == "café"  # the BOM wins
    assert decode_html("café".encode(), "no-such-charset") == "café"


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(b"%PDF-1.4", content_type="application/pdf"), "not a web page"),
        (Reply("<html><head><title>t</title></head><body><script>x()</script></body></html>"),
         "no article text"),
        (Reply("x" * 200_000), "too large"),
        (Reply("slow", delay=5), "timed out after 1 s"),
        (Reply("gone", status=410), "HTTP 410"),
    ],
    ids=["pdf", "empty", "oversized", "slow", "gone"],
)
def test_page_failures_say_what_went_wrong(
    settings: Settings, server: LocalServer, reply: Reply, message: str
) -> None:
    url = server.route("/p", reply)
    with pytest.raises(FetchError, match=message):
        fetch_page_article(url, settings)


def test_private_pages_refused_by_default(server: LocalServer, tmp_path: Path) -> None:
    url = server.route("/story", Reply(page("x", article_text("x", 1))))
    strict = load_settings(data_dir=tmp_path / "data")
    with pytest.raises(BlockedURLError, match="not a public internet address"):
        fetch_page_article(url, strict)
    assert server.requests == []


def test_the_service_summarizes_a_page_and_other_chats_never_wait_for_one_chats_pages(
    settings: Settings, server: LocalServer, tmp_path: Path
) -> None:
    body = article_text("orchard", 3)
    url = server.route("/story", Reply(page("Orchard", body)))

    async def summarize() -> tuple[list[str], list[str]]:
        news = NewsService(settings, open_database(f"sqlite:///{tmp_path / 'p.db'}"))
        try:
            # Two pages for one chat go one at a time; both still arrive.
            first, second = await asyncio.gather(news.summarize_url(url, requester=1, sentences=2),
                                                 news.summarize_url(url, requester=1, sentences=2))
            return first.sentences, second.sentences
        finally:
            await news.aclose()
            news.db.dispose()

    first, second = asyncio.run(summarize())
    assert first == second and len(first) == 2 and all(s in body for s in first)
