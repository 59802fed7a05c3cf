"""Feedback on digest stories: 👍 / 👎 that move stories like them, "Why?", and a reset."""

from __future__ import annotations

from sqlalchemy import Connection

from news.answers.digest import TopicMatcher, story_stems
from news.answers.feedback import HORIZON, StoryReason, chat_events, event_row, profile, weight
from news.errors import NotFoundError
from news.models import Story
from news.store import chats as chat_store
from news.store import feedback as store
from news.store import stories as story_store

from .base import ServiceBase
from .results import ChatRef

__all__ = ["FeedbackMixin"]


class FeedbackMixin(ServiceBase):
    async def story_feedback(self, chat: ChatRef, story_id: int, *, liked: bool) -> float:
        """Record 👍 (``liked``) or 👎 on a story for the chat, replacing an earlier press on it:
        stories like it move up or down in the chat's later digests (``news.answers.feedback``).
        Returns the story's weight for the chat now; NotFoundError when the story is gone."""
        return await self._run(self._feedback, chat, story_id, liked)

    def _feedback(self, chat: ChatRef, story_id: int, liked: bool) -> float:
        now = self.now()
        with self.db.write() as conn:
            self._ensure_chat(conn, chat, now)
            story = self._story(conn, story_id)
            store.record_feedback(conn, chat.id, event_row(story, liked=liked, now=now),
                                  forget_before=now - HORIZON)
            return weight(profile(story), chat_events(conn, chat.id, now=now), now=now)

    async def why_story(self, chat: ChatRef, story_id: int) -> StoryReason:
        """Why the story is in the chat's digest: its matched topics, reports and outlets, latest
        report, and the chat's feedback weight of it. NotFoundError when the story is gone."""
        return await self._run(self._why, chat, story_id)

    def _why(self, chat: ChatRef, story_id: int) -> StoryReason:
        now = self.now()
        with self.db.read() as conn:
            story = self._story(conn, story_id)
            row = chat_store.get_chat(conn, chat.id)
            topics = [t for t in (row.topics if row else []) if not t.startswith("-")]
            matched = [t for t in topics if TopicMatcher.from_topics([t]).matches(story_stems(story))]
            reports, outlets = store.story_reach(conn, story_id)
            events = chat_events(conn, chat.id, now=now)
        return StoryReason(story.id, story.title, matched, reports, outlets, story.last_published_at,
                           weight(profile(story), events, now=now))

    async def reset_feedback(self, chat: ChatRef) -> int:
        """Forget the chat's feedback: its digests are ranked as if it never pressed 👍 or 👎.
        Returns how many presses were forgotten."""
        return await self._run(self._reset, chat)

    def _reset(self, chat: ChatRef) -> int:
        with self.db.write() as conn:
            return store.clear_feedback(conn, chat.id)

    def _story(self, conn: Connection, story_id: int) -> Story:
        found = story_store.load_stories(conn, [story_id], max_sentences=self.settings.digest_summary_sentences)
        if not found:
            raise NotFoundError(f"story {story_id} is no longer available (merged into another or pruned)")
        return found[0]
