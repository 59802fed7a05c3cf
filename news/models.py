"""Plain data passed between the pipeline stages and to the faces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Answer", "ArticleDraft", "ArticleRef", "Query", "Story", "StoryListing", "StorySentence"]


@dataclass(slots=True)
class ArticleDraft:
    """An article as a source produced it, before de-duplication and storage."""

    body: str
    title: str
    source: str
    published_at: datetime | None = None
    url: str | None = None
    ext_id: str | None = None
    language: str | None = None
    feed_id: int | None = None
    # The date as the source wrote it; add_articles keeps it when it could not be read
    # (``published_at`` None) or was not believable, and stores the fetch time instead.
    published_raw: str | None = None


@dataclass(slots=True, frozen=True)
class ArticleRef:
    """What an answer cites about one article."""

    id: int
    ext_id: str | None
    title: str
    url: str | None
    source: str
    published_at: datetime


@dataclass(slots=True, frozen=True)
class StorySentence:
    """A summary sentence, verbatim, with the article it was taken from."""

    article_id: int
    text: str


@dataclass(slots=True, frozen=True)
class Story:
    """One event as reported by one or more articles."""

    id: int
    title: str
    articles: tuple[ArticleRef, ...]
    summary: tuple[StorySentence, ...]
    first_published_at: datetime
    last_published_at: datetime
    more_sources: int = 0  # reports of this story not listed in ``articles``
    updated_at: datetime | None = None  # when a report last joined it here (None: unknown)

    def source_number(self, article_id: int) -> int:
        """1-based position of an article in the story's source list (for [n] citations)."""
        for number, article in enumerate(self.articles, start=1):
            if article.id == article_id:
                return number
        raise KeyError(article_id)


@dataclass(slots=True, frozen=True)
class Query:
    """A parsed "what's new on X?" question."""

    text: str
    topic: str
    since: datetime | None
    period_label: str | None = None


@dataclass(slots=True)
class Answer:
    """Stories answering a query, newest and most relevant first."""

    query: Query
    stories: list[Story] = field(default_factory=list)
    note: str | None = None
    searched_since: datetime | None = None


@dataclass(slots=True, frozen=True)
class StoryListing:
    """A story as ``stories`` lists it: its members' ids and external ids."""

    id: int
    title: str
    articles: list[tuple[int, str | None]]
