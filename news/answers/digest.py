"""Composing a chat's daily digest: stories since its last digest that match its topics.

Matching is on word stems (``news.answers.matching``), so "elections" follows "election"; a phrase
matches its words in order ("climate change" matches "climate changes", not "changes in the
climate"). ``-word`` topics exclude a story outright. A chat without
topics gets the top stories: the most widely reported first, then the freshest.

A chat that has read a story gets it again only as an update with its new facts
(``news.answers.updates``); what a digest shows is recorded as read once it was delivered.

"Since the last digest" means new *here*: a story counts when a report joined it after the last
digest, even if that report was published a little before (a feed polled every 15 minutes, a
page fetched late), so nothing falls between two digests. Reports published more than
``LATE_REPORTS`` before the period (an archive imported today) do not make a story new.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from news.answers.feedback import chat_events, rerank
from news.answers.matching import loose, meet_key, stems, stems_meet
from news.answers.updates import Followed, follow_up
from news.models import Story
from news.store import stories as store
from news.store.reads import ReadMark

__all__ = [
    "LATE_REPORTS",
    "CandidateCache",
    "Candidates",
    "Digest",
    "TopicMatcher",
    "candidate_stories",
    "compose_digest",
    "is_new_since",
]

_CANDIDATE_LIMIT = 300
LATE_REPORTS = timedelta(days=2)
# A pool without a reading time (built by hand) covers a digest up to its ``now``.
_NO_LATER_THAN_NOW = datetime.max.replace(tzinfo=UTC)


def is_new_since(story: Story, since: datetime) -> bool:
    """Whether a digest covering the time from ``since`` should carry the story (see above)."""
    arrived = story.updated_at or story.last_published_at
    return arrived >= since and story.last_published_at >= since - LATE_REPORTS


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    if len(needle) == 1 and needle[0] in haystack:
        return True
    width = len(needle)
    if not loose(needle):  # Latin-script stems meet only when equal
        return width > 1 and any(haystack[i:i + width] == needle for i in range(len(haystack) - width + 1))
    return any(
        all(stems_meet(word, stem) for word, stem in zip(haystack[i:i + width], needle, strict=True))
        for i in range(len(haystack) - width + 1)
    )


@dataclass(slots=True, frozen=True)
class TopicMatcher:
    """Topics as stem sequences: a story matches any include and no exclude."""

    include: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]

    @classmethod
    def from_topics(cls, topics: Sequence[str]) -> TopicMatcher:
        include = tuple(s for t in topics if not t.startswith("-") if (s := stems(t)))
        exclude = tuple(s for t in topics if t.startswith("-") if (s := stems(t[1:])))
        return cls(include, exclude)

    @property
    def empty(self) -> bool:
        return not self.include

    def matches(self, text_stems: Sequence[tuple[str, ...]]) -> bool:
        if any(_contains(part, ex) for ex in self.exclude for part in text_stems):
            return False
        if not self.include:
            return True
        return any(_contains(part, inc) for inc in self.include for part in text_stems)


def story_stems(story: Story) -> tuple[tuple[str, ...], ...]:
    """What a topic is matched against: title, summary sentences and member titles, each apart
    so a phrase never matches across two sentences."""
    parts = [story.title, *(s.text for s in story.summary), *(a.title for a in story.articles)]
    return tuple(stems(p) for p in parts)


@dataclass(slots=True, frozen=True)
class Candidates:
    """The stories a run of digests chooses from, in ranking order, with their stems indexed
    once: each chat then checks only the stories holding the first word of one of its topics,
    instead of matching every topic against every story (10,000 chats × 300 stories)."""

    stories: list[Story]
    stems: list[tuple[tuple[str, ...], ...]]
    by_stem: dict[str, list[int]]  # meet_key(stem) -> positions of the stories that contain it
    # When the stories were read: what arrives later is for the next digest.
    read_at: datetime = _NO_LATER_THAN_NOW

    @classmethod
    def of(cls, candidates: Sequence[Story], *, read_at: datetime | None = None) -> Candidates:
        all_stems = [story_stems(story) for story in candidates]
        by_stem: dict[str, list[int]] = {}
        for position, parts in enumerate(all_stems):
            for stem in {stem for part in parts for stem in part}:
                by_stem.setdefault(meet_key(stem), []).append(position)
        return cls(list(candidates), all_stems, by_stem, read_at or _NO_LATER_THAN_NOW)

    def matching(self, matcher: TopicMatcher, since: datetime) -> list[Story]:
        """Stories new since ``since`` that the matcher accepts, in ranking order."""
        if matcher.empty and not matcher.exclude:
            positions: Iterable[int] = range(len(self.stories))  # top stories: nothing to match
        elif matcher.include:
            # A story can only match a phrase if it holds the phrase's first stem.
            positions = sorted({p for phrase in matcher.include for p in self.by_stem.get(meet_key(phrase[0]), ())})
            positions = [p for p in positions if matcher.matches(self.stems[p])]
        else:
            positions = [p for p in range(len(self.stories)) if matcher.matches(self.stems[p])]
        return [self.stories[p] for p in positions if is_new_since(self.stories[p], since)]


class CandidateCache:
    """Digests that fall due together share one load of the candidate stories.

    Loading and indexing them costs ~25 ms at 100,000 articles; paid per chat, 10,000 digests
    due at 08:00 would spend minutes of CPU on the same rows. Entries are keyed by the period
    start rounded down to the hour (each digest still keeps only the stories new since
    its own start) and serve for ``ttl``, so stories stored meanwhile reach later digests.
    Thread-safe: digests are composed in worker threads.
    """

    def __init__(self, *, ttl: timedelta = timedelta(minutes=2),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl.total_seconds()
        self._clock = clock
        self._entries: dict[tuple[datetime, int], tuple[float, Candidates]] = {}
        self._lock = threading.Lock()

    def get(self, conn: Connection, since: datetime, *, summary_sentences: int) -> Candidates:
        key = (since.replace(minute=0, second=0, microsecond=0), summary_sentences)
        with self._lock:
            moment = self._clock()
            self._entries = {k: v for k, v in self._entries.items() if moment - v[0] < self._ttl}
            if key not in self._entries:
                loaded = candidate_stories(conn, key[0], summary_sentences=summary_sentences)
                self._entries[key] = (moment, loaded)
            return self._entries[key][1]


@dataclass(slots=True)
class Digest:
    """One chat's digest: the stories to send, and what they cover."""

    stories: list[Story]
    since: datetime
    until: datetime
    topics: list[str]
    top_stories: bool  # True when the chat follows no topics and gets the top stories
    covered_until: datetime  # where the chat's next digest starts
    more_available: int = 0
    updates: frozenset[int] = frozenset()  # ids of the stories shown as updates (new facts only)
    reads: tuple[ReadMark, ...] = ()  # what delivering it marks as read for the chat

    @property
    def empty(self) -> bool:
        return not self.stories


def candidate_stories(conn: Connection, since: datetime, *, summary_sentences: int,
                      limit: int = _CANDIDATE_LIMIT) -> Candidates:
    """Stories new since ``since`` (``is_new_since``), most widely reported, then newest."""
    read_at = datetime.now(UTC)  # before reading: a story stored meanwhile counts as later
    ids = store.candidate_story_ids(conn, arrived_since=since, published_since=since - LATE_REPORTS,
                                    limit=limit)
    return Candidates.of(store.load_stories(conn, ids, max_sentences=summary_sentences), read_at=read_at)


def compose_digest(
    conn: Connection,
    topics: Sequence[str],
    *,
    now: datetime,
    since: datetime | None,
    limit: int,
    summary_sentences: int,
    candidates: Candidates | CandidateCache | None = None,
    chat_id: int | None = None,
) -> Digest:
    """The digest for a chat with ``topics`` whose last digest covered up to ``since``.

    ``candidates`` lets a caller composing many digests load and index the stories once. With
    ``chat_id`` the chat's feedback reorders the stories (``news.answers.feedback``) and its
    read state applies (``news.answers.updates``), both before the limit, so a story left out
    for having nothing new frees its place.
    """
    start = since if since is not None else now - timedelta(days=1)
    if isinstance(candidates, CandidateCache):
        candidates = candidates.get(conn, start, summary_sentences=summary_sentences)
    elif candidates is None:
        candidates = candidate_stories(conn, start, summary_sentences=summary_sentences)
    matcher = TopicMatcher.from_topics(topics)
    chosen = candidates.matching(matcher, start)
    followed: list[Followed] = []
    total = len(chosen)
    if chat_id is not None:
        chosen = rerank(chosen, chat_events(conn, chat_id, now=now), now=now)
        followed, total = follow_up(conn, chat_id, chosen, limit=limit)
        chosen = [f.story for f in followed]
    return Digest(
        stories=chosen[:limit],
        since=start,
        until=now,
        topics=list(topics),
        top_stories=matcher.empty,
        # A shared pool read before ``now`` covers only up to its reading: stories stored
        # since then go in the chat's next digest instead of being skipped by both.
        covered_until=min(now, candidates.read_at),
        more_available=max(total - limit, 0),
        updates=frozenset(f.story.id for f in followed if f.update),
        reads=tuple(f.mark for f in followed),
    )
