"""The news core: sources, storage, search, stories, the pipeline and answers. Knows nothing of
Telegram. Faces use ``NewsService`` and the plain types below, nothing else of this package.

Each name is imported from its module when first used (PEP 562), so a face pays for what it
touches: answering a question loads neither the pipeline, the feed reader nor story cards.
Type checkers read the imports below as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from news.answers.ask import describe_age
    from news.answers.digest import Digest
    from news.answers.feedback import StoryReason
    from news.answers.query import USAGE as QUESTION_USAGE
    from news.answers.serialize import answer_to_json, card_to_json, listing_to_json
    from news.answers.trend import TREND_USAGE, Trend, TrendDay, TrendPeak, split_trend_args
    from news.errors import (
        BlockedURLError,
        FetchError,
        IngestError,
        NewsError,
        NotFoundError,
        QueryError,
        StorageError,
        SubscriptionError,
        SummaryError,
    )
    from news.ingest.feeds.manage import FeedInfo, ImportReport
    from news.ingest.feeds.poll import FeedProblem, PollReport
    from news.models import Answer, ArticleRef, Query, Story, StoryListing, StorySentence
    from news.pipeline import IngestReport, PassReport
    from news.quarantine import SetAside
    from news.service import NewsService
    from news.service.reach import ManagedChat, TrendChart
    from news.service.results import (
        ChatRef,
        Health,
        Outlet,
        PageSummary,
        PreparedDigest,
        Quarantine,
        Sources,
        Stats,
        Subscribed,
        Unsubscribed,
    )
    from news.store.feeds import FeedStatus
    from news.store.heartbeats import Heartbeat
    from news.stories.card import CardLine, CardSource, Perspective, Quote, StoryCard, TimelineEntry
    from news.subscriptions import Chat

# Where each public name is defined: the imports above, as data (tests hold the two equal).
_HOMES: dict[str, tuple[str, ...]] = {
    "news.answers.ask": ("describe_age",),
    "news.answers.digest": ("Digest",),
    "news.answers.feedback": ("StoryReason",),
    "news.answers.query": ("USAGE",),
    "news.answers.serialize": ("answer_to_json", "card_to_json", "listing_to_json"),
    "news.answers.trend": ("TREND_USAGE", "Trend", "TrendDay", "TrendPeak", "split_trend_args"),
    "news.errors": ("BlockedURLError", "FetchError", "IngestError", "NewsError", "NotFoundError",
                    "QueryError", "StorageError", "SubscriptionError", "SummaryError"),
    "news.ingest.feeds.manage": ("FeedInfo", "ImportReport"),
    "news.ingest.feeds.poll": ("FeedProblem", "PollReport"),
    "news.models": ("Answer", "ArticleRef", "Query", "Story", "StoryListing", "StorySentence"),
    "news.pipeline": ("IngestReport", "PassReport"),
    "news.quarantine": ("SetAside",),
    "news.service": ("NewsService",),
    "news.service.reach": ("ManagedChat", "TrendChart"),
    "news.service.results": ("ChatRef", "Health", "Outlet", "PageSummary", "PreparedDigest", "Quarantine",
                             "Sources", "Stats", "Subscribed", "Unsubscribed"),
    "news.store.feeds": ("FeedStatus",),
    "news.store.heartbeats": ("Heartbeat",),
    "news.stories.card": ("CardLine", "CardSource", "Perspective", "Quote", "StoryCard", "TimelineEntry"),
    "news.subscriptions": ("Chat",),
}
_RENAMED = {"QUESTION_USAGE": "USAGE"}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "QUESTION_USAGE",
    "TREND_USAGE",
    "Answer",
    "ArticleRef",
    "BlockedURLError",
    "CardLine",
    "CardSource",
    "Chat",
    "ChatRef",
    "Digest",
    "FeedInfo",
    "FeedProblem",
    "FeedStatus",
    "FetchError",
    "Health",
    "Heartbeat",
    "ImportReport",
    "IngestError",
    "IngestReport",
    "ManagedChat",
    "NewsError",
    "NewsService",
    "NotFoundError",
    "Outlet",
    "PageSummary",
    "PassReport",
    "Perspective",
    "PollReport",
    "PreparedDigest",
    "Quarantine",
    "Query",
    "QueryError",
    "Quote",
    "SetAside",
    "Sources",
    "Stats",
    "StorageError",
    "Story",
    "StoryCard",
    "StoryListing",
    "StoryReason",
    "StorySentence",
    "Subscribed",
    "SubscriptionError",
    "SummaryError",
    "TimelineEntry",
    "Trend",
    "TrendChart",
    "TrendDay",
    "TrendPeak",
    "Unsubscribed",
    "answer_to_json",
    "card_to_json",
    "describe_age",
    "listing_to_json",
    "split_trend_args",
]


if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise accept any name

    def __getattr__(name: str) -> object:
        module = _HOME_OF.get(_RENAMED.get(name, name))
        if module is None or name not in __all__:
            raise AttributeError(f"module 'news' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
        globals()[name] = value  # found once: later look-ups do not come here
        return value
