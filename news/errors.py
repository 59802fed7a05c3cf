"""Exceptions raised by the news core; faces turn them into one clear line.

    NewsError
    ├── IngestError          a file or item cannot be imported (the batch goes on)
    ├── QueryError           a question has no topic or an unreadable period
    ├── FetchError           a feed or page cannot be fetched or parsed
    │   └── BlockedURLError  the URL points at a private or loopback address
    ├── NotFoundError        an id (feed, story, article) does not exist
    ├── SubscriptionError    a topic, time or timezone a user gave is not acceptable
    ├── SummaryError         a text cannot be summarized (unknown method, bad evaluation file)
    └── StorageError         the database cannot do it now (busy, unreachable, disk full)
"""

from __future__ import annotations

__all__ = [
    "BlockedURLError",
    "FetchError",
    "IngestError",
    "NewsError",
    "NotFoundError",
    "QueryError",
    "StorageError",
    "SubscriptionError",
    "SummaryError",
]


class NewsError(Exception):
    """Base of every error the news core raises on purpose."""


class IngestError(NewsError):
    """A file or item cannot be imported; the message says why and how to fix it."""


class QueryError(NewsError):
    """A question cannot be understood; the message shows the accepted forms."""


class FetchError(NewsError):
    """A feed or page could not be fetched or parsed."""


class BlockedURLError(FetchError):
    """A URL resolves to a non-public address and private URLs are not allowed."""


class NotFoundError(NewsError):
    """The requested feed, story or article does not exist."""


class SubscriptionError(NewsError):
    """A topic, time or timezone given by a user is not acceptable; the message says why."""


class SummaryError(NewsError):
    """A text cannot be summarized as asked (the summarizers' own error, said in one line)."""


class StorageError(NewsError):
    """The database could not do the work (still busy or unreachable after retries, or full);
    nothing was half-done: the unit of work rolled back."""

    def __init__(self, message: str, *, fault: str) -> None:
        super().__init__(message)
        self.fault = fault
