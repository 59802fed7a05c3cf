"""One web page to one article: extraction, encodings, limits, the guard, the sync/async faces."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, load_settings
from news.errors import BlockedURLError, FetchError
from news.pages import decode_html, fetch_page_article, fetch_page_article_async
from news.sources import read_text_source
from tests.helpers.http_server import LocalServer, Reply
from tests.news.feeds.builders import article_text, page


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", allow_private_urls=True,
                         fetch_timeout_seconds=1.0, fetch_max_bytes=100_000)


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
    with pytest.raises(BlockedURLError, match="NEWSBRIEF_ALLOW_PRIVATE_URLS"):
        fetch_page_article(url, strict)
    with pytest.raises(BlockedURLError):
        read_text_source(url, strict)  # what `newsbrief summarize URL` calls
    assert server.requests == []


def test_summarize_source_and_both_faces_from_async_code(settings: Settings, server: LocalServer) -> None:
    body = article_text("orchard", 3)
    url = server.route("/story", Reply(page("Orchard", body)))
    text, language = read_text_source(url, settings)
    assert (text, language) == (body, "english")

    async def from_a_running_loop() -> tuple[str, str]:
        awaited = await fetch_page_article_async(url, settings)
        blocking = fetch_page_article(url, settings)  # a sync caller inside a loop still works
        return awaited.body, blocking.body

    assert asyncio.run(from_a_running_loop()) == (body, body)
