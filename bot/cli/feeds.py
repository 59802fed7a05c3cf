"""``newsbrief feeds ...`` and ``newsbrief update`` (one pipeline pass now): thin commands over
the news service."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.cli.output import console, fail, print_json, say, with_service

if TYPE_CHECKING:
    from news import NewsService

__all__ = ["feeds_app", "fetch", "update"]

feeds_app = typer.Typer(
    name="feeds",
    help="Manage RSS/Atom feeds: add, list, remove, resume, import and export OPML.",
    no_args_is_help=True,
)


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@feeds_app.command("add")
def add(url: Annotated[str, typer.Argument(help="A feed URL, or a web page that links to its feed.")]) -> None:
    """Add a feed (checks that it is a feed, or finds the feed a page links to)."""
    info = with_service(lambda news: news.add_feed(url))
    verb = "Already present" if info.already_present else "Added"
    found = f" (found on {info.discovered_from})" if info.discovered_from else ""
    say(f"{verb}: feed #{info.id} {info.title or '(untitled)'}, {info.item_count} items, {info.url}{found}")


@feeds_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the feeds as JSON.")] = False,
) -> None:
    """List feeds with their status: last success, last error, next try, paused."""
    feeds = with_service(lambda news: news.list_feeds())
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
        say("No feeds yet: add one with `newsbrief feeds add URL`.")
        return
    for f in feeds:
        status = f"PAUSED (resume with `newsbrief feeds resume {f.id}`)" if f.paused else (
            f"failing ({f.consecutive_failures} in a row)" if f.consecutive_failures else "ok")
        next_try = "paused" if f.paused else (_when(f.next_fetch_at) if f.next_fetch_at else "next pass")
        lines = [
            f"#{f.id} {f.title or '(untitled)'}: {status}, {f.articles} articles",
            f"    {f.url}",
            f"    last success {_when(f.last_success_at)}; next try {next_try}",
        ]
        if f.last_error:
            lines.append(f"    last error {_when(f.last_error_at)}: {f.last_error}")
        say("\n".join(lines))


@feeds_app.command("remove")
def remove(feed: Annotated[str, typer.Argument(help="Feed id (see `feeds list`) or URL.")]) -> None:
    """Remove a feed; the articles already stored stay."""
    removed = with_service(lambda news: news.remove_feed(feed))
    say(f"Removed feed #{removed.id} {removed.title or removed.url} ({removed.articles} stored articles kept)")


@feeds_app.command("resume")
def resume(feed: Annotated[str, typer.Argument(help="Feed id (see `feeds list`) or URL.")]) -> None:
    """Resume a feed paused after repeated failures; the next pass polls it."""
    status = with_service(lambda news: news.resume_feed(feed))
    say(f"Resumed feed #{status.id} {status.title or status.url}")


@feeds_app.command("import")
def import_command(path: Annotated[Path, typer.Argument(help="An OPML file.")]) -> None:
    """Add every feed listed in an OPML file (exit 1 if any was rejected)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror or exc})")
    report = with_service(lambda news: news.import_opml(data, name=str(path)))
    for url, reason in report.rejected:
        say(f"rejected {url}: {reason}", error=True)
    say(report.summary_line())
    if report.rejected:
        raise typer.Exit(1)


@feeds_app.command("export")
def export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
) -> None:
    """Print the feed list as OPML (or write it with --output)."""
    document = with_service(lambda news: news.export_opml())
    if output is None:
        sys.stdout.write(document)
        return
    try:
        output.write_text(document, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def update() -> None:
    """One pipeline pass now: poll feeds, import the inbox, summarize, update stories."""
    # Imported here: rich costs ~50 ms; only the commands that draw a progress bar pay for it.
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("Polling feeds", total=None)

        async def work(news: NewsService) -> Any:
            return await news.run_pass(
                progress=lambda done, total: progress.update(task, completed=done, total=total))

        report = with_service(work)
    feeds = report.feeds
    if feeds is not None:
        for problem in feeds.problems:
            say(f"failed {problem.message}", error=True)
        say(feeds.summary_line())
    # Items a stage could not handle: named with the reason; the rest of their batch went on.
    for item in [*(feeds.set_aside if feeds else []), *report.set_aside]:
        say(f"set aside {item.line()}", error=True)
    say(report.summary_line())
    if feeds is not None and feeds.problems:
        raise typer.Exit(1)


def fetch() -> None:
    """Deprecated name of `newsbrief update`: one pipeline pass now, after a notice on stderr."""
    say("newsbrief: `fetch` is now `newsbrief update`; the old name will be removed.", error=True)
    update()
