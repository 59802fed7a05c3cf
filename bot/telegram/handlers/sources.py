"""/sources: the feeds we poll and the outlets we have articles from."""

from __future__ import annotations

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.render import esc, format_date, split_messages

__all__ = ["sources"]


async def sources(env: Env, args: str) -> Reply:
    """List feeds and known outlets with article counts."""
    found = await env.news.sources()
    blocks: list[list[str]] = []
    if found.feeds:
        lines = ["<b>Feeds</b>"]
        for feed in found.feeds:
            state = " (paused)" if feed.paused else (" (failing)" if feed.last_error else "")
            lines.append(f"#{feed.id} {esc(feed.title or feed.url)} — {esc(feed.url)}: "
                         f"{feed.articles} articles{state}")
        blocks.append(lines)
    if found.outlets:
        lines = ["<b>Outlets</b>"]
        lines += [f"{esc(o.name)}: {o.articles} article{'s' if o.articles != 1 else ''}, "
                  f"newest {format_date(o.newest)}" for o in found.outlets]
        blocks.append(lines)
    if not blocks:
        return Reply(["No sources yet. An admin can add feeds with /addfeed &lt;url&gt;."])
    return Reply(split_messages(blocks), preview=False)
