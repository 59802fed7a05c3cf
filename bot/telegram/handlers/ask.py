"""What's new on X: /new <topic> [period], plain-text questions, and the "More" button."""

from __future__ import annotations

import re
import secrets
from typing import Any

from bot.telegram.cards import story_buttons
from bot.telegram.handlers.common import Env, Reply
from bot.telegram.handlers.links import first_link
from bot.telegram.handlers.summarize import summarize
from bot.telegram.i18n import t, translated
from bot.telegram.render import esc, render_answer
from news import QUESTION_USAGE, Answer, QueryError

__all__ = ["MAX_QUESTION_CHARS", "TOO_LONG", "answer_topic", "more", "new", "question"]

_KEPT_ANSWERS = 10  # answers remembered per chat for paging; older "More" buttons expire
# A question is a few words; a pasted article is not one, and searching for all of it only
# costs time. Longer text is refused with a hint (Telegram's own cap is 4,096 characters).
MAX_QUESTION_CHARS = 300
TOO_LONG = ("That's too long for a question. Ask in a few words, e.g. \"what's new on Gaza?\", "
            "or send me a link to summarize.")


def _remember(state: dict[str, Any], key: str, pages: dict[int, Reply]) -> None:
    answers: dict[str, dict[int, Reply]] = state.setdefault("answers", {})
    answers[key] = pages
    while len(answers) > _KEPT_ANSWERS:
        answers.pop(next(iter(answers)))


def _page(env: Env, answer: Answer, key: str | None, first: int) -> Reply:
    size = env.settings.answer_stories
    messages = render_answer(answer, first=first, count=size, language=env.language)
    # Card buttons for the stories on this page (bot.telegram.cards), paging below them.
    buttons = story_buttons([s.id for s in answer.stories[first:first + size]], first_number=first + 1)
    following = first + size
    if key is not None and following < len(answer.stories):
        remaining = len(answer.stories) - following
        buttons.append([(f"More ({remaining})", f"more:{key}:{following}")])
    return Reply(messages, buttons=buttons or None)


async def answer_topic(env: Env, text: str) -> Reply:
    """The answer to a question, first page; more pages behind a button."""
    if len(text) > MAX_QUESTION_CHARS:
        return Reply([translated("too_long", env.language) or esc(TOO_LONG)])
    try:
        answer = await env.news.ask(text, chat=env.chat, limit=env.settings.answer_stories * 3)
    except QueryError as exc:
        return Reply([esc(str(exc))])
    size = env.settings.answer_stories
    if len(answer.stories) <= size:
        return _page(env, answer, None, 0)
    # The later pages are kept rendered, not the Answer: a few KB of text per answer instead
    # of every story's sources and sentences (which kept the bot's memory growing).
    key = secrets.token_hex(4)
    _remember(env.state, key, {first: _page(env, answer, key, first)
                               for first in range(size, len(answer.stories), size)})
    return _page(env, answer, key, 0)


async def new(env: Env, args: str) -> Reply:
    """/new <topic> [period]: the stories on a topic, newest and most relevant first."""
    if not args.strip():
        usage = translated("question_usage", env.language) or esc(QUESTION_USAGE)
        return Reply([f"{t('new_usage', env.language)}\n{usage}"])
    return await answer_topic(env, args)


async def question(env: Env, text: str) -> Reply:
    """A plain message: a link is summarized, anything else is a question."""
    if first_link(text) is not None:
        return await summarize(env, text)
    return await answer_topic(env, text)


async def more(env: Env, data: str) -> Reply:
    """The "More" button: the next page of a remembered answer."""
    match = re.fullmatch(r"more:([0-9a-f]{8}):(\d{1,3})", data)
    answers: dict[str, dict[int, Reply]] = env.state.get("answers", {})
    page = answers.get(match.group(1), {}).get(int(match.group(2))) if match else None
    if page is None:  # expired, or forged
        return Reply(["That list has expired; please ask again."], toast="That list has expired.")
    return Reply(list(page.messages), buttons=page.buttons)
