"""Pages for /summarize: one download at a time per chat, and no more than the fetcher's global
limit in all, so one chat pasting links takes one slot and the other chats go on.

The page server holds every request until the test releases it (tests.helpers.http_server.Gate):
the test steps through the downloads by events, never by time.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

from config import Settings
from news import NewsService, PageSummary
from news.store import Database
from tests.helpers.http_server import Gate, LocalServer, Reply
from tests.helpers.pages import HARBOUR_PAGE

LINKS = {"1": 3, "2": 2, "3": 1}  # chat -> links it pastes at once
GLOBAL = 2


def test_one_page_per_chat_at_a_time_within_the_global_limit(settings: Settings, db: Database) -> None:
    live = settings.model_copy(update={"allow_private_urls": True, "fetch_concurrency": GLOBAL,
                                       "fetch_per_host": 10, "fetch_timeout_seconds": 30.0})
    gate = Gate()
    summaries: list[PageSummary] = []
    with LocalServer() as server:
        for chat, count in LINKS.items():
            for n in range(count):
                server.route(f"/{chat}/{n}", gate.reply(Reply(HARBOUR_PAGE), chat))

        async def paste_links() -> list[PageSummary]:
            async with NewsService(live, db) as news:
                return list(await asyncio.gather(*(
                    news.summarize_url(server.url(f"/{chat}/{n}"), requester=int(chat))
                    for chat, count in LINKS.items() for n in range(count))))

        client = threading.Thread(target=lambda: summaries.extend(asyncio.run(paste_links())), daemon=True)
        client.start()
        try:
            left = Counter(LINKS)
            while +left:
                # Every slot the limits allow is taken: one per chat with links left, at most GLOBAL.
                waiting = sum(1 for n in left.values() if n)
                gate.wait_for(lambda g, waiting=waiting: g.held == min(GLOBAL, waiting))
                chat = next(c for c in LINKS if gate.held_of(c))
                gate.release(chat)
                left[chat] -= 1
        finally:
            gate.open()
            client.join(30)

    assert len(summaries) == sum(LINKS.values())
    assert all(s.title == "Harbour dredging plan approved" and s.sentences for s in summaries)
    assert gate.arrived == sum(LINKS.values())
    assert {chat: gate.peak_of(chat) for chat in LINKS} == dict.fromkeys(LINKS, 1)
    assert gate.peak == GLOBAL
