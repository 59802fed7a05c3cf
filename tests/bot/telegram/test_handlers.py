"""Features and the glue with a fake context: no long polling, no HTTP, the same code paths.

Features are plain coroutines over ``Env``; the glue turns a PTB update and context into an
``Env`` and sends the reply through ``context.bot``. A fake bot records what would be sent.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Chat, Message, Update

from bot.telegram import context as ctx
from bot.telegram import glue
from bot.telegram.handlers import find_command
from bot.telegram.handlers.ask import more, new, question
from bot.telegram.handlers.common import Env
from bot.telegram.handlers.settings import settings_button
from bot.telegram.handlers.start import unknown
from config import Settings
from news import ChatRef, NewsService
from news.store import Database
from tests.helpers.articles import article, seed_articles
from tests.helpers.fake_telegram import message_update
from tests.helpers.service import run

_ids = itertools.count(1)


@dataclass
class FakeBot:
    """What a handler may call on ``context.bot``, recorded."""

    username: str = "newsbrief_test_bot"
    id: int = 4242
    sent: list[dict[str, Any]] = field(default_factory=list)

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Message:
        self.sent.append({"chat_id": chat_id, "text": text, **kwargs})
        return Message(next(_ids), int(time.time()), Chat(chat_id, "private"), text=text)  # type: ignore[arg-type]

    async def send_chat_action(self, chat_id: int, action: str, **kwargs: Any) -> bool:
        return True


@dataclass
class FakeContext:
    bot: FakeBot
    bot_data: dict[str, Any]
    args: list[str] = field(default_factory=list)
    chat_data: dict[str, Any] = field(default_factory=dict)
    job_queue: None = None


def _update(text: str, **kwargs: Any) -> Update:
    return Update.de_json({"update_id": next(_ids), **message_update(text, **kwargs)}, None)


def _env(news: NewsService, chat_id: int = 5) -> Env:
    return Env(news=news, chat=ChatRef(chat_id, kind="private"), user_id=chat_id)


def _context(news: NewsService, args: str = "") -> FakeContext:
    return FakeContext(FakeBot(), {ctx.SERVICE_KEY: news}, args=args.split())


def test_admin_commands_are_refused_by_the_glue_before_the_feature_runs(news: NewsService) -> None:
    spec = find_command("stats")
    assert spec is not None and spec.admin
    update = _update("/stats", chat_id=5, user_id=5)
    context = _context(news)
    run(glue.command(spec)(update, context))  # type: ignore[arg-type]
    assert [m["text"] for m in context.bot.sent] == [glue.ADMIN_REFUSAL]
    admin = news.settings.model_copy(update={"admin_ids": frozenset({5})})
    context = FakeContext(FakeBot(), {ctx.SERVICE_KEY: NewsService(admin, news.db)})
    run(glue.command(spec)(update, context))  # type: ignore[arg-type]
    assert context.bot.sent[0]["text"].startswith("<b>Stats</b>")


def test_group_chatter_is_ignored_and_a_mention_is_answered(news: NewsService) -> None:
    handler = glue.text(question)
    chatter = _update("lunch anyone?", chat_id=-10, chat_type="group")
    context = _context(news)
    run(handler(chatter, context))  # type: ignore[arg-type]
    assert context.bot.sent == []
    mention = _update("@newsbrief_test_bot what's new on zebras?", chat_id=-10, chat_type="group")
    run(handler(mention, context))  # type: ignore[arg-type]
    assert [m["text"] for m in context.bot.sent] == ["No news about zebras yet."]


@pytest.mark.parametrize("data", ["set:t:99999999999", "set:z:999", "set:x:1", "set:", "set:d:7"])
def test_forged_settings_buttons_change_nothing(news: NewsService, data: str) -> None:
    before = run(news.chat(ChatRef(5)))
    reply = run(settings_button(_env(news), data))
    assert reply.edit and reply.messages[0].startswith("<b>Settings</b>")
    after = run(news.chat(ChatRef(5)))
    assert (after.digest_time, after.timezone, after.digest_enabled) == (
        before.digest_time, before.timezone, before.digest_enabled)


def test_expired_more_buttons_and_unknown_commands_answer_politely(news: NewsService) -> None:
    assert run(more(_env(news), "more:deadbeef:5")).messages == ["That list has expired; please ask again."]
    assert run(more(_env(news), "more:<script>")).messages == ["That list has expired; please ask again."]
    assert find_command("frobnicate") is None
    assert run(unknown(_env(news), "/frobnicate <now>")).messages == [
        "I don't know /frobnicate. /help lists what I can do."]


def test_more_pages_are_kept_rendered_and_only_the_last_ten_answers_per_chat(
    news: NewsService, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    subjects = ["volcano ash", "harbour strike", "orchestra premiere", "glacier retreat",
                "satellite launch", "grape harvest", "lighthouse restoration"]
    seed_articles(db, settings, tmp_path, [
        article(f"Quokka report {i}: {subject}",
                f"The {subject} made quokka news today. Officials described the {subject} in detail.",
                published=now - timedelta(hours=i))
        for i, subject in enumerate(subjects)
    ])
    env = _env(news)
    first = run(new(env, "quokka"))
    [*_, [paging]] = first.buttons or [[]]
    label, data = paging
    assert label == "More (2)"
    # What the chat keeps is text to send, not the answer's stories and their sources.
    [kept] = env.state["answers"].values()
    assert all(isinstance(text, str) for page in kept.values() for text in page.messages)
    second = run(more(env, data))
    assert "6. Quokka report" in second.messages[0] and "7. Quokka report" in second.messages[0]
    assert "1. Quokka report" not in second.messages[0]
    key = data.split(":")[1]
    assert run(more(env, f"more:{key}:3")).toast == "That list has expired."  # not a page start
    for _ in range(10):
        run(new(env, "quokka"))
    assert len(env.state["answers"]) == 10
    assert run(more(env, data)).toast == "That list has expired."  # the oldest one went
