"""/summarize <url> or a plain link: fetch the page, extract its text, summarize it."""

from __future__ import annotations

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.handlers.links import first_link
from bot.telegram.render import esc, split_messages
from news import BlockedURLError, FetchError, SummaryError

__all__ = ["summarize"]


async def summarize(env: Env, args: str) -> Reply:
    """Summarize the first http(s) link in ``args`` (private addresses are refused)."""
    url = first_link(args)
    if url is None:
        return Reply(["Usage: /summarize &lt;url&gt; (or just send me a link)"])
    try:
        page = await env.news.summarize_url(url, requester=env.chat.id)
    except BlockedURLError as exc:
        return Reply([f"I can't fetch that address: {esc(str(exc))}"])
    except FetchError as exc:
        return Reply([f"I couldn't read that page: {esc(str(exc))}"])
    except SummaryError as exc:
        return Reply([f"I couldn't summarize that page: {esc(str(exc))}"])
    if not page.sentences:
        return Reply(["That page has no article text I can summarize."])
    lines = [f"<b>{esc(page.title)}</b>", *(f"• {esc(s)}" for s in page.sentences),
             f"Source: {esc(page.source)} — {esc(page.url)}"]
    return Reply(split_messages([lines]), preview=False)
