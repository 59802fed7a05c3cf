"""/digest: this chat's digest now, without waiting for (or counting as) the scheduled one."""

from __future__ import annotations

from datetime import datetime

from bot.handlers.common import Env, Reply
from bot.render import render_digest
from news.digest import compose_digest

__all__ = ["digest_for", "digest_now"]


def digest_for(env: Env, topics: list[str], since: datetime | None) -> list[str]:
    with env.db.engine.connect() as conn:
        digest = compose_digest(
            conn, topics, now=env.now, since=since,
            limit=env.settings.digest_stories, summary_sentences=3,
        )
    return render_digest(digest)


def digest_now(env: Env, args: str) -> Reply:
    """Stories since this chat's last digest matching its topics (top stories without topics)."""
    chat = env.chat()
    return Reply(digest_for(env, chat.topics, chat.last_digest_at), preview=False)
