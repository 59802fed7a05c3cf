"""/addfeed and /summarize go through the network guard on every redirect hop: the service's
``add_feed`` and ``summarize_url`` refuse a trusted first hop that redirects to a private
address, and the private address is never contacted."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from config import Settings
from news import BlockedURLError, NewsService
from news.ingest.http import policy_for
from news.store import Database
from tests.helpers.http_server import LocalServer, Reply
from tests.helpers.service import run

RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x/</link>'
       "<description>d</description></channel></rss>")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    site = LocalServer().start()
    yield site
    site.stop()


@pytest.fixture
def guarded(settings: Settings, db: Database, server: LocalServer) -> Iterator[NewsService]:
    """Private addresses refused, except the test server's exact host:port (standing in for a
    public site): the redirect's target is judged on its own."""
    assert not settings.allow_private_urls
    service = NewsService(settings, db, policy=policy_for(settings, [server.host]))
    yield service
    asyncio.run(service.aclose())


@pytest.mark.parametrize("target", ["http://localhost:{port}/private", "http://127.0.0.2:{port}/private",
                                    "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/private"])
def test_a_redirect_to_a_private_address_is_refused_for_pages_and_feeds(
    guarded: NewsService, server: LocalServer, target: str,
) -> None:
    server.route("/private", Reply(RSS, content_type="application/rss+xml"))
    server.route("/page", Reply(redirect=target.format(port=server.port)))
    server.route("/feed.xml", Reply(redirect=target.format(port=server.port), status=301))
    with pytest.raises(BlockedURLError):
        run(guarded.summarize_url(server.url("/page"), requester=1))
    with pytest.raises(BlockedURLError):
        run(guarded.add_feed(server.url("/feed.xml")))
    assert server.hits("/private") == 0
    assert run(guarded.list_feeds()) == []
