"""Feedback buttons under a digest: 👍, 👎 and "Why?" for each story, and the "Why?" toast.

One row per story, numbered as in the text ("👍 1", "👎 1", "Why? 1"). Button data is
``fb:<u|d|w>:<story id>``: at most 17 bytes, far under Telegram's 64; anything else under that
prefix is forged or stale and gets a toast (``bot.telegram.handlers.feedback``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.cards import story_buttons

if TYPE_CHECKING:  # types only: the CLI renders without loading the news core up front
    from news import Digest, StoryReason

__all__ = ["FEEDBACK_DATA", "TOAST_LIMIT", "digest_markup", "digest_rows", "feedback_rows", "parse_feedback_data",
           "why_text"]

FEEDBACK_DATA: Final = re.compile(r"fb:([udw]):(\d{1,12})")
TOAST_LIMIT: Final = 200  # answerCallbackQuery shows at most 200 characters


def feedback_rows(digest: Digest) -> list[list[tuple[str, str]]]:
    """A row of 👍 · 👎 · Why? for each story of the digest, numbered as in its text."""
    return [[(f"👍 {n}", f"fb:u:{s.id}"), (f"👎 {n}", f"fb:d:{s.id}"), (f"Why? {n}", f"fb:w:{s.id}")]
            for n, s in enumerate(digest.stories, start=1)]


def digest_rows(digest: Digest) -> list[list[tuple[str, str]]]:
    """A digest's whole keyboard: the row that opens its stories' cards (bot.telegram.cards),
    then the feedback rows."""
    return story_buttons([s.id for s in digest.stories]) + feedback_rows(digest)


def digest_markup(digest: Digest) -> InlineKeyboardMarkup | None:
    """The digest's rows as Telegram's keyboard (for digests the scheduler sends)."""
    rows = digest_rows(digest)
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in rows])


def parse_feedback_data(data: str) -> tuple[str, int] | None:
    """(action, story id) of a feedback button: "u" 👍, "d" 👎, "w" Why?; None if not ours."""
    match = FEEDBACK_DATA.fullmatch(data)
    return (match.group(1), int(match.group(2))) if match else None


def why_text(reason: StoryReason, *, age: str) -> str:
    """The "Why?" toast, plain text under 200 characters: matched topics, reach, recency, and
    the chat's feedback weight. ``age`` is the latest report's age in words ("3 hours")."""
    if reason.weight > 0.005:
        weight = f"your 👍 lift it ({reason.weight:+.2f})"
    elif reason.weight < -0.005:
        weight = f"your 👎 lower it ({reason.weight:+.2f})"
    else:
        weight = "no feedback on stories like it"
    reach = (f"{reason.reports} report{'s' if reason.reports != 1 else ''} from "
             f"{reason.outlets} outlet{'s' if reason.outlets != 1 else ''}")
    fixed = f" · {reach} · latest {age} ago · {weight}"
    topics = ", ".join(reason.topics)
    room = TOAST_LIMIT - len(fixed) - len("Matched: ")
    matched = f"Matched: {topics if len(topics) <= room else topics[:max(room - 1, 0)] + '…'}" if topics \
        else "A top story"
    return (matched + fixed)[:TOAST_LIMIT]
