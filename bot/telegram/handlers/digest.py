"""/digest: this chat's digest now, without waiting for (or counting as) the scheduled one."""

from __future__ import annotations

from bot.telegram.feedback import digest_rows
from bot.telegram.handlers.common import Env, Reply
from bot.telegram.render import render_digest

__all__ = ["digest_now"]


async def digest_now(env: Env, args: str) -> Reply:
    """Stories since this chat's last digest matching its topics (top stories without topics)."""
    digest, local_now = await env.news.digest_now(env.chat)

    async def read() -> None:
        await env.news.digest_read(env.chat, digest)

    return Reply(render_digest(digest, now=local_now, language=env.language),
                 buttons=digest_rows(digest) or None, preview=False, after_sent=read)
