"""👍 / 👎 / Why? under a digest: feedback that changes the chat's next digests, and why a story
is there. Answered with a toast; nothing else is sent."""

from __future__ import annotations

from typing import Final

from bot.telegram.feedback import parse_feedback_data, why_text
from bot.telegram.handlers.common import Env, Reply
from news import NotFoundError, describe_age

__all__ = ["FEEDBACK_GONE", "FEEDBACK_INVALID", "feedback_button"]

FEEDBACK_INVALID: Final = "That button is not valid."
FEEDBACK_GONE: Final = "That story is no longer available."
_NOTED: Final = {"u": "Noted: more stories like this one in your digests.",
                 "d": "Noted: fewer stories like this one in your digests."}


async def feedback_button(env: Env, data: str) -> Reply:
    """A feedback button: record 👍 / 👎, or explain the story ("Why?"), in a toast."""
    parsed = parse_feedback_data(data)
    if parsed is None:
        return Reply([], toast=FEEDBACK_INVALID)
    action, story_id = parsed
    try:
        if action in _NOTED:
            await env.news.story_feedback(env.chat, story_id, liked=action == "u")
            return Reply([], toast=_NOTED[action])
        reason = await env.news.why_story(env.chat, story_id)
    except NotFoundError:
        return Reply([], toast=FEEDBACK_GONE)
    now = env.news.now()
    return Reply([], toast=why_text(reason, age=describe_age(now - reason.last_published_at)))
