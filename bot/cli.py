"""The `newsbrief` command line: thin commands over the news core and the summarizers.

Library errors (NewsError, SettingsError, summarizer errors) become one line on stderr and exit 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress

from bot.cli_feeds import feeds_app, fetch
from config import Settings, SettingsError, configure_logging, load_settings
from news.db import Database, open_database

app = typer.Typer(
    name="newsbrief",
    help="Reads the news for a Telegram chat: summaries, stories, answers and daily digests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# The repository's examples/ (editable install) or ./examples (the Docker image's /app).
EXAMPLES_DIR = next(
    (p for p in (Path(__file__).resolve().parents[1] / "examples", Path("examples")) if p.is_dir()),
    Path("examples"),
)


def fail(message: str) -> NoReturn:
    err.print(f"newsbrief: {message}", markup=False, highlight=False)
    raise typer.Exit(1)


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        fail(str(exc))
    configure_logging("WARNING" if settings.log_level == "INFO" else settings.log_level,
                      secrets=[settings.token or ""])
    return settings


@contextmanager
def database(settings: Settings) -> Iterator[Database]:
    """The opened (and migrated) database, disposed when the command is done with it."""
    try:
        db = open_database(settings.resolved_database_url)
    except Exception as exc:  # unreachable server, bad URL, unwritable file
        fail(f"cannot open the database {settings.resolved_database_url.split('@')[-1]}: {exc}")
    try:
        yield db
    finally:
        db.dispose()


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl).")],
) -> None:
    """Import article files and folders; exit 1 if any file was rejected."""
    from news.ingest import iter_article_files
    from news.pipeline import ingest_paths, summarize_pending, update_stories

    settings = settings_or_exit()
    files = list(iter_article_files(paths))
    with database(settings) as db:
        with Progress(console=err, transient=True, disable=len(files) < 2) as progress:
            task = progress.add_task("Importing", total=len(files))
            report = ingest_paths(db, files, settings, on_file=lambda _p: progress.advance(task))
        summarize_pending(db, settings)
        update_stories(db, settings, report.new_ids)
    for problem in report.rejected:
        err.print(f"rejected {problem.where}: {problem.reason}", markup=False, highlight=False)
    out.print(report.summary_line(), markup=False, highlight=False)
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='For example "what\'s new on Gaza?"')],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer a "what's new on X?" question as the bot would."""
    from bot.render import render_answer, text_messages
    from news.ask import answer_question
    from news.errors import QueryError
    from news.serialize import answer_to_json

    settings = settings_or_exit()
    try:
        with database(settings) as db, db.engine.connect() as conn:
            answer = answer_question(
                conn, question, now=datetime.now(UTC),
                default_period_days=settings.default_period_days, limit=settings.answer_stories,
                summary_sentences=settings.story_summary_sentences,
            )
    except QueryError as exc:
        fail(str(exc))
    if as_json:
        print_json(answer_to_json(answer))
    else:
        out.print(text_messages(render_answer(answer)), markup=False, highlight=False)


@app.command()
def stories(
    as_json: Annotated[bool, typer.Option("--json", help="Print stories as JSON.")] = False,
) -> None:
    """List stories with their member articles."""
    from news.serialize import list_stories_json

    settings = settings_or_exit()
    with database(settings) as db, db.engine.connect() as conn:
        listing = list_stories_json(conn)
    if as_json:
        print_json(listing)
        return
    for story in listing:
        out.print(f"#{story['id']} {story['title']} ({len(story['articles'])} articles)",
                  markup=False, highlight=False)


@app.command()
def summarize(
    source: Annotated[str, typer.Argument(help="A file, a URL, or - for standard input.")] = "-",
    summarizer: Annotated[str | None, typer.Option(help="Method name; see `newsbrief eval`.")] = None,
    sentences: Annotated[int, typer.Option(min=1, max=50)] = 3,
) -> None:
    """Summarize one text, file or web page."""
    from news.errors import NewsError
    from news.sources import read_text_source
    from summarizers import summarize as summarize_text
    from summarizers.errors import SummarizerError

    settings = settings_or_exit()
    try:
        text, language = read_text_source(source, settings)
        method = summarizer or settings.summarizer
        for sentence in summarize_text(text, method=method, sentences=sentences, language=language):
            out.print(sentence, markup=False, highlight=False)
    except (NewsError, SummarizerError) as exc:
        fail(str(exc))


@app.command("eval")
def evaluate(
    data: Annotated[Path, typer.Argument(help="JSONL rows {text, summary} or {articles, summary}.")],
    summarizer: Annotated[
        list[str] | None, typer.Option("--summarizer", help="Method to score (repeatable).")
    ] = None,
    sentences: Annotated[int, typer.Option(min=1, max=50)] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """ROUGE-1/2/Lsum F1 and ms per document for summarizers, the lead baseline and the default."""
    from rich.table import Table

    from summarizers import available_methods
    from summarizers.errors import SummarizerError
    from summarizers.evaluation import evaluate as run_evaluation
    from summarizers.evaluation import load_rows

    settings = settings_or_exit()
    methods = summarizer or available_methods()
    try:
        rows = load_rows(data)
        report = run_evaluation(rows, methods, sentences=sentences, language=settings.language,
                                dataset=str(data))
    except SummarizerError as exc:
        fail(str(exc))
    result = report.to_json()
    if as_json:
        print_json(result)
        return
    table = Table(title=f"{data.name}: {result['n']} documents, {sentences} sentences")
    for column in ("summarizer", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "ms/doc"):
        table.add_column(column, justify="left" if column == "summarizer" else "right")
    for name, scores in sorted(result["results"].items(), key=lambda item: -item[1]["rouge1"]):
        label = f"{name} (default)" if name == result["default"] else name
        table.add_row(label, f"{scores['rouge1']:.2f}", f"{scores['rouge2']:.2f}",
                      f"{scores['rougeLsum']:.2f}", f"{scores['ms_per_doc']:.2f}")
    out.print(table)


@app.command()
def demo(
    examples: Annotated[Path, typer.Option(help="Folder of sample articles.")] = EXAMPLES_DIR,
    question: Annotated[str, typer.Option(help="The sample question.")] = "What's new on Gaza?",
) -> None:
    """No token needed: load the sample articles, run the pipeline once, answer and show a digest."""
    from bot.render import render_answer, text_messages
    from news.ask import answer_question
    from news.pipeline import ingest_paths, run_pass

    settings = settings_or_exit()
    if not examples.is_dir():
        fail(f"no sample folder at {examples} (pass --examples PATH)")
    with database(settings) as db:
        out.print(f"Database: {db.display_url()}", markup=False, highlight=False)
        report = ingest_paths(db, [examples], settings)
        out.print(f"Samples: {report.summary_line()}", markup=False, highlight=False)
        passed = run_pass(db, settings, inbox=False, feeds=False)
        out.print(f"Pipeline: {passed.summary_line()}\n", markup=False, highlight=False)
        now = datetime.now(UTC)
        with db.engine.connect() as conn:
            answer = answer_question(
                conn, question, now=now, default_period_days=settings.default_period_days,
                limit=settings.answer_stories, summary_sentences=settings.story_summary_sentences,
            )
        out.print(f"> {question}\n", markup=False, highlight=False)
        out.print(text_messages(render_answer(answer)), markup=False, highlight=False)
        _print_sample_digest(db, settings, now)


def _print_sample_digest(db: Database, settings: Settings, now: datetime) -> None:
    """A digest as a chat without topics would get it; the samples are old, so look far back."""
    from datetime import timedelta

    from bot.render import render_digest, text_messages
    from news.digest import compose_digest

    with db.engine.connect() as conn:
        digest = compose_digest(conn, [], now=now, since=now - timedelta(days=3650),
                                limit=settings.digest_stories)
    out.print("\n--- sample daily digest (a chat without topics) ---\n", markup=False,
              highlight=False)
    out.print(text_messages(render_digest(digest)), markup=False, highlight=False)


@app.command()
def chat() -> None:
    """Talk to the bot in the terminal: same commands and answers, as plain text (Ctrl+D quits)."""
    from bot.console import ConsoleChat, run_console

    settings = settings_or_exit()
    interactive = sys.stdin.isatty()

    def prompt() -> None:
        if interactive:
            out.print("> ", end="", markup=False, highlight=False)

    if interactive:
        out.print("newsbrief chat: ask \"what's new on X?\" or type /help; Ctrl+D quits.",
                  markup=False, highlight=False)
        prompt()
    with database(settings) as db:
        run_console(ConsoleChat(settings, db), sys.stdin,
                    lambda text: out.print(text + "\n", markup=False, highlight=False),
                    prompt=prompt)


@app.command()
def run() -> None:
    """Run the scheduler (and the Telegram bot when TELEGRAM_BOT_TOKEN is set)."""
    from bot.runner import run_service

    settings = settings_or_exit()
    run_service(settings)


@app.command()
def health(
    role: Annotated[str | None, typer.Option(help="bot, worker or all (default: what `run` would be)")] = None,
    max_age: Annotated[int | None, typer.Option(
        "--max-age-minutes", min=1, help="Oldest acceptable beat (bot) or finished pass (worker).")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every process that has reported.")] = False,
) -> None:
    """Exit 0 if this host's bot or worker is alive (for container healthchecks), else 1."""
    from datetime import timedelta

    from bot.runner import service_role
    from news.ask import describe_age
    from news.heartbeats import check, list_heartbeats, process_name

    settings = settings_or_exit()
    role = role or service_role(settings)
    if role not in ("bot", "worker", "all"):
        fail(f"unknown role {role!r} (bot, worker or all)")
    # A bot beats every minute; a worker must finish a pass within a few intervals.
    limit = timedelta(minutes=max_age or (5 if role == "bot" else max(3 * settings.pipeline_interval_minutes, 30)))
    now = datetime.now(UTC)
    with database(settings) as db, db.engine.connect() as conn:
        if show_all:
            for beat in list_heartbeats(conn):
                last = ""
                if beat.last_pass_at is not None:
                    last = f", last pass {describe_age(now - beat.last_pass_at)} ago: {beat.last_pass}"
                out.print(f"{beat.name}: seen {describe_age(now - beat.last_seen_at)} ago{last}",
                          markup=False, highlight=False)
        problem = check(conn, process_name(role), now=now, max_age=limit)
    if problem is not None:
        fail(f"unhealthy: {problem}")
    out.print(f"ok: {process_name(role)}", markup=False, highlight=False)


app.add_typer(feeds_app, name="feeds")
app.command("fetch")(fetch)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
