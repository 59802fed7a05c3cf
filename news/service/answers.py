"""Reading the news: questions, a chat's digest on demand, stories, sources, figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from news.answers.ask import answer_query
from news.answers.digest import Digest, TopicMatcher, compose_digest, story_stems
from news.answers.query import parse_question
from news.answers.updates import follow_up
from news.models import Answer, Query, StoryListing
from news.store import articles as article_store
from news.store import chats as chat_store
from news.store import feeds as feed_store
from news.store import outbox as outbox_store
from news.store import reads as read_store
from news.store import stories as story_store

from .base import ServiceBase
from .results import ChatRef, Outlet, Sources, Stats

__all__ = ["AnswersMixin"]

# Outlets listed by /sources, most prolific first.
_OUTLETS_SHOWN = 30
# Stories found for a topic on subscribing, of which the latest the chat has not read is shown.
_BACKFILL_CANDIDATES = 10


class AnswersMixin(ServiceBase):
    async def ask(self, question: str, *, chat: ChatRef | None = None, limit: int | None = None) -> Answer:
        """Answer "what's new on X?"; periods ("today", "since Monday") are the chat's local
        ones. Raises QueryError for a question without a topic."""
        return await self._run(self._ask, question, chat, limit or self.settings.answer_stories)

    def _ask(self, question: str, chat: ChatRef | None, limit: int) -> Answer:
        now = self.now()
        with self.db.read() as conn:
            known = chat_store.get_chat(conn, chat.id) if chat is not None else None
            local_now = now.astimezone(known.tzinfo) if known is not None else now
            query = parse_question(question, now=local_now)
            return answer_query(
                conn, query, now=now, default_period_days=self.settings.default_period_days,
                limit=limit, summary_sentences=self.settings.story_summary_sentences,
            )

    async def digest_now(self, chat: ChatRef) -> tuple[Digest, datetime]:
        """The chat's digest now (stories since its last digest, its topics, seen ones only as
        updates), without counting as the scheduled one; with the chat's local time for the
        header. Tell ``digest_read`` once it was sent."""
        return await self._run(self._digest_now, chat)

    async def digest_read(self, chat: ChatRef, digest: Digest) -> None:
        """Record what a digest (or a backfilled story) showed as read by the chat, once the
        face has sent it: its later digests bring those stories only as updates."""
        await self._run(self._digest_read, chat, digest)

    def _digest_read(self, chat: ChatRef, digest: Digest) -> None:
        if digest.reads:
            with self.db.write() as conn:
                read_store.record_reads(conn, chat.id, digest.reads, now=self.now())

    def _digest_now(self, chat: ChatRef) -> tuple[Digest, datetime]:
        now = self.now()
        with self.db.write() as conn:
            row = self._ensure_chat(conn, chat, now)
            digest = compose_digest(
                conn, row.topics, now=now, since=row.last_digest_at, limit=self.settings.digest_stories,
                summary_sentences=self.settings.digest_summary_sentences, chat_id=row.id,
            )
        return digest, now.astimezone(row.tzinfo)

    async def latest_on(self, chat: ChatRef, topics: Sequence[str]) -> Digest | None:
        """The latest story on the first of ``topics`` that has one, as a one-story digest
        for a chat that just subscribed (a story it has read comes only as an update with new
        facts); None when there is nothing. Tell ``digest_read`` once it was sent, so the
        next digest does not bring it again."""
        return await self._run(self._latest_on, chat, list(topics))

    def _latest_on(self, chat: ChatRef, topics: list[str]) -> Digest | None:
        now = self.now()
        with self.db.read() as conn:
            for topic in (t for t in topics if not t.startswith("-")):
                answer = answer_query(
                    conn, Query(text=topic, topic=topic, since=None), now=now,
                    default_period_days=self.settings.default_period_days, limit=_BACKFILL_CANDIDATES,
                    summary_sentences=self.settings.digest_summary_sentences,
                )
                # The digest's own matching, so the story is one the digest would carry.
                matcher = TopicMatcher.from_topics([topic])
                found = [s for s in answer.stories if matcher.matches(story_stems(s))]
                found.sort(key=lambda s: s.last_published_at, reverse=True)
                followed, _ = follow_up(conn, chat.id, found, limit=1)
                if followed:
                    return Digest(
                        stories=[followed[0].story], since=followed[0].story.first_published_at, until=now,
                        topics=[topic], top_stories=False, covered_until=now,
                        updates=frozenset(f.story.id for f in followed if f.update),
                        reads=(followed[0].mark,),
                    )
        return None

    async def sample_digest(self, *, days: int) -> Digest:
        """The top stories of the last ``days`` days, as a chat without topics would get them."""
        return await self._run(self._sample_digest, days)

    def _sample_digest(self, days: int) -> Digest:
        now = self.now()
        with self.db.read() as conn:
            return compose_digest(conn, [], now=now, since=now - timedelta(days=days),
                                  limit=self.settings.digest_stories,
                                  summary_sentences=self.settings.digest_summary_sentences)

    async def stories(self) -> list[StoryListing]:
        """Every story with its member articles, newest first."""
        return await self._run(self._stories)

    def _stories(self) -> list[StoryListing]:
        with self.db.read() as conn:
            return [StoryListing(i, t, m) for i, t, m in story_store.story_listing(conn)]

    async def sources(self) -> Sources:
        """The feeds we poll and the outlets we have articles from."""
        return await self._run(self._sources)

    def _sources(self) -> Sources:
        with self.db.read() as conn:
            return Sources(
                feeds=feed_store.list_feeds(conn),
                outlets=[Outlet(n, c, t) for n, c, t in article_store.source_counts(conn, limit=_OUTLETS_SHOWN)],
            )

    async def stats(self) -> Stats:
        """Collection and delivery counts."""
        return await self._run(self._stats)

    def _stats(self) -> Stats:
        day_ago = self.now() - timedelta(days=1)
        with self.db.read() as conn:
            chats, digest_chats, paused = chat_store.chat_counts(conn)
            return Stats(
                articles=article_store.article_count(conn),
                articles_24h=article_store.article_count(conn, ingested_since=day_ago),
                stories=story_store.story_count(conn),
                feeds=feed_store.count_feeds(conn),
                chats=chats,
                digest_chats=digest_chats,
                paused_chats=paused,
                digests_sent_24h=outbox_store.digests_sent_since(conn, day_ago),
            )
