"""/subscribe <topics> and /unsubscribe [topics]: what this chat's daily digest follows."""

from __future__ import annotations

import re

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.render import esc, render_latest
from news import SubscriptionError

__all__ = ["subscribe", "unsubscribe"]

_USAGE = (
    "Usage: /subscribe gaza, \"climate change\", apple -fruit\n"
    "Commas separate topics, quotes keep a phrase together, -word excludes stories."
)


async def subscribe(env: Env, args: str) -> Reply:
    """Follow topics; enables the daily digest for this chat (and this forum topic)."""
    if not re.search(r"[^\W_]", args):
        return Reply([esc(_USAGE)])
    try:
        done = await env.news.subscribe(env.chat, args)
    except SubscriptionError as exc:
        return Reply([f"{esc(str(exc))}\n{esc(_USAGE)}"])
    chat = done.chat
    new = f"Added: {esc(', '.join(done.added))}." if done.added else "Already following those."
    confirmation = (f"{new}\nYou follow: {esc(', '.join(chat.topics))}.\nYour digest comes daily at "
                    f"{chat.digest_time:%H:%M} {esc(chat.timezone)} (change it with /settings).")
    # Something to read right away; once sent it counts as read, so the digest brings it no more.
    latest = await env.news.latest_on(env.chat, done.added) if done.added else None
    if latest is None:
        return Reply([confirmation], reschedule=True)

    async def read() -> None:
        await env.news.digest_read(env.chat, latest)

    messages = render_latest(latest, next_digest=f"{chat.digest_time:%H:%M}", before=confirmation)
    return Reply(messages, reschedule=True, preview=False, after_sent=read)


async def unsubscribe(env: Env, args: str) -> Reply:
    """Stop following some topics, or everything (and the digest) with no arguments."""
    try:
        done = await env.news.unsubscribe(env.chat, args)
    except SubscriptionError as exc:
        return Reply([esc(str(exc))])
    if done.everything:
        return Reply(["Unsubscribed from everything; no more daily digests. /subscribe to start again."],
                     reschedule=True)
    if not done.removed:
        return Reply([f"You were not following {esc(args.strip())}."])
    remaining = done.chat.topics
    rest = (f"Still following: {esc(', '.join(remaining))}." if remaining
            else "No topics left: your digest now brings the top stories.")
    return Reply([f"Removed: {esc(', '.join(done.removed))}.\n{rest}"], reschedule=True)
