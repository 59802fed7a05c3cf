"""The scheduled job's work: import inbox files, summarize new articles, assign and refresh stories.

Every stage is a plain function; ``run_pass`` chains them. One bad item is logged and skipped,
never fatal to the batch.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, select

from config import Settings
from news.articles import add_articles
from news.db import Database
from news.db.locks import lock_for_transaction
from news.db.maintenance import refresh_statistics
from news.db.schema import articles, stories
from news.errors import IngestError
from news.ingest import FileProblem, drafts_from_file, iter_article_files
from news.retention import prune_articles
from news.stories import assign_stories, refresh_story_summaries

__all__ = ["IngestReport", "PassReport", "ingest_paths", "run_pass", "summarize_pending", "update_stories"]

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

    def summary_line(self) -> str:
        return (
            f"{self.imported} imported, {self.duplicates} duplicate, "
            f"{len(self.rejected)} rejected ({self.files} files)"
        )


@dataclass(slots=True)
class PassReport:
    ingest: IngestReport = field(default_factory=IngestReport)
    summarized: int = 0
    summarize_failed: int = 0
    stories_changed: int = 0
    pruned: int = 0
    feeds: object | None = None

    def summary_line(self) -> str:
        return (
            f"{self.ingest.summary_line()}; {self.summarized} summarized"
            f"{f' ({self.summarize_failed} failed)' if self.summarize_failed else ''}; "
            f"{self.stories_changed} stories updated"
        )


def ingest_paths(
    db: Database,
    paths: Sequence[Path],
    settings: Settings,
    *,
    on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Import files and folders; each file commits on its own so one bad file loses nothing else."""
    report = IngestReport()
    for path in iter_article_files(list(paths)):
        report.files += 1
        try:
            drafts, problems = drafts_from_file(path, max_bytes=settings.max_file_bytes)
        except IngestError as exc:
            report.rejected.append(FileProblem(str(path), str(exc).removeprefix(f"{path}: ")))
            drafts, problems = [], []
        except OSError as exc:
            report.rejected.append(FileProblem(str(path), f"cannot read ({exc.strerror or exc})"))
            drafts, problems = [], []
        report.rejected.extend(problems)
        if drafts:
            with db.begin_write() as conn:
                for result in add_articles(conn, drafts, default_language=settings.language):
                    if result.status == "new":
                        report.new_ids.append(result.article_id)
                    else:
                        report.duplicates += 1
        if on_file is not None:
            on_file(path)
    return report


def ingest_inbox(db: Database, settings: Settings) -> IngestReport:
    """Import files dropped into the inbox, then move them to done/ or rejected/ beside it."""
    inbox = settings.resolved_inbox_dir
    inbox.mkdir(parents=True, exist_ok=True)
    files = [p for p in sorted(inbox.iterdir()) if p.is_file() and not p.name.startswith(".")]
    report = IngestReport()
    for path in files:
        single = ingest_paths(db, [path], settings)
        report.new_ids += single.new_ids
        report.duplicates += single.duplicates
        report.files += single.files
        report.rejected += single.rejected
        whole_file_rejected = any(problem.where == str(path) for problem in single.rejected)
        target = inbox / ("rejected" if whole_file_rejected else "done")
        target.mkdir(exist_ok=True)
        shutil.move(str(path), target / path.name)
    return report


def summarize_pending(db: Database, settings: Settings, *, batch: int = 200) -> tuple[int, int]:
    """Summarize articles without a summary; return (summarized, failed)."""
    from summarizers import summarize

    done = failed = 0
    failed_ids: set[int] = set()
    while True:
        with db.begin_write() as conn:
            query = (
                select(articles.c.id, articles.c.body, articles.c.language)
                .where(articles.c.summarized_at.is_(None))
                .order_by(articles.c.id)
                .limit(batch)
            )
            if failed_ids:
                query = query.where(articles.c.id.not_in(failed_ids))
            if not db.is_sqlite:
                # Two workers on one PostgreSQL take disjoint batches.
                query = query.with_for_update(skip_locked=True)
            rows = conn.execute(query).all()
            if not rows:
                return done, failed
            now = datetime.now(UTC)
            updates: list[dict[str, object]] = []
            for row in rows:
                try:
                    sentences = summarize(
                        row.body, method=settings.summarizer, sentences=settings.summary_sentences,
                        language=row.language,
                    )
                except Exception:  # one bad article never stops the batch
                    log.exception("could not summarize article %s", row.id)
                    failed += 1
                    failed_ids.add(row.id)
                    continue
                updates.append({"aid": row.id, "summary": sentences})
            if updates:
                # One executemany per batch instead of a round trip per article.
                conn.execute(
                    articles.update()
                    .where(articles.c.id == bindparam("aid"))
                    .values(summary=bindparam("summary"), summarizer=settings.summarizer, summarized_at=now),
                    updates,
                )
                done += len(updates)


def update_stories(db: Database, settings: Settings, article_ids: Sequence[int]) -> int:
    """Cluster new articles into stories and refresh the summaries of stories that changed."""
    with db.begin_write() as conn:
        # Clustering reads and writes every active story: one worker at a time.
        lock_for_transaction(conn, "stories")
        unassigned = [
            r.id for r in conn.execute(select(articles.c.id).where(articles.c.story_id.is_(None))).all()
        ]
        changed = assign_stories(conn, sorted(set(article_ids) | set(unassigned)),
                                 window_hours=settings.story_window_hours,
                                 max_span_days=settings.story_max_days)
        stale = {r.id for r in conn.execute(select(stories.c.id).where(stories.c.summary_stale)).all()}
        refresh_story_summaries(
            conn, changed | stale, sentences=settings.story_summary_sentences, language=settings.language
        )
    return len(changed)


def run_pass(
    db: Database,
    settings: Settings,
    *,
    inbox: bool = True,
    feeds: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> PassReport:
    """One pipeline pass: feeds → inbox → summarize → stories (``progress``: feeds done, total)."""
    report = PassReport()
    feed_ids: list[int] = []
    if feeds:
        from news.feeds import fetch_all

        fetched = fetch_all(db, settings, progress=progress)
        report.feeds, feed_ids = fetched, fetched.new_ids
    if inbox:
        report.ingest = ingest_inbox(db, settings)
    report.summarized, report.summarize_failed = summarize_pending(db, settings)
    report.stories_changed = update_stories(db, settings, report.ingest.new_ids + feed_ids)
    if settings.retention_days:
        report.pruned = prune_articles(db, older_than_days=settings.retention_days)
    try:
        refresh_statistics(db)
    except Exception:  # statistics only make queries faster; never fail the pass for them
        log.exception("could not refresh planner statistics")
    log.info("pipeline pass: %s", report.summary_line())
    return report
