"""Story cards in the chat: ``/story <id>`` and the card buttons under answers and digests.

A card button edits the pressed message in place. The first time a message is turned into a
card, the message as it was (its HTML and buttons, which the glue hands over as
``Env.pressed``) is kept in the chat's memory, so Back restores exactly that: the whole answer
page or digest, with its More and feedback buttons. Memory is bounded and lost on restart;
Back then shows the story's compact form with its card buttons, which is what the message
said about that story.
"""

from __future__ import annotations

from typing import Any, Final

from bot.telegram.cards import card_buttons, card_messages, card_view, parse_card_data, view_buttons
from bot.telegram.handlers.common import Env, Pressed, Reply
from bot.telegram.render import split_messages, story_lines
from news import NotFoundError

__all__ = ["CARD_GONE", "CARD_INVALID", "STORY_USAGE", "card_button", "story"]

STORY_USAGE: Final = "Usage: /story &lt;number&gt; — the story's number is under its card buttons (📖)."
CARD_GONE: Final = "That story is no longer available."
CARD_INVALID: Final = "That button is not valid."
_STASH_KEY: Final = "card_back"
_KEPT_MESSAGES: Final = 30  # messages per chat that Back can restore as they were


def _stash(state: dict[str, Any]) -> dict[int, Pressed]:
    stash: dict[int, Pressed] = state.setdefault(_STASH_KEY, {})
    return stash


async def story(env: Env, args: str) -> Reply:
    """/story <id>: a story opened in full (summary, key points, perspectives, quote,
    timeline, sources)."""
    text = args.strip().lstrip("#")
    if not text.isdigit() or len(text) > 12:
        return Reply([STORY_USAGE])
    try:
        card = await env.news.story_card(int(text))
    except NotFoundError:
        return Reply([f"There is no story {int(text)}; it may have been merged into another or pruned."])
    return Reply(card_messages(card), preview=False)


async def card_button(env: Env, data: str) -> Reply:
    """Details, Sources, Timeline and Back: the pressed message becomes that view of the card."""
    parsed = parse_card_data(data)
    if parsed is None:
        return Reply([], toast=CARD_INVALID)
    view, story_id = parsed
    stash = _stash(env.state)
    if view == "b":
        kept = stash.pop(env.pressed.message_id, None) if env.pressed is not None else None
        if kept is not None:
            return Reply([kept.html], buttons=kept.buttons or None, edit=True, preview=False)
    try:
        card = await env.news.story_card(story_id)
    except NotFoundError:
        return Reply([], toast=CARD_GONE)
    if view == "b":
        compact = split_messages([story_lines(card.story)])[0]
        return Reply([compact], buttons=[card_buttons(story_id)], edit=True, preview=False)
    pressed = env.pressed
    if pressed is not None and pressed.message_id not in stash:
        stash[pressed.message_id] = pressed
        while len(stash) > _KEPT_MESSAGES:
            stash.pop(next(iter(stash)))
    return Reply([card_view(card, view)], buttons=view_buttons(story_id, view), edit=True, preview=False)
