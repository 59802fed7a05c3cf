"""The ``newsbrief`` command line: thin commands over the news service, one module per group.

    articles  ingest, ask, stories, story, summarize, eval, demo
    feeds     feeds add|list|remove|resume|import|export, update (one pipeline pass)
    service   run, chat, health, stats
    trends    trend (a topic's coverage as a PNG chart)
    output    what they share: settings, the service for one command, printing, failures
"""

from __future__ import annotations

import typer

from bot.cli import articles, feeds, service, trends

__all__ = ["app", "main"]

app = typer.Typer(
    name="newsbrief",
    help="Reads the news for a Telegram chat: summaries, stories, answers and daily digests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(articles.ingest)
app.command()(articles.ask)
app.command()(articles.stories)
app.command()(articles.story)
app.command()(articles.summarize)
app.command("eval")(articles.evaluate)
app.command()(trends.trend)
app.command()(articles.demo)
app.add_typer(feeds.feeds_app, name="feeds")
app.command()(feeds.update)
# The old name of `update`, kept working for scripts and cron lines; "fetch" now means an HTTP GET.
app.command("fetch", hidden=True)(feeds.fetch)
app.command()(service.chat)
app.command()(service.run)
app.command()(service.health)
app.command()(service.stats)


def main() -> None:
    app()
