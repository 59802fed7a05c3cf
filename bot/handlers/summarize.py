"""/summarize <url> or a plain link: fetch the page, extract its text, summarize it."""

from __future__ import annotations

from bot.handlers.common import Env, Reply
from bot.render import esc, split_messages
from news.errors import BlockedURLError, FetchError

__all__ = ["summarize"]


def summarize(env: Env, args: str) -> Reply:
    """Summarize the first http(s) link in ``args`` (private addresses are refused)."""
    from bot.handlers.ask import URL_PATTERN

    match = URL_PATTERN.search(args)
    if not match:
        return Reply(["Usage: /summarize &lt;url&gt; (or just send me a link)"])
    url = match.group(0).rstrip(".,;:!?)")
    from news.pages import fetch_page_article
    from summarizers import detect_language
    from summarizers import summarize as summarize_text
    from summarizers.errors import SummarizerError

    try:
        draft = fetch_page_article(url, env.settings)
        language = draft.language or detect_language(draft.body)
        sentences = summarize_text(draft.body, method=env.settings.summarizer,
                                   sentences=env.settings.summary_sentences, language=language)
    except BlockedURLError as exc:
        return Reply([f"I can't fetch that address: {esc(str(exc))}"])
    except FetchError as exc:
        return Reply([f"I couldn't read that page: {esc(str(exc))}"])
    except SummarizerError as exc:
        return Reply([f"I couldn't summarize that page: {esc(str(exc))}"])
    if not sentences:
        return Reply(["That page has no article text I can summarize."])
    lines = [f"<b>{esc(draft.title)}</b>", *(f"• {esc(s)}" for s in sentences),
             f"Source: {esc(draft.source)} — {esc(url)}"]
    return Reply(split_messages([lines]), preview=False)
