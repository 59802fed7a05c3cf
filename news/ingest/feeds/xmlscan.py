"""A feed document's shape before feedparser reads it, and a long feed cut into short ones.

feedparser builds a dict of a dozen keys for every item and returns them all at once: a feed of
20,000 items holds about 55 MB while it is read, for the few hundred a pass takes. So a feed of
more than :data:`ITEMS_PER_DOCUMENT` items is cut into documents of that many items, each with
the feed's own head (title, link, namespaces), and feedparser reads them one at a time: the
memory of a pass no longer grows with the number of items a server chose to send.

lxml does the cutting, streaming (each item is serialised as soon as it ends, then dropped from
the tree), without expanding entities or fetching anything. Only a well-formed document is cut:
one lxml cannot read strictly goes to feedparser whole, whose lenient parsing decides what it
holds, exactly as for any shorter feed.
"""

from __future__ import annotations

import codecs
import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

__all__ = ["ITEMS_PER_DOCUMENT", "Shape", "shape", "split_items"]

# A news feed carries 10-100 items; past this, the items are read this many at a time.
ITEMS_PER_DOCUMENT: Final = 1_000
_ITEM_NAMES: Final = frozenset({"item", "entry"})


@dataclass(frozen=True, slots=True)
class Shape:
    """How deep a document's elements nest (up to the limit asked), and how many items it has."""

    too_deep: bool
    items: int


def _local(tag: object) -> str:
    # Comments and processing instructions have a function, not a string, as their tag.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def shape(data: bytes, max_depth: int) -> Shape:
    """Nesting past ``max_depth`` and the number of items (RSS ``item``, Atom ``entry`` at a
    feed's item level), read leniently without keeping a tree in memory."""
    # Imported here: lxml costs ~20 ms and ~6 MB; importing the feed types (news.PollReport)
    # must not load it, only reading a feed.
    from lxml import etree

    depth = items = 0
    try:
        for event, element in etree.iterparse(io.BytesIO(data), events=("start", "end"), huge_tree=True,
                                              resolve_entities=False, no_network=True, recover=True):
            if event == "start":
                depth += 1
                if depth > max_depth:
                    return Shape(True, items)
                continue
            # RSS 2.0 items sit in rss/channel (depth 3), RSS 1.0 and Atom ones in the root (2).
            if depth in (2, 3) and _local(element.tag) in _ITEM_NAMES:
                items += 1
            depth -= 1
            element.clear()  # only the counts matter: keep no tree in memory
    except (etree.LxmlError, ValueError):
        pass  # not XML lxml can read: feedparser's loose parser decides
    return Shape(False, items)


def split_items(data: bytes, per_document: int = ITEMS_PER_DOCUMENT, *,
                charset: str | None = None) -> Iterator[bytes] | None:
    """The feed as UTF-8 documents of at most ``per_document`` items each, in document order
    (built one at a time), or None when lxml cannot read it strictly, its items are not all in
    one place, or the HTTP ``charset`` disagrees with the document's own encoding (feedparser's
    rules for that case then decide)."""
    from lxml import etree  # imported here: see shape()

    items: list[bytes] = []
    container = None
    root = None
    try:
        for event, element in etree.iterparse(io.BytesIO(data), events=("start", "end"),
                                              resolve_entities=False, no_network=True, huge_tree=False):
            if event == "start":
                if root is None:
                    root = element
                continue
            parent = element.getparent()
            if parent is None or _local(element.tag) not in _ITEM_NAMES:
                continue
            if not (parent is root or (parent.getparent() is root and _local(parent.tag) == "channel")):
                continue
            if container is None:
                container = parent
            elif container is not parent:
                return None
            items.append(etree.tostring(element, encoding="UTF-8", xml_declaration=False, with_tail=False))
            element.clear(keep_tail=True)
    except (etree.LxmlError, ValueError):
        return None
    if root is None or container is None:
        return None
    if charset and _codec(charset) != _codec(root.getroottree().docinfo.encoding or "utf-8"):
        return None
    for element in [e for e in container if _local(e.tag) in _ITEM_NAMES]:
        container.remove(element)
    # The head with a marker where the items go; a random marker, so no document can hold it.
    marker = f"newsbrief-items-{secrets.token_hex(8)}"
    container.append(etree.Comment(marker))
    head, found, tail = etree.tostring(root, encoding="UTF-8", xml_declaration=True).partition(
        f"<!--{marker}-->".encode())
    if not found:
        return None
    return (head + b"".join(items[start:start + per_document]) + tail
            for start in range(0, len(items), per_document))
