"""/digest is dated by the chat's own calendar, as the scheduled digest is (issue 12: it used
to print the UTC date)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.telegram.handlers.common import Env
from bot.telegram.handlers.digest import digest_now
from config import Settings
from news import ChatRef, NewsService
from news.store import Database
from tests.helpers.service import run

# 20:00 UTC on 18 November is already 19 November in Tokyo and still 18 November in New York.
NOW = datetime(2026, 11, 18, 20, 0, tzinfo=UTC)


def test_digest_now_is_dated_by_the_chats_timezone(settings: Settings, db: Database) -> None:
    news = NewsService(settings, db, clock=lambda: NOW)
    try:
        for chat_id, zone, day in ((1, "Asia/Tokyo", "19 Nov 2026"), (2, "America/New_York", "18 Nov 2026")):
            chat = ChatRef(chat_id, kind="private")
            run(news.set_timezone(chat, zone))
            reply = run(digest_now(Env(news=news, chat=chat, user_id=chat_id), ""))
            assert day in reply.messages[0].split("\n")[0]
    finally:
        run(news.aclose())
