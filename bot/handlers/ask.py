"""What's new on X: /new <topic> [period], plain-text questions, and the "More" button."""

from __future__ import annotations

import re
import secrets
from typing import Any

from bot.handlers.common import Env, Reply
from bot.render import esc, render_answer
from news.ask import answer_query
from news.errors import QueryError
from news.models import Answer
from news.query import USAGE, parse_question

__all__ = ["URL_PATTERN", "answer_topic", "more", "new", "question"]

URL_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_KEPT_ANSWERS = 10  # answers remembered per chat for paging; older "More" buttons expire


def _remember(state: dict[str, Any], answer: Answer) -> str:
    answers: dict[str, Answer] = state.setdefault("answers", {})
    key = secrets.token_hex(4)
    answers[key] = answer
    while len(answers) > _KEPT_ANSWERS:
        answers.pop(next(iter(answers)))
    return key


def _page(env: Env, answer: Answer, key: str | None, first: int) -> Reply:
    size = env.settings.answer_stories
    messages = render_answer(answer, first=first, count=size)
    buttons = None
    following = first + size
    if key is not None and following < len(answer.stories):
        remaining = len(answer.stories) - following
        buttons = [[(f"More ({remaining})", f"more:{key}:{following}")]]
    return Reply(messages, buttons=buttons)


def _answer(env: Env, text: str) -> Reply:
    try:
        query = parse_question(text, now=env.now)
    except QueryError as exc:
        return Reply([esc(str(exc))])
    with env.db.engine.connect() as conn:
        answer = answer_query(
            conn, query, now=env.now, default_period_days=env.settings.default_period_days,
            limit=env.settings.answer_stories * 3,
            summary_sentences=env.settings.story_summary_sentences,
        )
    key = _remember(env.state, answer) if len(answer.stories) > env.settings.answer_stories else None
    return _page(env, answer, key, 0)


def answer_topic(env: Env, topic: str) -> Reply:
    return _answer(env, topic)


def new(env: Env, args: str) -> Reply:
    """/new <topic> [period]: the stories on a topic, newest and most relevant first."""
    if not args.strip():
        return Reply([f"Usage: /new &lt;topic&gt; [period]\n{esc(USAGE)}"])
    return _answer(env, args)


def question(env: Env, text: str) -> Reply:
    """A plain message: a link is summarized, anything else is a question."""
    if URL_PATTERN.search(text):
        from bot.handlers.summarize import summarize

        return summarize(env, text)
    return _answer(env, text)


def more(env: Env, data: str) -> Reply:
    """The "More" button: the next page of a remembered answer."""
    match = re.fullmatch(r"more:([0-9a-f]{8}):(\d{1,3})", data)
    answers: dict[str, Answer] = env.state.get("answers", {})
    if not match or match.group(1) not in answers:
        return Reply(["That list has expired; please ask again."])
    return _page(env, answers[match.group(1)], match.group(1), int(match.group(2)))
