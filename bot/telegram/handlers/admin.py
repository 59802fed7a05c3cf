"""Bot-wide admin commands: /addfeed, /removefeed, /stats (``CommandSpec(admin=True)``: the glue
refuses everyone not in ``NEWSBRIEF_ADMIN_IDS`` before these run)."""

from __future__ import annotations

import logging

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.handlers.summarize import BLOCKED_ADDRESS, public_reason
from bot.telegram.render import esc
from news import BlockedURLError, NewsError

__all__ = ["addfeed", "removefeed", "stats"]

log = logging.getLogger(__name__)


async def addfeed(env: Env, args: str) -> Reply:
    """Add an RSS/Atom feed (or a page that links to one) to the pipeline."""
    url = args.strip()
    if not url:
        return Reply(["Usage: /addfeed &lt;feed or site url&gt;"])
    try:
        feed = await env.news.add_feed(url)
    except BlockedURLError as exc:  # the setting that would allow it is named in the log only
        log.info("admin %s tried to add a refused address: %s", env.user_id, exc)
        return Reply([f"Could not add the feed: {BLOCKED_ADDRESS}"])
    except NewsError as exc:
        log.info("admin %s: feed not added: %s", env.user_id, exc)
        return Reply([f"Could not add the feed: {esc(public_reason(exc))}"])
    title = feed.title or feed.url
    if feed.already_present:
        return Reply([f"Already reading feed #{feed.id}: {esc(title)}"], preview=False)
    return Reply([f"Added feed #{feed.id}: {esc(title)} ({feed.item_count} items now)"], preview=False)


async def removefeed(env: Env, args: str) -> Reply:
    """Remove a feed by id or URL (its articles stay)."""
    target = args.strip()
    if not target:
        return Reply(["Usage: /removefeed &lt;id or url&gt; (see /sources)"])
    try:
        removed = await env.news.remove_feed(target)
    except NewsError as exc:
        return Reply([f"Could not remove the feed: {esc(public_reason(exc))}"])
    return Reply([f"Removed feed #{removed.id}: {esc(removed.title or removed.url)}"], preview=False)


async def stats(env: Env, args: str) -> Reply:
    """Collection and delivery counts."""
    figures = await env.news.stats()
    lines = ["<b>Stats</b>"] + [f"{name.replace('_', ' ')}: {getattr(figures, name)}"
                                for name in figures.__dataclass_fields__]
    return Reply(["\n".join(lines)])
