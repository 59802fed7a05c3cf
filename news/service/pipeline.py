"""Bringing articles in and working on them: imports, pipeline passes, one-off summaries, and the
liveness each process reports.

The pipeline (storing, clustering), the feed reader and the page reader are imported by the
calls that use them, so a process that only answers questions starts without them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from news.errors import SummaryError
from news.health import judge, process_name
from news.memory import release_free_memory
from news.store import heartbeats as heartbeat_store
from news.store import quarantine as quarantine_store
from news.store.maintenance import refresh_statistics

from .base import ServiceBase
from .results import Health, PageSummary, Quarantine

if TYPE_CHECKING:
    from news.pipeline import IngestReport, PassReport

__all__ = ["PipelineMixin"]

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


class PipelineMixin(ServiceBase):
    @property
    def role(self) -> str:
        """What this process does: ``bot`` (Telegram only), ``worker`` (pipeline only) or ``all``."""
        if self.settings.role == "worker" or self.settings.token is None:
            return "worker"
        return self.settings.role

    async def ingest(self, paths: Sequence[Path], *, source: str | None = None,
                     on_file: Callable[[Path], None] | None = None) -> IngestReport:
        """Import files and folders, then summarize and group what is new (each file commits on
        its own, so one bad file loses nothing else). ``source`` names the outlet of files that
        carry none."""
        return await self._run(self._ingest, list(paths), source, on_file)

    def _ingest(self, paths: list[Path], source: str | None, on_file: Callable[[Path], None] | None) -> IngestReport:
        from news import pipeline

        now = self.now()
        report = pipeline.ingest_paths(self.db, paths, self.settings, now=now, source=source, on_file=on_file)
        pipeline.summarize_pending(self.db, self.settings, now=now)
        pipeline.update_stories(self.db, self.settings, report.new_ids, now=now)
        return report

    async def run_pass(self, *, inbox: bool = True, feeds: bool = True,
                       progress: Progress | None = None) -> PassReport:
        """One pipeline pass: poll feeds → import the inbox → summarize → stories → prune.

        The feed poll runs on the caller's event loop (bounded concurrency); every stage after
        it runs in the worker pool.
        """
        from news.ingest.feeds.poll import poll_feeds
        from news.pipeline import PassReport

        report = PassReport()
        feed_ids: list[int] = []
        if feeds:
            report.feeds = await poll_feeds(self.db, self._workers, self.settings, self._fetcher_here(),
                                            now=self.now(), progress=progress)
            feed_ids = report.feeds.new_ids
        await self._run(self._work_pass, report, inbox, feed_ids)
        log.info("pipeline pass: %s", report.summary_line())
        return report

    def _work_pass(self, report: PassReport, inbox: bool, feed_ids: list[int]) -> None:
        from news import pipeline

        now = self.now()
        if inbox:
            report.ingest = pipeline.ingest_inbox(self.db, self.settings, now=now)
        report.set_aside.clear()  # a retried unit of work reports only its last attempt
        report.summarized, report.summarize_failed = pipeline.summarize_pending(
            self.db, self.settings, now=now, report=report.set_aside)
        report.stories_changed = pipeline.update_stories(
            self.db, self.settings, report.ingest.new_ids + feed_ids, now=now, report=report.set_aside)
        if self.settings.retention_days:
            report.pruned = pipeline.prune_articles(self.db, older_than_days=self.settings.retention_days, now=now)
        try:
            refresh_statistics(self.db)
        except Exception:  # statistics only make queries faster; never fail the pass for them
            log.exception("could not refresh planner statistics")
        release_free_memory()  # what the pass freed leaves the process, not only the allocator

    async def summarize_url(self, url: str, *, sentences: int | None = None, method: str | None = None,
                            requester: int | None = None) -> PageSummary:
        """Fetch a page, extract its article and summarize it.

        ``requester`` (a chat) gets one page at a time, so one chat pasting links cannot take
        every download slot; others go on. Raises FetchError / BlockedURLError / SummarizerError.
        """
        from news.ingest.pages import fetch_page_article

        async with self._page_slots.hold(requester if requester is not None else object()):
            draft = await fetch_page_article(url, self._fetcher_here(), self._workers)
        language = draft.language or "english"
        chosen = await self._run(self._summarize, draft.body, method, sentences, language)
        return PageSummary(draft.title, draft.source, url, language, chosen)

    def _summarize(self, text: str, method: str | None, sentences: int | None, language: str) -> list[str]:
        from summarizers import (  # NLP loads on first use, not at start-up
            SummarizerError,
            summarize,
        )

        try:
            return summarize(text, method=method or self.settings.summarizer,
                             sentences=sentences or self.settings.summary_sentences, language=language)
        except SummarizerError as exc:
            raise SummaryError(str(exc)) from None

    async def summarize_text(self, data: bytes, *, name: str, sentences: int | None = None,
                             method: str | None = None) -> list[str]:
        """Summarize a text file's bytes (seed format, Markdown or plain text)."""
        return await self._run(self._summarize_bytes, data, name, sentences, method)

    def _summarize_bytes(self, data: bytes, name: str, sentences: int | None, method: str | None) -> list[str]:
        from news.ingest.text_sources import article_text
        from summarizers import detect_language

        body = article_text(data, name=name, max_bytes=self.settings.max_file_bytes)
        return self._summarize(body, method, sentences, detect_language(body))

    async def evaluate(self, path: Path, *, methods: Sequence[str] | None, sentences: int) -> dict[str, Any]:
        """ROUGE and speed of summarizers on an evaluation file (``eval --json``'s shape)."""
        return await self._run(self._evaluate, path, methods, sentences)

    def _evaluate(self, path: Path, methods: Sequence[str] | None, sentences: int) -> dict[str, Any]:
        from summarizers import SummarizerError, available_methods
        from summarizers.evaluation import evaluate, load_rows

        try:
            report = evaluate(load_rows(path), list(methods or available_methods()), sentences=sentences,
                              language=self.settings.language, dataset=str(path))
        except SummarizerError as exc:
            raise SummaryError(str(exc)) from None
        return report.to_json()

    async def quarantine(self, *, limit: int = 10) -> Quarantine:
        """Items set aside by pipeline stages (their count, the latest ``limit`` with reasons)."""
        return await self._run(self._quarantine, limit)

    def _quarantine(self, limit: int) -> Quarantine:
        with self.db.read() as conn:
            return Quarantine(quarantine_store.count(conn), quarantine_store.recent(conn, limit=limit))

    async def beat(self, role: str, finished_pass: str | None = None) -> None:
        """Record that this process is alive (and that a pass just ended)."""
        await self._run(self._beat, role, finished_pass)

    def _beat(self, role: str, finished_pass: str | None) -> None:
        with self.db.write() as conn:
            heartbeat_store.beat(conn, process_name(role), role, now=self.now(), finished_pass=finished_pass)

    async def health(self, role: str, *, max_age: timedelta, everyone: bool = False) -> Health:
        """Whether this host's process of ``role`` is alive, by its heartbeat row."""
        return await self._run(self._health, role, max_age, everyone)

    def _health(self, role: str, max_age: timedelta, everyone: bool) -> Health:
        name = process_name(role)
        now = self.now()
        with self.db.read() as conn:
            problem = judge(name, heartbeat_store.get_heartbeat(conn, name), now=now, max_age=max_age)
            beats = heartbeat_store.list_heartbeats(conn) if everyone else []
        return Health(name, problem, now, beats)
