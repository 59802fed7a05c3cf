"""Admin-only commands: /addfeed, /removefeed, /stats. Others get a polite refusal."""

from __future__ import annotations

from bot.handlers.common import Env, Reply
from bot.render import esc
from news.errors import NewsError

__all__ = ["REFUSAL", "addfeed", "removefeed", "stats"]

REFUSAL = "Sorry, only the bot's admins can do that."


def addfeed(env: Env, args: str) -> Reply:
    """Add an RSS/Atom feed (or a page that links to one) to the pipeline."""
    if not env.is_admin:
        return Reply([REFUSAL])
    url = args.strip()
    if not url:
        return Reply(["Usage: /addfeed &lt;feed or site url&gt;"])
    from news.feeds import add_feed

    try:
        feed = add_feed(env.db, url, env.settings)
    except NewsError as exc:
        return Reply([f"Could not add the feed: {esc(str(exc))}"])
    title = feed.title or feed.url
    if feed.already_present:
        return Reply([f"Already reading feed #{feed.id}: {esc(title)}"], preview=False)
    return Reply([f"Added feed #{feed.id}: {esc(title)} ({feed.item_count} items now)"],
                 preview=False)


def removefeed(env: Env, args: str) -> Reply:
    """Remove a feed by id or URL (its articles stay)."""
    if not env.is_admin:
        return Reply([REFUSAL])
    target = args.strip()
    if not target:
        return Reply(["Usage: /removefeed &lt;id or url&gt; (see /sources)"])
    from news.feeds import remove_feed

    try:
        removed = remove_feed(env.db, int(target) if target.isdigit() else target)
    except NewsError as exc:
        return Reply([f"Could not remove the feed: {esc(str(exc))}"])
    return Reply([f"Removed feed #{removed.id}: {esc(removed.title or removed.url)}"],
                 preview=False)


def stats(env: Env, args: str) -> Reply:
    """Collection and delivery counts."""
    if not env.is_admin:
        return Reply([REFUSAL])
    from news.digest import collection_stats

    with env.db.engine.connect() as conn:
        figures = collection_stats(conn, now=env.now)
    lines = ["<b>Stats</b>"] + [f"{name.replace('_', ' ')}: {value}" for name, value in figures.items()]
    return Reply(["\n".join(lines)])
