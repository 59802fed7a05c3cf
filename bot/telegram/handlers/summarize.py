"""/summarize <url> or a plain link: fetch the page, extract its text, summarize it."""

from __future__ import annotations

import logging
import re

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.handlers.links import first_link
from bot.telegram.render import esc, split_messages
from news import BlockedURLError, FetchError, SummaryError

__all__ = ["BLOCKED_ADDRESS", "public_reason", "summarize"]

log = logging.getLogger(__name__)

# Why an address is refused (and the setting that would allow it) is the operator's business:
# it goes to the log; the chat is told only that the bot will not open it.
BLOCKED_ADDRESS = "I can't open that address."
# A clause of an error message that tells the operator what to change ("; raise
# NEWSBRIEF_FETCH_MAX_BYTES to accept it"): for the log, not for the chat.
_OPERATOR_HINT = re.compile(r"\s*(?:[;,]\s*|\()[^;()]*\bNEWSBRIEF_\w+[^;()]*\)?", re.IGNORECASE)
_SETTING = re.compile(r"\bNEWSBRIEF_\w+", re.IGNORECASE)


def public_reason(exc: Exception) -> str:
    """What a chat user may read of an error: the message without the operator's hints."""
    text = _OPERATOR_HINT.sub("", str(exc))
    text = _SETTING.sub("a server setting", text).strip() or "it failed"
    return text + ")" * (text.count("(") - text.count(")"))  # a cut clause may have opened one


async def summarize(env: Env, args: str) -> Reply:
    """Summarize the first http(s) link in ``args`` (private addresses are refused)."""
    url = first_link(args)
    if url is None:
        return Reply(["Usage: /summarize &lt;url&gt; (or just send me a link)"])
    try:
        page = await env.news.summarize_url(url, requester=env.chat.id)
    except BlockedURLError as exc:
        log.info("chat %s asked for a refused address: %s", env.chat.id, exc)
        return Reply([BLOCKED_ADDRESS])
    except FetchError as exc:
        log.info("chat %s: page not read: %s", env.chat.id, exc)
        return Reply([f"I couldn't read that page: {esc(public_reason(exc))}"])
    except SummaryError as exc:
        return Reply([f"I couldn't summarize that page: {esc(public_reason(exc))}"])
    if not page.sentences:
        return Reply(["That page has no article text I can summarize."])
    lines = [f"<b>{esc(page.title)}</b>", *(f"• {esc(s)}" for s in page.sentences),
             f"Source: {esc(page.source)} — {esc(page.url)}"]
    return Reply(split_messages([lines]), preview=False)
