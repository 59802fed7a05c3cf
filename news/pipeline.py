"""The stages of a pipeline pass: import files, summarize new articles, assign and refresh
stories, prune old articles.

Each stage is a blocking function over the database (the service runs them in its worker pool,
after the feed poll). One bad item is quarantined with its reason (``news.quarantine``) and
skipped by later passes, never fatal to the batch; each file and each batch commits on its own,
so a failure loses only what it was working on. A failure of the database itself is raised: the
pass fails cleanly and the next one retries.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import Settings
from news.articles import add_articles
from news.errors import IngestError
from news.ingest.feeds.poll import PollReport
from news.ingest.files import FileProblem, drafts_from_file, iter_article_files
from news.quarantine import SetAside, describe, isolate, set_aside, stage_broken
from news.store import Database
from news.store import articles as article_store
from news.store import quarantine as quarantine_store
from news.store import stories as story_store
from news.store.locks import lock_for_transaction
from news.stories.assign import assign_stories
from news.stories.summary import refresh_story_summaries

__all__ = [
    "IngestReport",
    "PassReport",
    "ingest_inbox",
    "ingest_paths",
    "prune_articles",
    "summarize_pending",
    "update_stories",
]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """What an import did, file by file: nothing is dropped without being named here."""

    new_ids: list[int] = field(default_factory=list)
    duplicates: int = 0
    files: int = 0
    rejected: list[FileProblem] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.new_ids)

    def add(self, other: IngestReport) -> None:
        self.new_ids += other.new_ids
        self.duplicates += other.duplicates
        self.files += other.files
        self.rejected += other.rejected

    def summary_line(self) -> str:
        return (
            f"{self.imported} imported, {self.duplicates} duplicate, "
            f"{len(self.rejected)} rejected ({self.files} files)"
        )


@dataclass(slots=True)
class PassReport:
    ingest: IngestReport = field(default_factory=IngestReport)
    feeds: PollReport | None = None
    summarized: int = 0
    summarize_failed: int = 0
    stories_changed: int = 0
    pruned: int = 0
    # Items set aside by this pass's stages (feed items, articles), each with its reason.
    set_aside: list[SetAside] = field(default_factory=list)

    def summary_line(self) -> str:
        aside = len(self.set_aside) + (len(self.feeds.set_aside) if self.feeds else 0)
        return (
            f"{self.ingest.summary_line()}; {self.summarized} summarized"
            f"{f' ({self.summarize_failed} failed)' if self.summarize_failed else ''}; "
            f"{self.stories_changed} stories updated"
            f"{f'; {aside} items set aside' if aside else ''}"
        )


def ingest_paths(
    db: Database, paths: Sequence[Path], settings: Settings, *, now: datetime,
    source: str | None = None, on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Import files and folders; each file commits on its own so one bad file loses nothing else."""
    report = IngestReport()
    for path in iter_article_files(list(paths)):
        report.files += 1
        rejected_before = len(report.rejected)
        try:
            drafts, problems = drafts_from_file(path, max_bytes=settings.max_file_bytes, default_source=source)
        except IngestError as exc:
            report.rejected.append(FileProblem(str(path), str(exc).removeprefix(f"{path}: ")))
            drafts, problems = [], []
        except OSError as exc:
            report.rejected.append(FileProblem(str(path), f"cannot read ({exc.strerror or exc})"))
            drafts, problems = [], []
        report.rejected.extend(problems)
        if drafts:
            with db.write() as conn:
                results = add_articles(conn, drafts, default_language=settings.language, now=now)
            for number, result in enumerate(results, start=1):
                if result.status == "new" and result.article_id is not None:
                    report.new_ids.append(result.article_id)
                elif result.status == "duplicate":
                    report.duplicates += 1
                else:
                    where = str(path) if len(results) == 1 else f"{path}: article {number}"
                    report.rejected.append(FileProblem(where, result.reason or "not stored"))
        if len(report.rejected) > rejected_before:  # kept for `newsbrief stats` (inbox files too)
            with db.write() as conn:
                set_aside(conn, "import", [(p.where, p.reason, None) for p in report.rejected[rejected_before:]],
                          now=now)
        if on_file is not None:
            on_file(path)
    return report


def ingest_inbox(db: Database, settings: Settings, *, now: datetime) -> IngestReport:
    """Import files dropped into the inbox, then move them to done/ or rejected/ beside it."""
    inbox = settings.resolved_inbox_dir
    inbox.mkdir(parents=True, exist_ok=True)
    files = [p for p in sorted(inbox.iterdir()) if p.is_file() and not p.name.startswith(".")]
    report = IngestReport()
    for path in files:
        single = ingest_paths(db, [path], settings, now=now)
        report.add(single)
        whole_file_rejected = any(problem.where == str(path) for problem in single.rejected)
        target = inbox / ("rejected" if whole_file_rejected else "done")
        target.mkdir(exist_ok=True)
        shutil.move(str(path), target / path.name)
    return report


def summarize_pending(db: Database, settings: Settings, *, now: datetime, batch: int = 200,
                      report: list[SetAside] | None = None) -> tuple[int, int]:
    """Summarize articles without a summary; return (summarized, failed). An article the
    summarizer fails on is quarantined (and listed in ``report``): later passes skip it."""
    done = failed = 0
    failed_ids: set[int] = set()
    while True:
        with db.write() as conn:
            rows = article_store.pending_summaries(conn, limit=batch, exclude=failed_ids,
                                                   skip_locked=not db.is_sqlite)
            if not rows:
                return done, failed
            # Imported here, not at the top: a pass with nothing to summarize (the bot's idle
            # state) never loads the summarizers and their NLP libraries.
            from summarizers import summarize

            summaries: list[tuple[int, list[str]]] = []
            culprits: list[tuple[int, Exception]] = []
            for row in rows:
                try:
                    sentences = summarize(row.body, method=settings.summarizer,
                                          sentences=settings.summary_sentences, language=row.language)
                except Exception as exc:  # one bad article never stops the batch
                    log.debug("could not summarize article %s", row.id, exc_info=True)
                    culprits.append((row.id, exc))
                    continue
                summaries.append((row.id, sentences))
            stage_broken(culprits, len(rows))  # every article failing is the summarizer's fault
            failed += len(culprits)
            failed_ids.update(article_id for article_id, _ in culprits)
            article_store.save_summaries(conn, summaries, summarizer=settings.summarizer, now=now)
            aside = set_aside(conn, "summarize", [(f"article {i}", describe(exc), i) for i, exc in culprits],
                              now=now)
            if report is not None:
                report.extend(aside)
            done += len(summaries)


def update_stories(db: Database, settings: Settings, article_ids: Sequence[int], *,
                   now: datetime | None = None, report: list[SetAside] | None = None) -> int:
    """Cluster new articles into stories and refresh the summaries of stories that changed.

    An article that breaks clustering is found by halving the batch, quarantined (listed in
    ``report``) and left out; every other article is grouped.
    """
    with db.write() as conn:
        # Clustering reads and writes every active story: one worker at a time.
        lock_for_transaction(conn, "stories")
        unassigned = article_store.unassigned_article_ids(conn)

        def assign(part: Sequence[int]) -> set[int]:
            return assign_stories(conn, part, window_hours=settings.story_window_hours,
                                  max_span_days=settings.story_max_days)

        changed, aside = isolate(conn, "cluster", sorted(set(article_ids) | set(unassigned)), assign,
                                 now=now or datetime.now(UTC), merge=lambda parts: set().union(*parts))
        if report is not None:
            report.extend(aside)
        refresh_story_summaries(
            conn, changed | story_store.stale_story_ids(conn),
            sentences=settings.story_summary_sentences, language=settings.language,
        )
    return len(changed)


def prune_articles(db: Database, *, older_than_days: int, now: datetime, batch: int = 500) -> int:
    """Delete articles published before the cut-off, in small transactions; return how many.

    Small batches keep each write short, so on SQLite the bot's reads and the pipeline's writes
    are never held up for long, and on PostgreSQL no huge lock set builds up.
    """
    if older_than_days <= 0:
        return 0
    cutoff = now - timedelta(days=older_than_days)
    with db.write() as conn:
        quarantine_store.prune(conn, cutoff)
    removed = 0
    while True:
        with db.write() as conn:
            pruned = article_store.prune_batch(conn, cutoff, limit=batch)
        if not pruned:
            return removed
        removed += pruned
