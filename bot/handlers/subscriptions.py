"""/subscribe <topics> and /unsubscribe [topics]: what this chat's daily digest follows."""

from __future__ import annotations

from bot.handlers.common import Env, Reply
from bot.render import esc
from news.subscriptions import SubscriptionError, parse_topics
from news.subscriptions import subscribe as add_topics
from news.subscriptions import unsubscribe as remove_topics

__all__ = ["subscribe", "unsubscribe"]

_USAGE = (
    "Usage: /subscribe gaza, \"climate change\", apple -fruit\n"
    "Commas separate topics, quotes keep a phrase together, -word excludes stories."
)


def _when(env: Env) -> str:
    chat = env.chat()
    return f"{chat.digest_time:%H:%M} {chat.timezone}"


def subscribe(env: Env, args: str) -> Reply:
    """Follow topics; enables the daily digest for this chat (and this forum topic)."""
    try:
        topics = parse_topics(args)
    except SubscriptionError as exc:
        return Reply([f"{esc(str(exc))}\n{esc(_USAGE)}"])
    if not topics:
        return Reply([esc(_USAGE)])
    env.chat()
    try:
        with env.db.engine.begin() as conn:
            added = add_topics(conn, env.chat_id, topics, thread_id=env.thread_id, now=env.now)
    except SubscriptionError as exc:
        return Reply([esc(str(exc))])
    chat = env.chat()
    shown = ", ".join(chat.topics)
    new = f"Added: {esc(', '.join(added))}." if added else "Already following those."
    return Reply(
        [(f"{new}\nYou follow: {esc(shown)}.\nYour digest comes daily at {esc(_when(env))} "
          "(change it with /settings).")],
        reschedule=True,
    )


def unsubscribe(env: Env, args: str) -> Reply:
    """Stop following some topics, or everything (and the digest) with no arguments."""
    env.chat()
    try:
        topics = parse_topics(args) if args.strip() else None
    except SubscriptionError as exc:
        return Reply([esc(str(exc))])
    with env.db.engine.begin() as conn:
        removed = remove_topics(conn, env.chat_id, topics)
    if topics is None:
        done = "Unsubscribed from everything; no more daily digests. /subscribe to start again."
        return Reply([done], reschedule=True)
    if not removed:
        return Reply([f"You were not following {esc(', '.join(topics))}."])
    remaining = env.chat().topics
    rest = (f"Still following: {esc(', '.join(remaining))}." if remaining
            else "No topics left: your digest now brings the top stories.")
    return Reply([f"Removed: {esc(', '.join(removed))}.\n{rest}"], reschedule=True)
