"""Inline mode: ``@botname <topic>`` in any chat offers up to ten story cards to share.

Each result is a story's card (``bot.telegram.cards.card_message``, the Details view) with its
title and a two-sentence description; an empty query offers the top stories of the last two
days. Telegram caches an answer for ``CACHE_SECONDS`` on its side, and so do we
(``InlineCache``): people type a topic letter by letter, and the same few topics are asked in
many chats, so one search and card build serve them all for a minute.
"""

from __future__ import annotations

import logging
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import context as ctx
from bot.telegram.cards import card_message
from news import NewsService, QueryError

if TYPE_CHECKING:
    from news import StoryCard

__all__ = ["CACHE_SECONDS", "MAX_RESULTS", "InlineCache", "inline_cache", "inline_query", "inline_results"]

log = logging.getLogger(__name__)

MAX_RESULTS = 10
CACHE_SECONDS = 60
TOP_STORY_DAYS = 2  # an empty query: the top stories of this many days
_MAX_QUERY_CHARS = 200  # a topic is a few words; Telegram allows 256 characters
_DESCRIPTION_CHARS = 200  # two sentences, as a chooser line can show them
_CACHE_KEY = "inline_cache"


@dataclass
class InlineCache:
    """Results per query (case and spacing folded), each kept ``ttl`` seconds of ``clock``."""

    ttl: float = CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    max_entries: int = 1000
    _entries: dict[str, tuple[float, list[InlineQueryResultArticle]]] = field(default_factory=dict)

    @staticmethod
    def key(query: str) -> str:
        return " ".join(query.split()).casefold()

    def get(self, query: str) -> list[InlineQueryResultArticle] | None:
        found = self._entries.get(self.key(query))
        if found is None or found[0] <= self.clock():
            return None
        return found[1]

    def put(self, query: str, results: list[InlineQueryResultArticle]) -> None:
        now = self.clock()
        if len(self._entries) >= self.max_entries:  # bounded memory: expired first, then oldest
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            while len(self._entries) >= self.max_entries:
                self._entries.pop(next(iter(self._entries)))
        self._entries[self.key(query)] = (now + self.ttl, results)


def inline_cache(bot_data: dict[str, Any]) -> InlineCache:
    """The application's cache (a test may place one with its own clock first)."""
    return ctx.shared(bot_data, _CACHE_KEY, InlineCache, InlineCache)


def _description(card: StoryCard) -> str:
    two = " ".join(line.text for line in card.summary[:2])
    return textwrap.shorten(two, width=_DESCRIPTION_CHARS, placeholder="…")


def _result(card: StoryCard) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=f"story-{card.id}",
        title=textwrap.shorten(card.title, width=120, placeholder="…") or "Story",
        description=_description(card),
        input_message_content=InputTextMessageContent(
            card_message(card), parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )


async def inline_results(news: NewsService, query: str) -> list[InlineQueryResultArticle]:
    """Cards for a topic (with an optional period, as in /new), or the top stories."""
    query = query.strip()[:_MAX_QUERY_CHARS]
    if query:
        try:
            answer = await news.ask(query, limit=MAX_RESULTS)
        except QueryError:
            return []
        story_ids = [story.id for story in answer.stories]
    else:
        digest = await news.sample_digest(days=TOP_STORY_DAYS)
        story_ids = [story.id for story in digest.stories]
    cards = await news.story_cards(story_ids[:MAX_RESULTS])
    return [_result(card) for card in cards]


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query from the cache, or search and build the cards."""
    query = update.inline_query
    if query is None:
        return
    cache = inline_cache(context.bot_data)
    results = cache.get(query.query)
    if results is None:
        results = await inline_results(ctx.service(context.bot_data), query.query)
        cache.put(query.query, results)
    try:
        await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)
    except TelegramError as exc:  # the query expired (people type on): nobody is waiting
        log.debug("inline query not answered: %s", exc)
