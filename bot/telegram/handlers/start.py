"""/start (welcome, deep links such as ``/start topic_gaza``), /help, unknown commands."""

from __future__ import annotations

import re

from bot.telegram.handlers.ask import answer_topic
from bot.telegram.handlers.common import Env, Reply
from bot.telegram.i18n import t, translated
from bot.telegram.render import esc
from news import QUESTION_USAGE

__all__ = ["STALE_BUTTON", "stale_button", "start", "unknown"]

STALE_BUTTON = "That button no longer works. /help lists what I can do."


async def start(env: Env, args: str) -> Reply:
    """Welcome the chat; a ``topic_<words>`` payload answers that topic right away.

    A chat paused because Telegram refused our messages (the user had blocked the bot) is
    resumed: /start is what Telegram sends when a user comes back.
    """
    chat = await env.news.chat(env.chat)
    resumed = chat.paused
    if resumed:
        await env.news.resume_chat(env.chat)
    usage = translated("question_usage", env.language) or esc(QUESTION_USAGE)
    welcome = t("welcome", env.language, usage=usage)
    match = re.fullmatch(r"topic_([\w-]{1,60})", args.strip())
    if not match:
        return Reply([welcome], reschedule=resumed)
    answer = await answer_topic(env, match.group(1).replace("_", " ").replace("-", " "))
    return Reply([welcome, *answer.messages], buttons=answer.buttons, reschedule=resumed)


async def unknown(env: Env, text: str) -> Reply:
    """A command we do not have (in a private chat): point to /help."""
    name = esc(text.split()[0]) if text.split() else "/"
    return Reply([t("unknown_command", env.language, name=name)])


async def stale_button(env: Env, data: str) -> Reply:
    """A button press whose data we never drew: answered with a toast, nothing else."""
    return Reply([], toast=STALE_BUTTON)
