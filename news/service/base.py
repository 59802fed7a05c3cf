"""What every part of the service shares: settings, the database, the worker pool, the clock,
the HTTP client, and the way a call becomes one unit of work."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import ParamSpec, Self, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from config import Settings
from news.answers.digest import CandidateCache
from news.errors import StorageError
from news.ingest.http import Fetcher, policy_for
from news.ingest.netguard import URLPolicy
from news.store import Database, open_database
from news.store import chats as chat_store
from news.store.faults import classify
from news.subscriptions import Chat
from news.workers import KeyedSlots, Workers

from .results import ChatRef

__all__ = ["Clock", "ServiceBase"]

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
Clock = Callable[[], datetime]


_FAULT_MESSAGES = {
    "busy": "the database stayed busy (another process is writing); nothing was changed, try again ({error})",
    "unavailable": "the database cannot be reached; nothing was changed, try again later ({error})",
    "full": "the database disk is full: free some space; nothing was changed ({error})",
}


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0][:200]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ServiceBase:
    """Resources and plumbing; the public calls are in the mixins that ``NewsService`` joins."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        *,
        clock: Clock = _utc_now,
        workers: Workers | None = None,
        policy: URLPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.clock = clock
        self._workers = workers or Workers(settings.worker_threads)
        self._owns_workers = workers is None
        self._owns_db = False
        self._policy = policy or policy_for(settings)
        self._fetcher: Fetcher | None = None
        self._fetcher_loop: asyncio.AbstractEventLoop | None = None
        # Digests that fall due together share one load of the candidate stories.
        self._candidates = CandidateCache()
        self._page_slots = KeyedSlots(1)  # page downloads at once per requesting chat

    @classmethod
    async def open(cls, settings: Settings, **options: object) -> Self:
        """Open (and migrate) the configured database off the event loop, then the service."""
        workers = Workers(settings.worker_threads)
        try:
            db = await workers.run(open_database, settings.resolved_database_url,
                                   busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        except BaseException:
            workers.shutdown()
            raise
        service = cls(settings, db, workers=workers, **options)  # type: ignore[arg-type]
        service._owns_workers = True
        service._owns_db = True
        return service

    async def aclose(self) -> None:
        """Close the HTTP client, the worker pool and (if the service opened it) the database.

        Call it on the event loop that used the service: an HTTP client belongs to its loop.
        """
        if self._fetcher is not None and self._fetcher_loop is asyncio.get_running_loop():
            await self._fetcher.aclose()
        self._fetcher = None
        if self._owns_workers:
            self._workers.shutdown()
        if self._owns_db:
            self.db.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    @property
    def database_url(self) -> str:
        """The database this service uses, for a person to read: any password shown as ***."""
        return self.db.display_url()

    # ---- plumbing

    def now(self) -> datetime:
        return self.clock()

    async def _run(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Blocking work (database, NLP) in the bounded worker pool, as one unit of work.

        A unit whose database was busy (another writer past the busy timeout) or unreachable (a
        server restarting) rolled back whole, so it is run again, a bounded number of times
        with growing pauses on the event loop (no worker thread waits); a full disk is not
        retried. Either way the caller gets one ``StorageError`` saying what happened.
        """
        attempts = self.settings.storage_attempts
        for attempt in range(1, attempts + 1):
            try:
                return await self._workers.run(function, *args, **kwargs)
            except DBAPIError as exc:
                fault = classify(exc)
                if fault is None:
                    raise
                if fault == "full" or attempt == attempts:
                    raise StorageError(_FAULT_MESSAGES[fault].format(error=_first_line(exc)), fault=fault) from exc
                log.warning("database %s (%s); attempt %d of %d again shortly", fault, _first_line(exc),
                            attempt + 1, attempts)
                await self._retry_pause(attempt)
        raise AssertionError("unreachable")

    async def _retry_pause(self, attempt: int) -> None:
        """Wait before the next attempt: 0.5 s, 1 s, 2 s, ... at most 8 s."""
        await asyncio.sleep(min(0.5 * 2 ** (attempt - 1), 8.0))

    def _fetcher_here(self) -> Fetcher:
        """The HTTP client of the running event loop (one per loop: httpx clients are bound to
        the loop they were created on)."""
        loop = asyncio.get_running_loop()
        if self._fetcher is None or self._fetcher_loop is not loop:
            self._fetcher = Fetcher(self.settings, policy=self._policy)
            self._fetcher_loop = loop
        return self._fetcher

    def _ensure_chat(self, conn: Connection, chat: ChatRef, now: datetime) -> Chat:
        """The chat's row, created with the default digest time and timezone on first contact."""
        return chat_store.ensure_chat(
            conn, chat.id, default_time=self.settings.digest_time,
            default_timezone=self.settings.timezone, title=chat.title, kind=chat.kind,
            thread_id=chat.thread_id, now=now,
        )
