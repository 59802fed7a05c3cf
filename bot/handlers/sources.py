"""/sources: the feeds we poll and the outlets we have articles from."""

from __future__ import annotations

from bot.handlers.common import Env, Reply
from bot.render import esc, split_messages
from bot.render_text import format_date
from news.digest import known_sources

__all__ = ["list_feeds_or_none", "sources"]


def list_feeds_or_none(env: Env) -> list[object] | None:
    """The feeds, or None while the feeds module is not there (it is optional for the bot)."""
    try:
        from news.feeds import list_feeds  # type: ignore[attr-defined]
    except ImportError:
        return None
    return list(list_feeds(env.db))


def sources(env: Env, args: str) -> Reply:
    """List feeds and known outlets with article counts."""
    feeds = list_feeds_or_none(env)
    blocks: list[list[str]] = []
    if feeds:
        lines = ["<b>Feeds</b>"]
        for feed in feeds:
            title = getattr(feed, "title", None) or getattr(feed, "url", "?")
            state = " (paused)" if getattr(feed, "paused", False) else ""
            lines.append(f"#{getattr(feed, 'id', '?')} {esc(str(title))} — "
                         f"{esc(str(getattr(feed, 'url', '')))}{state}")
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
