"""Answers and digests as Telegram HTML messages, split under Telegram's 4,096-character limit.

Every piece of article or user text goes through ``esc``; tags are only ever written here, each
opened and closed within one line, so a message can be cut between any two lines and stay valid
HTML. Messages are cut between stories first, then between lines of one story; a single line too
long for a message is cut between sentences, then between words, before escaping.

Layout: title, bullet sentences with [n] citations when a story has several sources, then
numbered sources with dates. The terminal faces (CLI, console chat) show the same messages through
``html_to_text``, so there is one layout for every face.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.telegram.i18n import DEFAULT, format_day, t, translated

if TYPE_CHECKING:  # types only: the CLI renders without loading the news core up front
    from news import Answer, Digest, Story

__all__ = [
    "MESSAGE_LIMIT",
    "esc",
    "format_date",
    "html_to_text",
    "render_answer",
    "render_digest",
    "render_latest",
    "split_messages",
    "story_lines",
    "text_messages",
    "tg_len",
]

# Telegram counts UTF-16 code units after parsing entities; measuring the HTML source in UTF-16
# units is therefore always on the safe side.
MESSAGE_LIMIT = 4096
_LINE_BUDGET = 3500  # room for a bullet, a citation and the escaping of a cut line

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def format_date(moment: datetime, language: str = DEFAULT) -> str:
    """'6 May 2024' (in ``language``: '6 мая 2024'): unambiguous in every locale."""
    return format_day(moment, language)


def tg_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    """Text for an HTML message body: &, < and > escaped (quotes are fine outside attributes)."""
    return html.escape(text, quote=False)


def _link(url: str | None, label: str) -> str:
    if url and urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'
    return esc(label)


def _cut(text: str, budget: int = _LINE_BUDGET) -> list[str]:
    """Raw text in pieces whose escaped form fits ``budget``: at sentences, then words, then hard."""
    if tg_len(esc(text)) <= budget:
        return [text]
    pieces: list[str] = []
    current = ""
    for unit in _units(text, budget):
        candidate = f"{current} {unit}" if current else unit
        if tg_len(esc(candidate)) <= budget:
            current = candidate
        else:
            if current:
                pieces.append(current)
            current = unit
    if current:
        pieces.append(current)
    return pieces


def _units(text: str, budget: int) -> Iterable[str]:
    for sentence in _SENTENCE_END.split(text):
        if tg_len(esc(sentence)) <= budget:
            yield sentence
            continue
        for word in sentence.split():
            while tg_len(esc(word)) > budget:
                # A "word" longer than a message (no spaces at all): cut it hard.
                yield word[: budget // 6]
                word = word[budget // 6:]
            yield word


def story_lines(story: Story, number: int | None = None, *, max_sentences: int = 4,
                update: bool = False, language: str = DEFAULT) -> list[str]:
    """One story as HTML lines: title, 2-4 summary sentences, numbered source links with dates
    (the label and dates in ``language``, the story's own words as written).

    An ``update`` (a story the chat has read, with only its new facts) is titled
    "Update · <title>" and cites every fact's report, even when there is only one.
    """
    title = f"{t('update', language)} · {story.title}" if update else story.title
    head = f"{number}. {title}" if number is not None else title
    lines = [f"<b>{esc(part)}</b>" for part in _cut(head)]
    many_sources = update or len(story.articles) + story.more_sources > 1
    for sentence in story.summary[:max_sentences]:
        cite = ""
        if many_sources:
            try:
                cite = f" [{story.source_number(sentence.article_id)}]"
            except KeyError:
                cite = ""
        pieces = _cut(sentence.text)
        for index, piece in enumerate(pieces):
            bullet = "• " if index == 0 else ""
            lines.append(f"{bullet}{esc(piece)}{cite if index == len(pieces) - 1 else ''}")
    for index, article in enumerate(story.articles, start=1):
        label = article.title if len(article.title) < 300 else article.title[:297] + "…"
        lines.append(
            f"[{index}] {_link(article.url, label)} — {esc(article.source[:100])}, "
            f"{format_date(article.published_at, language)}"
        )
    if story.more_sources:
        lines.append(f"… and {story.more_sources} more report{'s' if story.more_sources != 1 else ''}")
    return lines


def split_messages(blocks: Sequence[Sequence[str]], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack blocks (stories) into messages joined by blank lines, cutting inside a block only
    when it alone is longer than a message; every message is under ``limit``."""
    messages: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current.strip():
            messages.append(current)
        current = ""

    for block in blocks:
        text = "\n".join(block)
        joined = f"{current}\n\n{text}" if current else text
        if tg_len(joined) < limit:
            current = joined
            continue
        flush()
        if tg_len(text) < limit:
            current = text
            continue
        for line in block:  # a single story longer than a message
            joined = f"{current}\n{line}" if current else line
            if tg_len(joined) < limit:
                current = joined
            else:
                flush()
                current = line
    flush()
    return messages


def render_answer(answer: Answer, *, first: int = 0, count: int | None = None,
                  language: str = DEFAULT) -> list[str]:
    """The answer's stories ``first`` .. ``first+count`` as HTML messages (a header on page 1),
    the bot's own words in ``language`` (a bot.telegram.i18n code)."""
    stories = answer.stories[first: None if count is None else first + count]
    blocks: list[list[str]] = []
    note = _note(answer, language)
    if first == 0:
        if note:
            blocks.append([note])
        elif answer.stories:
            period = answer.query.period_label
            header = t("answer_header", language, topic=esc(answer.query.topic))
            blocks.append([f"<b>{header}</b>" + (f" ({esc(period)})" if period else "") + ":"])
    blocks.extend(story_lines(s, n, language=language) for n, s in enumerate(stories, start=first + 1))
    return split_messages(blocks) or [note or esc("Nothing found.")]


def _note(answer: Answer, language: str) -> str | None:
    """The core's note ("Nothing new on X ...", "No news about X yet.") in the chat's language."""
    if not answer.note:
        return None
    topic = esc(_shortened(answer.query.topic))
    key = "nothing_new" if answer.stories else "no_news"
    return translated(key, language, topic=topic) or esc(answer.note)


def _shortened(topic: str, limit: int = 60) -> str:
    return topic if len(topic) <= limit else topic[:limit - 1].rstrip() + "…"


def _topics_label(topics: Sequence[str]) -> str:
    return ", ".join(topics)


def render_digest(digest: Digest, *, now: datetime | None = None, language: str = DEFAULT) -> list[str]:
    """A digest as HTML messages: header, stories, and a hint when more matched than fit.

    The bot's own words are in ``language`` (a bot.telegram.i18n code); the stories' sentences
    stay in their articles' languages."""
    day = format_date(now or digest.until, language)
    title = t("digest_header", language, day=day)
    if digest.top_stories:
        header = f"<b>{title}</b>: {t('digest_top', language)}."
    else:
        header = f"<b>{title}</b>: {esc(_topics_label(digest.topics))}."
    if digest.empty:
        since = format_date(digest.since, language)
        key = "digest_no_new_stories" if digest.top_stories else "digest_nothing_new"
        return [f"{header}\n{t(key, language, date=since)}"]
    # The composer already chose each story's sentences (and an update's new facts): show them
    # all, since what was composed is what gets recorded as read.
    blocks = [[header]] + [story_lines(s, n, max_sentences=len(s.summary), update=s.id in digest.updates,
                                       language=language)
                           for n, s in enumerate(digest.stories, start=1)]
    if digest.more_available:
        blocks.append([t("digest_more", language, count=digest.more_available)])
    return split_messages(blocks)


def render_latest(digest: Digest, *, next_digest: str, before: str | None = None) -> list[str]:
    """The story shown right after /subscribe (under the ``before`` HTML, its confirmation):
    "Here is the latest on X; your next digest is at 08:00." and the story as a digest shows it
    (an update when the chat has read it)."""
    header = f"Here is the latest on {esc(', '.join(digest.topics))}; your next digest is at {esc(next_digest)}."
    blocks = ([[before]] if before else []) + [[header]] + [
        story_lines(s, max_sentences=len(s.summary), update=s.id in digest.updates) for s in digest.stories
    ]
    return split_messages(blocks)


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_HREF = re.compile(r'href="([^"]*)"')


def html_to_text(message: str) -> str:
    """The same message without markup: links become "label (url)"; entities unescaped.

    Used when Telegram refuses our HTML ("can't parse entities") and by the console chat.
    """
    out: list[str] = []
    position = 0
    pending_urls: list[str] = []
    for match in _TAG.finditer(message):
        out.append(html.unescape(message[position:match.start()]))
        closing, name, attrs = match.groups()
        if name == "a" and not closing:
            href = _HREF.search(attrs)
            pending_urls.append(html.unescape(href.group(1)) if href else "")
        elif name == "a" and closing and pending_urls:
            url = pending_urls.pop()
            if url:
                out.append(f" ({url})")
        position = match.end()
    out.append(html.unescape(message[position:]))
    return "".join(out)


def text_messages(messages: Sequence[str]) -> str:
    """HTML messages as one plain-text reply (the console chat's view)."""
    return "\n\n".join(html_to_text(m) for m in messages)
