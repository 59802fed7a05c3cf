"""Commands over the collection: ingest, ask, stories, summarize, eval, demo.

Each is a few lines over the news service (``bot.cli.output.with_service``); the core is
imported when a command runs, so ``newsbrief --help`` starts without it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.cli.output import console, fail, print_json, say, with_service
from bot.telegram.render import render_answer, render_digest, text_messages

if TYPE_CHECKING:
    from news import NewsService

__all__ = ["ask", "demo", "evaluate", "ingest", "stories", "story", "summarize"]

# The repository's examples/ (editable install) or ./examples (the Docker image's /app).
EXAMPLES_DIR = next(
    (p for p in (Path(__file__).resolve().parents[2] / "examples", Path("examples")) if p.is_dir()),
    Path("examples"),
)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl).")],
    source: Annotated[str | None, typer.Option(
        help="Outlet name for files that carry none (default: the JSONL 'source' field, else the folder's name).")] = None,
) -> None:
    """Import article files and folders; exit 1 if any file was rejected."""
    # Imported here: rich costs ~50 ms; only the commands that draw a progress bar pay for it.
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("Importing", total=None)

        async def work(news: NewsService) -> Any:
            return await news.ingest(paths, source=source, on_file=lambda _p: progress.advance(task))

        report = with_service(work)
    for problem in report.rejected:
        say(f"rejected {problem.where}: {problem.reason}", error=True)
    say(report.summary_line())
    if report.rejected:
        raise typer.Exit(1)


def ask(
    question: Annotated[str, typer.Argument(help='For example "what\'s new on Gaza?"')],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer a "what's new on X?" question as the bot would."""
    answer = with_service(lambda news: news.ask(question))
    if as_json:
        from news import answer_to_json

        print_json(answer_to_json(answer))
    else:
        say(text_messages(render_answer(answer)))


def stories(
    as_json: Annotated[bool, typer.Option("--json", help="Print stories as JSON, each with its card.")] = False,
    cards: Annotated[bool, typer.Option(help="With --json: include each story's card (newest stories first, "
                                              "up to 500).")] = True,
) -> None:
    """List stories with their member articles; `newsbrief story ID` opens one in full."""
    from news import listing_to_json

    if not as_json:
        for story in with_service(lambda news: news.stories()):
            say(f"#{story.id} {story.title} ({len(story.articles)} articles)")
        return

    async def work(news: NewsService) -> Any:
        listing = await news.stories()
        return listing, (await news.story_cards([s.id for s in listing]) if cards else [])

    listing, found = with_service(work)
    print_json(listing_to_json(listing, found))


def story(
    story_id: Annotated[int, typer.Argument(help="The story's number (see `newsbrief stories`).", min=1)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as JSON.")] = False,
) -> None:
    """A story in full: summary, key points, perspectives, quote, timeline and sources."""
    from bot.telegram.cards import card_messages
    from news import card_to_json

    card = with_service(lambda news: news.story_card(story_id))
    if as_json:
        print_json(card_to_json(card))
    else:
        say(text_messages(card_messages(card)))


def summarize(
    source: Annotated[str, typer.Argument(help="A file, a URL, or - for standard input.")] = "-",
    summarizer: Annotated[str | None, typer.Option(help="Method name; see `newsbrief eval`.")] = None,
    sentences: Annotated[int | None, typer.Option(
        min=1, max=50, help="Sentences to keep (default: the summary_sentences setting).")] = None,
) -> None:
    """Summarize one text, file or web page."""
    if source.startswith(("http://", "https://")):
        page = with_service(lambda news: news.summarize_url(source, sentences=sentences, method=summarizer))
        chosen = page.sentences
    else:
        if source == "-":
            data, name = sys.stdin.buffer.read(), "standard input"
        else:
            try:
                data, name = Path(source).read_bytes(), source
            except OSError as exc:
                fail(f"{source}: {exc.strerror or 'cannot read'} (give a file, a URL or - for standard input)")
        chosen = with_service(lambda news: news.summarize_text(data, name=name, sentences=sentences,
                                                               method=summarizer))
    for sentence in chosen:
        say(sentence)


def evaluate(
    data: Annotated[Path, typer.Argument(help="JSONL rows {text, summary} or {articles, summary}.")],
    summarizer: Annotated[
        list[str] | None, typer.Option("--summarizer", help="Method to score (repeatable).")
    ] = None,
    sentences: Annotated[int, typer.Option(min=1, max=50)] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """ROUGE-1/2/Lsum F1 and ms per document for summarizers, the lead baseline and the default."""
    # Imported here: rich costs ~50 ms; only the commands that draw a table pay for it.
    from rich.table import Table

    result = with_service(lambda news: news.evaluate(data, methods=summarizer, sentences=sentences))
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
    console().print(table)


def demo(
    examples: Annotated[Path, typer.Option(help="Folder of sample articles.")] = EXAMPLES_DIR,
    question: Annotated[str, typer.Option(help="The sample question.")] = "What's new on Gaza?",
) -> None:
    """No token needed: load the sample articles, run the pipeline once, answer and show a digest."""
    if not examples.is_dir():
        fail(f"no sample folder at {examples} (pass --examples PATH)")

    async def work(news: NewsService) -> None:
        say(f"Database: {news.database_url}")
        report = await news.ingest([examples])
        say(f"Samples: {report.summary_line()}")
        passed = await news.run_pass(inbox=False, feeds=False)
        say(f"Pipeline: {passed.summary_line()}\n")
        say(f"> {question}\n")
        say(text_messages(render_answer(await news.ask(question))))
        # The samples are old: a chat without topics, looking ten years back.
        digest = await news.sample_digest(days=3650)
        say("\n--- sample daily digest (a chat without topics) ---\n")
        say(text_messages(render_digest(digest)))

    with_service(work)
