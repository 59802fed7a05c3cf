"""The news core: sources, storage, search, stories, the pipeline and answers. Knows nothing of
Telegram. Faces use ``NewsService`` and the plain types below, nothing else of this package.
"""

from __future__ import annotations

from news.answers.ask import describe_age
from news.answers.digest import Digest
from news.answers.feedback import StoryReason
from news.answers.query import USAGE as QUESTION_USAGE
from news.answers.serialize import answer_to_json, card_to_json, listing_to_json
from news.answers.trend import TREND_USAGE, split_trend_args
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
from news.models import Answer, ArticleRef, Query, Story, StorySentence
from news.quarantine import SetAside
from news.service import NewsService
from news.service.cards import CardLine, CardSource, Perspective, Quote, StoryCard, TimelineEntry
from news.service.reach import ManagedChat, Trend, TrendChart, TrendDay, TrendPeak
from news.service.results import (
    ChatRef,
    FeedInfo,
    FeedProblem,
    FeedStatus,
    Health,
    Heartbeat,
    ImportReport,
    IngestReport,
    Outlet,
    PageSummary,
    PassReport,
    PollReport,
    PreparedDigest,
    Quarantine,
    Sources,
    Stats,
    StoryListing,
    Subscribed,
    Unsubscribed,
)
from news.subscriptions import Chat

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
