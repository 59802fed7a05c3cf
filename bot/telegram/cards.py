"""Story cards as Telegram HTML, and the buttons that open them.

Answers and digests stay compact; a reader opens a story's card from buttons under the message,
and the card replaces the message in place (editMessageText), one section at a time so each
view stays well under Telegram's 4,096 characters: **Details** (summary, key points,
perspectives, quote), **Sources**, **Timeline**; **Back** restores the message as it was.

Which buttons a message gets (``story_buttons``): a message about one story gets that story's
row, Details · Sources · Timeline. A message about several (an answer page of five, a digest
of eight) would need a row per story, which buries the message under a wall of buttons; it
gets one row of numbered buttons instead ("📖 1", "2", "3" …, at most eight, matching the
stories' numbers in the text), each opening that story's Details, whose view then offers
Sources, Timeline and Back. Paging ("More") and feedback rows go below, composed by their
owners with ``card_buttons`` / ``story_buttons``.

Button data is ``card:<view>:<story id>`` (view d, s, t or b for Back): at most 20 bytes, far
under Telegram's 64. Everything is escaped; tags open and close within one line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from bot.telegram.render import MESSAGE_LIMIT, esc, format_date, split_messages, tg_len

if TYPE_CHECKING:  # types only: the CLI renders without loading the news core up front
    from news import StoryCard

__all__ = [
    "CARD_DATA",
    "VIEWS",
    "card_buttons",
    "card_message",
    "card_messages",
    "card_story_ids",
    "card_view",
    "parse_card_data",
    "story_buttons",
    "view_buttons",
]

CARD_DATA: Final = re.compile(r"card:([dstb]):(\d{1,12})")
VIEWS: Final = {"d": "Details", "s": "Sources", "t": "Timeline"}
_PICKER_MAX: Final = 8  # Telegram shows up to eight buttons in a row
_LINE_CHARS: Final = 700  # one card line, before escaping (titles and summary sentences)
_ROOM: Final = MESSAGE_LIMIT - 96  # a view's budget, leaving room for the "…" line


def card_buttons(story_id: int) -> list[tuple[str, str]]:
    """The button row that opens one story's card: Details · Sources · Timeline."""
    return [(label, f"card:{view}:{story_id}") for view, label in VIEWS.items()]


def story_buttons(story_ids: Sequence[int], *, first_number: int = 1) -> list[list[tuple[str, str]]]:
    """Card buttons for a message about ``story_ids`` (numbered from ``first_number`` in the
    text): one story's full row, or one row of numbered buttons for several (module docstring)."""
    if not story_ids:
        return []
    if len(story_ids) == 1:
        return [card_buttons(story_ids[0])]
    picked = list(story_ids)[:_PICKER_MAX]
    return [[(f"📖 {n}" if i == 0 else str(n), f"card:d:{sid}")
             for i, (n, sid) in enumerate(zip(range(first_number, first_number + len(picked)), picked, strict=True))]]


def view_buttons(story_id: int, current: str) -> list[list[tuple[str, str]]]:
    """Under an open card: the other views, then Back to the message as it was."""
    row = [(f"· {label} ·" if view == current else label, f"card:{view}:{story_id}")
           for view, label in VIEWS.items()]
    return [row, [("« Back", f"card:b:{story_id}")]]


def parse_card_data(data: str) -> tuple[str, int] | None:
    """(view, story id) of a card button's data, or None when it is not one of ours."""
    match = CARD_DATA.fullmatch(data)
    return (match.group(1), int(match.group(2))) if match else None


def card_story_ids(rows: Sequence[Sequence[tuple[str, str]]] | None) -> list[int]:
    """The stories whose cards a keyboard opens, in order (the console lists them as commands)."""
    found: list[int] = []
    for row in rows or []:
        for _label, data in row:
            parsed = parse_card_data(data)
            if parsed is not None and parsed[1] not in found:
                found.append(parsed[1])
    return found


def _line(text: str) -> str:
    text = " ".join(text.split())
    return esc(text if len(text) <= _LINE_CHARS else text[: _LINE_CHARS - 1] + "…")


def _cite(number: int) -> str:
    return f" [{number}]" if number else ""


def _link(url: str | None, label: str) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{_line(label)}</a>'
    return _line(label)


def _header(card: StoryCard) -> list[str]:
    outlets = len({s.outlet for s in card.sources})
    reports = len(card.sources) + card.more_sources
    first, last = card.sources[0].published_at, card.sources[-1].published_at
    span = format_date(first) if first.date() == last.date() else f"{format_date(first)} – {format_date(last)}"
    return [f"<b>{_line(card.title)}</b>",
            f"<i>{reports} report{'s' if reports != 1 else ''} from {outlets} outlet{'s' if outlets != 1 else ''}, "
            f"{span}</i>"]


def _details(card: StoryCard) -> list[str]:
    lines = [" ".join(f"{_line(s.text)}{_cite(s.source)}" for s in card.summary)] if card.summary else []
    if card.key_points:
        lines += ["", "<b>Key points</b>"] + [f"• {_line(p.text)}{_cite(p.source)}" for p in card.key_points]
    if card.perspectives:
        lines += ["", "<b>Perspectives</b>"]
        lines += [f"• <i>{_line(p.outlet)}</i>: {_line(p.text)}{_cite(p.source)}" for p in card.perspectives]
    if card.quote is not None:
        speaker = f" — {_line(card.quote.speaker)}" if card.quote.speaker else ""
        lines += ["", "<b>Quote</b>", f"“{_line(card.quote.text)}”{speaker}{_cite(card.quote.source)}"]
    return lines


def _sources(card: StoryCard) -> list[str]:
    lines = ["<b>Sources</b>"]
    lines += [f"[{s.number}] {_link(s.url, s.title)} — {_line(s.outlet[:100])}, {format_date(s.published_at)}"
              for s in card.sources]
    if card.more_sources:
        lines.append(f"… and {card.more_sources} more report{'s' if card.more_sources != 1 else ''}")
    return lines


def _timeline(card: StoryCard) -> list[str]:
    lines = ["<b>Timeline</b>"]
    lines += [f"<b>{entry.day.day} {entry.day:%b}</b> — {_line(entry.text)}{_cite(entry.source)}"
              for entry in card.timeline]
    return lines


_SECTIONS = {"d": _details, "s": _sources, "t": _timeline}


def _fit(lines: list[str]) -> str:
    """Lines joined, dropping whole lines from the end to stay under one message."""
    kept: list[str] = []
    for line in lines:
        if tg_len("\n".join([*kept, line])) > _ROOM:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)


def card_view(card: StoryCard, view: str) -> str:
    """One view of the card (d, s or t) as a single HTML message under 4,096 characters."""
    return _fit([*_header(card), "", *_SECTIONS[view](card)])


def card_message(card: StoryCard) -> str:
    """The card as one message (Details): what inline mode sends as a story card."""
    return card_view(card, "d")


def card_messages(card: StoryCard) -> list[str]:
    """The whole card, every section, as HTML messages (``/story``, the console, the CLI)."""
    blocks = [[*_header(card), "", *_details(card)], _timeline(card), _sources(card)]
    return split_messages([[_fit(block)] for block in blocks])
