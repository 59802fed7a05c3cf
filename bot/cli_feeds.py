"""``newsbrief feeds ...`` and ``newsbrief fetch``: thin commands over ``news.feeds``.

Registered by ``bot.cli`` (``app.add_typer(feeds_app, name="feeds")`` and ``app.command()(fetch)``);
the shared helpers (settings, database, one-line failures) are imported from there when a command
runs, which keeps the two modules free of an import cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from config import Settings
    from news.db import Database

__all__ = ["feeds_app", "fetch"]

feeds_app = typer.Typer(
    name="feeds",
    help="Manage RSS/Atom feeds: add, list, remove, resume, import and export OPML.",
    no_args_is_help=True,
)


@contextmanager
def _session() -> Iterator[tuple[Settings, Database]]:
    """Settings and an open database, disposed when the command ends (no pooled connections leak)."""
    from bot.cli import database, settings_or_exit

    settings = settings_or_exit()
    with database(settings) as db:
        yield settings, db


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@feeds_app.command("add")
def add(url: Annotated[str, typer.Argument(help="A feed URL, or a web page that links to its feed.")]) -> None:
    """Add a feed (checks that it is a feed, or finds the feed a page links to)."""
    from bot.cli import fail, out
    from news.errors import NewsError
    from news.feeds import add_feed

    with _session() as (settings, db):
        try:
            info = add_feed(db, url, settings)
        except NewsError as exc:
            fail(str(exc))
    verb = "Already present" if info.already_present else "Added"
    found = f" (found on {info.discovered_from})" if info.discovered_from else ""
    out.print(f"{verb}: feed #{info.id} {info.title or '(untitled)'}, {info.item_count} items, "
              f"{info.url}{found}", markup=False, highlight=False)


@feeds_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the feeds as JSON.")] = False,
) -> None:
    """List feeds with their status: last success, last error, next try, paused."""
    from bot.cli import out, print_json
    from news.feeds import list_feeds

    with _session() as (_settings, db):
        feeds = list_feeds(db)
    if as_json:
        print_json([
            {"id": f.id, "url": f.url, "title": f.title, "paused": f.paused,
             "last_success": f.last_success_at.isoformat() if f.last_success_at else None,
             "last_error": f.last_error, "failures": f.consecutive_failures,
             "next_try": f.next_fetch_at.isoformat() if f.next_fetch_at else None,
             "items": f.item_count, "articles": f.articles}
            for f in feeds
        ])
        return
    if not feeds:
        out.print("No feeds yet: add one with `newsbrief feeds add URL`.", markup=False)
        return
    for f in feeds:
        status = "PAUSED (resume with `newsbrief feeds resume " + str(f.id) + "`)" if f.paused else (
            f"failing ({f.consecutive_failures} in a row)" if f.consecutive_failures else "ok")
        next_try = "paused" if f.paused else (_when(f.next_fetch_at) if f.next_fetch_at else "next pass")
        lines = [
            f"#{f.id} {f.title or '(untitled)'}: {status}, {f.articles} articles",
            f"    {f.url}",
            f"    last success {_when(f.last_success_at)}; next try {next_try}",
        ]
        if f.last_error:
            lines.append(f"    last error {_when(f.last_error_at)}: {f.last_error}")
        out.print("\n".join(lines), markup=False, highlight=False)


@feeds_app.command("remove")
def remove(feed: Annotated[str, typer.Argument(help="Feed id (see `feeds list`) or URL.")]) -> None:
    """Remove a feed; the articles already stored stay."""
    from bot.cli import fail, out
    from news.errors import NewsError
    from news.feeds import remove_feed

    with _session() as (_settings, db):
        try:
            removed = remove_feed(db, feed)
        except NewsError as exc:
            fail(str(exc))
    out.print(f"Removed feed #{removed.id} {removed.title or removed.url} "
              f"({removed.articles} stored articles kept)", markup=False, highlight=False)


@feeds_app.command("resume")
def resume(feed: Annotated[str, typer.Argument(help="Feed id (see `feeds list`) or URL.")]) -> None:
    """Resume a feed paused after repeated failures; the next pass fetches it."""
    from bot.cli import fail, out
    from news.errors import NewsError
    from news.feeds import resume_feed

    with _session() as (_settings, db):
        try:
            status = resume_feed(db, feed)
        except NewsError as exc:
            fail(str(exc))
    out.print(f"Resumed feed #{status.id} {status.title or status.url}", markup=False, highlight=False)


@feeds_app.command("import")
def import_command(path: Annotated[Path, typer.Argument(help="An OPML file.")]) -> None:
    """Add every feed listed in an OPML file (exit 1 if any was rejected)."""
    from bot.cli import err, fail, out
    from news.errors import NewsError
    from news.feeds import import_opml

    with _session() as (settings, db):
        try:
            report = import_opml(db, path, settings)
        except NewsError as exc:
            fail(str(exc))
    for url, reason in report.rejected:
        err.print(f"rejected {url}: {reason}", markup=False, highlight=False)
    out.print(report.summary_line(), markup=False, highlight=False)
    if report.rejected:
        raise typer.Exit(1)


@feeds_app.command("export")
def export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
) -> None:
    """Print the feed list as OPML (or write it with --output)."""
    import sys

    from bot.cli import fail
    from news.feeds import export_opml

    with _session() as (_settings, db):
        document = export_opml(db)
    if output is None:
        sys.stdout.write(document)
        return
    try:
        output.write_text(document, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def fetch() -> None:
    """One pipeline pass now: fetch feeds, import the inbox, summarize, update stories."""
    from rich.progress import Progress

    from bot.cli import err, out
    from news.feeds import FetchReport
    from news.pipeline import run_pass

    with _session() as (settings, db), Progress(console=err, transient=True) as progress:
        task = progress.add_task("Fetching feeds", total=None)
        report = run_pass(
            db, settings,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    feeds = report.feeds if isinstance(report.feeds, FetchReport) else FetchReport()
    for problem in feeds.problems:
        err.print(f"failed {problem.message}", markup=False, highlight=False)
    out.print(feeds.summary_line(), markup=False, highlight=False)
    out.print(report.summary_line(), markup=False, highlight=False)
    if feeds.problems:
        raise typer.Exit(1)
