"""The console chat: the same features as the bot, as plain text, from stdin lines."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.console import ConsoleChat
from bot.telegram.handlers import COMMANDS
from bot.telegram.handlers.ask import question
from bot.telegram.handlers.common import Env
from bot.telegram.render import html_to_text
from config import Settings
from news import ChatRef, NewsService
from news.store import Database
from tests.helpers.articles import article, seed_articles
from tests.helpers.service import run

GAZA = [article("Ceasefire talks in Cairo end <b>without</b> a deal",
                "Negotiations on a ceasefire in Gaza ended in Cairo without agreement. "
                "Mediators said talks would resume next week. Both sides blamed each other.",
                source="Wire & One")]


def test_console_answers_exactly_what_the_bot_sends_as_plain_text(
    news: NewsService, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, GAZA)
    chat = ConsoleChat(news)
    console = run(chat.handle("what's new on gaza?"))
    env = Env(news=news, chat=ChatRef(7, kind="private"), user_id=7)
    bot_reply = run(question(env, "what's new on gaza?"))
    # The same text; the story-card buttons become a hint with the command that opens them.
    shown, hint = console.rsplit("\n", 1)
    assert shown == "\n\n".join(html_to_text(m) for m in bot_reply.messages)
    assert hint.startswith("(open a story in full: /story ")
    assert "Ceasefire talks in Cairo end <b>without</b> a deal" in console  # unescaped text
    assert "Wire & One" in console and "&amp;" not in console


def test_console_commands_help_subscribe_and_unknown(news: NewsService) -> None:
    chat = ConsoleChat(news)
    help_text = run(chat.handle("/help"))
    assert all(f"/{spec.name}" in help_text for spec in COMMANDS)
    assert "You follow: gaza" in run(chat.handle("/subscribe gaza"))
    assert "Topics: gaza" in run(chat.handle("/settings"))
    assert run(chat.handle("/nonsense")).startswith("Unknown command /nonsense")
    assert "stories:" in run(chat.handle("/stats"))  # the console user is the operator
    assert run(chat.handle("more")) == "Nothing more."


def test_chat_command_reads_stdin_lines(settings: Settings, tmp_path: Path,
                                        monkeypatch: object) -> None:
    runner = CliRunner()
    env = {"NEWSBRIEF_DATABASE_URL": settings.resolved_database_url,
           "NEWSBRIEF_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(app, ["chat"], input="/help\n/new\nwhat's new on zebras?\n/quit\n/help\n",
                           env=env)
    assert result.exit_code == 0, result.output
    assert result.output.count("/subscribe <topics>") == 1  # stopped at /quit
    assert "Usage: /new <topic> [period]" in result.output
    assert "No news about zebras yet." in result.output


def test_every_cli_command_has_help_and_demo_prints_a_digest(
    settings: Settings, tmp_path: Path,
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["chat", "--help"])
    assert result.exit_code == 0 and "terminal" in result.output
    env = {"NEWSBRIEF_DATABASE_URL": settings.resolved_database_url,
           "NEWSBRIEF_DATA_DIR": str(tmp_path / "data")}
    demo = runner.invoke(app, ["demo"], env=env)
    assert demo.exit_code == 0, demo.output
    digest = demo.output.split("--- sample daily digest (a chat without topics) ---")[1]
    assert "Your news digest" in digest and "the top stories" in digest
    assert "1. " in digest and "[1] " in digest
