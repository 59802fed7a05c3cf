"""Plain results the service returns to the faces (besides the models in ``news.models`` and the
reports of the modules that make them, which ``news`` names too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # field types only: a result does not load the code that makes it
    from news.answers.digest import Digest
    from news.store.feeds import FeedStatus
    from news.store.heartbeats import Heartbeat
    from news.store.outbox import Claim
    from news.store.quarantine import QuarantineRow
    from news.subscriptions import Chat

__all__ = [
    "ChatRef",
    "Health",
    "Outlet",
    "PageSummary",
    "PreparedDigest",
    "Quarantine",
    "Sources",
    "Stats",
    "Subscribed",
    "Unsubscribed",
]


@dataclass(slots=True, frozen=True)
class ChatRef:
    """The chat a face is talking in, as the face knows it (created on first contact)."""

    id: int
    kind: str | None = None  # "private", "group", "supergroup", "channel", "console"
    title: str | None = None
    thread_id: int | None = None  # a forum topic


@dataclass(slots=True, frozen=True)
class Subscribed:
    added: list[str]
    chat: Chat


@dataclass(slots=True, frozen=True)
class Unsubscribed:
    removed: list[str]
    everything: bool  # no topics were named: the digest is off
    chat: Chat


@dataclass(slots=True, frozen=True)
class Outlet:
    name: str
    articles: int
    newest: datetime


@dataclass(slots=True, frozen=True)
class Sources:
    feeds: list[FeedStatus]
    outlets: list[Outlet]


@dataclass(slots=True, frozen=True)
class Stats:
    """What an admin wants at a glance."""

    articles: int
    articles_24h: int
    stories: int
    feeds: int
    chats: int
    digest_chats: int
    paused_chats: int
    digests_sent_24h: int


@dataclass(slots=True, frozen=True)
class PageSummary:
    title: str
    source: str
    url: str
    language: str
    sentences: list[str]


@dataclass(slots=True, frozen=True)
class PreparedDigest:
    """A claimed digest, composed and ready to send; report the outcome with the claim."""

    claim: Claim
    chat: Chat
    digest: Digest
    local_now: datetime  # the chat's local time, for the date in the header

    @property
    def period(self) -> date:
        return self.claim.period


@dataclass(slots=True, frozen=True)
class Quarantine:
    """Items the pipeline set aside instead of failing a batch: how many, the latest with reasons."""

    total: int
    recent: list[QuarantineRow]


@dataclass(slots=True, frozen=True)
class Health:
    name: str
    problem: str | None  # None: healthy
    checked_at: datetime
    heartbeats: list[Heartbeat] = field(default_factory=list)
