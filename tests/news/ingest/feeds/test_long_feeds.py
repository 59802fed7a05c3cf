"""A feed of many items is read so many items at a time (a thousand; forty here, to stay
fast): the same entries as in one piece, and feedparser never holds more of them at once."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from news.ingest.feeds import parse as parse_module
from news.ingest.feeds.parse import ParsedFeed, parse_feed
from news.ingest.feeds.xmlscan import shape, split_items
from tests.news.ingest.feeds.builders import Item, article_text, atom, rss1, rss2

PIECE = 40
COUNT = 2 * PIECE + 15


@pytest.fixture(autouse=True)
def _pieces_of_forty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "ITEMS_PER_DOCUMENT", PIECE)


def _items(count: int = COUNT, *, word: str = "café") -> list[Item]:
    return [
        Item(f"Report {i}: {word} & «prix»", f"http://example.org/{i}", f"Teaser {i}: {word} +5 €.",
             guid=f"id-{i}", published=f"Sat, 21 Nov 2026 {i % 24:02d}:{i % 60:02d}:00 GMT",
             full=article_text("tram", i) if i % 30 == 0 else None)
        for i in range(count)
    ]


def _in_one_piece(doc: bytes, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> ParsedFeed:
    with monkeypatch.context() as patch:
        patch.setattr(parse_module, "ITEMS_PER_DOCUMENT", COUNT + 1)
        return parse_feed(doc, url="http://example.org/feed", **kwargs)


def _same(pieces: ParsedFeed, whole: ParsedFeed) -> None:
    assert pieces.entries == whole.entries
    assert (pieces.title, pieces.site_url, pieces.version, pieces.problem, pieces.rejected) == (
        whole.title, whole.site_url, whole.version, whole.problem, whole.rejected)


def _counting_feedparser(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import feedparser

    real = feedparser.parse
    seen: list[int] = []

    def counting(source: io.BytesIO, **kwargs: Any) -> Any:
        parsed = real(source, **kwargs)
        seen.append(len(parsed.entries))
        return parsed

    monkeypatch.setattr(feedparser, "parse", counting)
    return seen


@pytest.mark.parametrize(
    "build",
    [
        lambda: rss2("Long Herald", _items()),
        lambda: rss1("Long Herald", _items()),
        lambda: atom("Long Herald", _items()),
        lambda: rss2("Длинные новости", _items(word="Москва"), encoding="windows-1251"),
    ],
    ids=["rss2", "rss1", "atom", "rss2-windows-1251"],
)
def test_a_long_feed_read_in_pieces_gives_what_it_gives_in_one_piece(
    build: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = build()
    seen = _counting_feedparser(monkeypatch)
    pieces = parse_feed(doc, url="http://example.org/feed", content_type="application/rss+xml")
    assert seen == [PIECE, PIECE, 15]  # feedparser never held more than a piece
    assert [e.title.split(":")[0] for e in pieces.entries] == [f"Report {i}" for i in range(COUNT)]
    _same(pieces, _in_one_piece(doc, monkeypatch, content_type="application/rss+xml"))


def test_a_long_malformed_feed_is_read_whole_and_leniently(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = rss2("Long Herald", _items()).replace(b"<title>Report 7:", b"<title>Report 7 & \xff:")
    assert shape(doc, 256).items == COUNT
    assert split_items(doc, PIECE) is None  # not well-formed: not cut
    seen = _counting_feedparser(monkeypatch)
    parsed = parse_feed(doc, url="http://example.org/feed")
    assert seen == [COUNT] and parsed.problem is not None
    _same(parsed, _in_one_piece(doc, monkeypatch))


def test_a_charset_the_document_contradicts_leaves_the_feed_whole() -> None:
    doc = rss2("Long Herald", _items())  # UTF-8, declared so
    assert split_items(doc, PIECE, charset="utf-8") is not None
    assert split_items(doc, PIECE, charset="windows-1252") is None  # feedparser's rules decide


def test_a_deep_document_is_refused_before_it_is_counted() -> None:
    deep = b"<rss><channel>" + b"<x>" * 300 + b"</x>" * 300 + b"</channel></rss>"
    assert shape(deep, 256).too_deep
    assert shape(rss2("Long Herald", _items()), 256) == shape(rss2("Long Herald", _items()), 10_000)
