"""/sources: the feeds we poll and the outlets we have articles from."""

from __future__ import annotations

from bot.handlers.common import Env, Reply
from bot.render import esc, format_date, split_messages
from news.digest import known_sources
from news.feeds import list_feeds

__all__ = ["sources"]


def sources(env: Env, args: str) -> Reply:
    """List feeds and known outlets with article counts."""
    blocks: list[list[str]] = []
    feeds = list_feeds(env.db)
    if feeds:
        lines = ["<b>Feeds</b>"]
        for feed in feeds:
            state = " (paused)" if feed.paused else (" (failing)" if feed.last_error else "")
            lines.append(f"#{feed.id} {esc(feed.title or feed.url)} — {esc(feed.url)}: "
                         f"{feed.articles} articles{state}")
        blocks.append(lines)
    with env.db.engine.connect() as conn:
        outlets = known_sources(conn)
    if outlets:
        lines = ["<b>Outlets</b>"]
        lines += [f"{esc(name)}: {n} article{'s' if n != 1 else ''}, newest {format_date(newest)}"
                  for name, n, newest in outlets]
        blocks.append(lines)
    if not blocks:
        return Reply(["No sources yet. An admin can add feeds with /addfeed &lt;url&gt;."])
    return Reply(split_messages(blocks), preview=False)
