"""Hostile article pages behind ``summarize_url`` (a link pasted in a chat): the same limits as
feeds, and only the page's plain text is summarized."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from config import Settings
from news import FetchError, NewsService, PageSummary
from news.ingest.netguard import URLPolicy
from news.store import Database
from tests.helpers.http_server import LocalServer, Reply
from tests.helpers.service import run
from tests.hostile import generators as hostile

PARAGRAPHS = "".join(
    f"<p>The harbour authority said the {n} dredging works would resume on Monday after inspectors "
    f"approved the new pier, and traders welcomed it.</p>" for n in range(8)
)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


def _summarize(settings: Settings, db: Database, server: LocalServer, reply: Reply, *,
               max_bytes: int = 1_000_000) -> PageSummary:
    url = server.route("/page.html", reply)

    async def go() -> PageSummary:
        policy = URLPolicy(allow_private=False, trusted_hosts=frozenset({server.host}))
        small = settings.model_copy(update={"fetch_max_bytes": max_bytes, "fetch_timeout_seconds": 5.0})
        async with NewsService(small, db, policy=policy) as news:
            return await news.summarize_url(url)

    return run(go())


def test_a_page_with_scripts_and_handlers_is_summarized_as_plain_text(
    settings: Settings, db: Database, server: LocalServer,
) -> None:
    page = ("<html><head><title>Dredging resumes</title><script>alert(1)</script></head><body><article>"
            f"<h1>Dredging resumes</h1>{PARAGRAPHS}<img src=x onerror=alert(2)>"
            '<p onclick="steal()">Council <a href="javascript:alert(3)">approved</a> it.</p>'
            "</article></body></html>")
    summary = _summarize(settings, db, server, Reply(page))
    assert summary.sentences and summary.title == "Dredging resumes"
    for sentence in summary.sentences:
        assert "<" not in sentence and "alert" not in sentence and "javascript" not in sentence


def test_a_compressed_page_bomb_stops_at_the_limit(settings: Settings, db: Database, server: LocalServer) -> None:
    with pytest.raises(FetchError, match="response too large"):
        _summarize(settings, db, server, Reply(hostile.compressed_bomb(50_000_000),
                                               headers={"Content-Encoding": "gzip"}))


def test_200000_nested_tags_give_a_clear_no_article_answer(
    settings: Settings, db: Database, server: LocalServer,
) -> None:
    deep = "<html><body>" + "<div>" * 200_000 + PARAGRAPHS + "</div>" * 200_000 + "</body></html>"
    with pytest.raises(FetchError, match="no article"):
        _summarize(settings, db, server, Reply(deep.encode()), max_bytes=5_000_000)
