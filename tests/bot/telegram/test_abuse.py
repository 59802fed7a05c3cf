"""Abuse limits with a fake context (the glue's own code paths, no HTTP): a user's flood of
links is refused politely after a small burst (per user, per chat, on an injected clock), long
text never crashes, and a chat user is never told server settings or a pasted topic in full."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Chat, Message, Update

from bot.telegram import context as ctx
from bot.telegram import glue
from bot.telegram.abuse import BURST, PER_MINUTE, SLOW_DOWN, InputLimits, input_limits
from bot.telegram.handlers import find_command
from bot.telegram.handlers.ask import TOO_LONG, question
from bot.telegram.handlers.summarize import BLOCKED_ADDRESS, public_reason
from bot.telegram.render import esc
from news import FetchError, NewsService
from tests.helpers.fake_telegram import message_update
from tests.helpers.service import run

_ids = itertools.count(1)


@dataclass
class _Bot:
    username: str = "newsbrief_test_bot"
    id: int = 4242
    sent: list[dict[str, Any]] = field(default_factory=list)

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Message:
        self.sent.append({"chat_id": chat_id, "text": text})
        return Message(next(_ids), int(time.time()), Chat(chat_id, "private"), text=text)  # type: ignore[arg-type]

    async def send_chat_action(self, chat_id: int, action: str, **kwargs: Any) -> bool:
        return True


@dataclass
class _Context:
    bot: _Bot
    bot_data: dict[str, Any]
    args: list[str] = field(default_factory=list)
    chat_data: dict[str, Any] = field(default_factory=dict)
    job_queue: None = None


def _update(text: str, **kwargs: Any) -> Update:
    return Update.de_json({"update_id": next(_ids), **message_update(text, **kwargs)}, None)


def _texts(context: _Context, chat_id: int) -> list[str]:
    return [m["text"] for m in context.bot.sent if m["chat_id"] == chat_id]


def test_a_hundred_links_in_a_minute_get_a_burst_then_one_polite_slow_down(news: NewsService) -> None:
    now = [0.0]
    context = _Context(_Bot(), {ctx.SERVICE_KEY: news})
    context.bot_data["input_limits"] = InputLimits(clock=lambda: now[0])
    assert input_limits(context.bot_data).clock() == 0.0  # the test's clock is the one in use
    handler = glue.text(question)
    for n in range(100):  # private addresses: refused by the guard without any traffic
        run(handler(_update(f"read this http://10.0.0.{n % 250 + 1}/story", chat_id=5, user_id=5), context))  # type: ignore[arg-type]
        now[0] += 0.6
    answers = _texts(context, 5)
    answered = answers.count(BLOCKED_ADDRESS)
    assert BURST <= answered <= BURST + PER_MINUTE + 1  # the burst, then the refill rate
    assert answers.count(SLOW_DOWN) == 1  # told once, not per refused message
    assert answers.index(SLOW_DOWN) == BURST and set(answers) == {BLOCKED_ADDRESS, SLOW_DOWN}
    # Another user in the same chat, and the same user elsewhere, are not held back.
    run(handler(_update("http://10.0.0.1/x", chat_id=5, user_id=6), context))  # type: ignore[arg-type]
    run(handler(_update("http://10.0.0.1/x", chat_id=7, user_id=5), context))  # type: ignore[arg-type]
    assert _texts(context, 5)[-1] == BLOCKED_ADDRESS and _texts(context, 7) == [BLOCKED_ADDRESS]
    # A minute of quiet and the user is answered again; a new flood is told again, once.
    now[0] += 60
    for _ in range(BURST + 5):
        run(handler(_update("http://10.0.0.1/y", chat_id=5, user_id=5), context))  # type: ignore[arg-type]
    again = _texts(context, 5)[len(answers) + 1:]
    assert again == [BLOCKED_ADDRESS] * BURST + [SLOW_DOWN]


def test_limited_commands_count_and_settings_commands_do_not(news: NewsService) -> None:
    context = _Context(_Bot(), {ctx.SERVICE_KEY: news})
    context.bot_data["input_limits"] = InputLimits(clock=lambda: 0.0)
    new, settings = find_command("new"), find_command("settings")
    assert new is not None and new.limited and settings is not None and not settings.limited
    for _ in range(BURST + 3):
        context.args = ["zebras"]
        run(glue.command(new)(_update("/new zebras", chat_id=8, user_id=8), context))  # type: ignore[arg-type]
    assert _texts(context, 8).count(SLOW_DOWN) == 1 and len(_texts(context, 8)) == BURST + 1
    context.args = []
    run(glue.command(settings)(_update("/settings", chat_id=8, user_id=8), context))  # type: ignore[arg-type]
    assert _texts(context, 8)[-1].startswith("<b>Settings</b>")


def test_a_4096_character_question_is_refused_politely_and_a_long_topic_echoed_short(
    news: NewsService,
) -> None:
    context = _Context(_Bot(), {ctx.SERVICE_KEY: news})
    handler = glue.text(question)
    run(handler(_update("what's new on " + "zebra " * 682, chat_id=9), context))  # type: ignore[arg-type]
    spec = find_command("new")
    assert spec is not None
    context.args = ["x" * 4096]
    run(glue.command(spec)(_update("/new " + "x" * 4096, chat_id=9), context))  # type: ignore[arg-type]
    assert _texts(context, 9) == [esc(TOO_LONG), esc(TOO_LONG)]

    topic = "the extraordinarily long-winded deliberations of the zorblaxian parliamentary committee"
    run(handler(_update(f"what's new on {topic}?", chat_id=9), context))  # type: ignore[arg-type]
    [echo] = _texts(context, 9)[2:]
    assert echo.startswith("No news about extraordinarily long-winded") and echo.endswith("… yet.")
    assert topic not in echo and len(echo) <= len("No news about  yet.") + 60


def test_what_a_chat_is_told_of_a_failure_never_names_a_server_setting() -> None:
    blocked = FetchError("http://10.0.0.1/: refused, 10.0.0.1 is not a public internet address; "
                         "set NEWSBRIEF_ALLOW_PRIVATE_URLS=true to allow private and loopback addresses")
    assert public_reason(blocked) == "http://10.0.0.1/: refused, 10.0.0.1 is not a public internet address"
    large = FetchError("http://x/a: response too large (over 5,000 bytes, limit 5,000; "
                       "raise NEWSBRIEF_FETCH_MAX_BYTES to accept it)")
    assert public_reason(large) == "http://x/a: response too large (over 5,000 bytes, limit 5,000)"
    assert "NEWSBRIEF" not in public_reason(FetchError("see NEWSBRIEF_X"))
