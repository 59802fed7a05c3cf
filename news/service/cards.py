"""Opening a story in full: its card (summary, key points, perspectives, quote, timeline, sources)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from sqlalchemy import Connection

from news.errors import NotFoundError
from news.models import Story
from news.store import articles as article_store
from news.store import stories as story_store

from .base import ServiceBase

if TYPE_CHECKING:
    from news.stories.card import CardReport, StoryCard

__all__ = ["CardsMixin"]

# Reports a card lists under Sources (the first and the latest); the rest are counted.
CARD_SOURCES: Final = 12
# Cards built by one ``story_cards`` call (the CLI's listing): bounded work per call.
MAX_CARDS: Final = 500


class CardsMixin(ServiceBase):
    async def story_card(self, story_id: int) -> StoryCard:
        """The full card of one story; raises NotFoundError for a story that is not (or no
        longer) there."""
        cards = await self._run(self._cards, [story_id])
        if not cards:
            raise NotFoundError(f"there is no story {story_id} (it may have been merged or pruned)")
        return cards[0]

    async def story_cards(self, story_ids: Sequence[int]) -> list[StoryCard]:
        """Cards of the given stories in that order (unknown ones left out), at most
        ``MAX_CARDS``."""
        return await self._run(self._cards, list(story_ids)[:MAX_CARDS])

    def _cards(self, story_ids: list[int]) -> list[StoryCard]:
        from news.stories.card import build_card  # story cards' NLP: only when a card is opened

        # Read everything in one short transaction, then do the NLP with no connection held.
        with self.db.read() as conn:
            loaded = [self._card_inputs(conn, story_id) for story_id in story_ids]
        return [build_card(story, reports, more_sources=more,
                           summary_sentences=min(3, self.settings.story_summary_sentences))
                for story, reports, more in (item for item in loaded if item is not None)]

    def _card_inputs(self, conn: Connection, story_id: int) -> tuple[Story, list[CardReport], int] | None:
        from news.stories.card import CardReport, reports_to_read

        stories = story_store.load_stories(conn, [story_id], max_sentences=self.settings.story_summary_sentences)
        if not stories:
            return None
        rows, total = story_store.story_reports(conn, story_id, limit=CARD_SOURCES)
        reports = [
            CardReport(r.id, r.title, r.source, r.url, r.published_at, r.language,
                       lead=r.summary[0] if r.summary else None)
            for r in rows
        ]
        bodies = article_store.article_bodies(conn, reports_to_read(reports))
        reports = [replace(r, body=bodies.get(r.article_id)) for r in reports]
        return stories[0], reports, max(total - len(reports), 0)
