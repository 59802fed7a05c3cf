"""Per-item isolation: one bad item is set aside with its reason, the rest of the batch goes on.

Every stage of a pass (parse, store, summarize, cluster) works on batches. When one item breaks
a stage, the stage must not fail for all the others (a feed item dated 9999-12-31 once stopped
every article of its pass from being grouped). ``isolate`` runs a batch in a savepoint and, if
the batch fails because of something in it, splits it in halves until the failing items stand
alone; those are quarantined (``news.store.quarantine``) and skipped by later passes.

A failure that is not an item's fault (the database busy, gone or full: ``news.store.faults``)
is raised unchanged: the pass fails cleanly and the next one retries. So is a failure of every
item of a batch of several: that is the stage broken (a bug, a missing resource), not the items,
and setting them all aside would lose them for good.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection

from news.store import quarantine as store
from news.store.faults import classify

__all__ = ["SetAside", "describe", "isolate", "set_aside", "stage_broken"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_ITEM_CHARS = 300
_REASON_CHARS = 500


@dataclass(slots=True, frozen=True)
class SetAside:
    """An item a stage quarantined, as a pass reports it."""

    stage: str
    item: str
    reason: str

    def line(self) -> str:
        return f"{self.stage}: {self.item}: {self.reason}"


def describe(exc: BaseException) -> str:
    """A one-line reason: the exception's type and first line (e.g. ``OverflowError: date
    value out of range``)."""
    text = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text}"[:_REASON_CHARS] if text else type(exc).__name__


def set_aside(conn: Connection, stage: str, items: Sequence[tuple[str, str, int | None]], *,
              now: datetime, feed_id: int | None = None) -> list[SetAside]:
    """Record (item, reason, article id) triples of one stage; what a report lists of them."""
    store.add(conn, [
        {"stage": stage, "item": item[:_ITEM_CHARS] or "(unnamed)", "reason": reason[:_REASON_CHARS],
         "article_id": article_id, "feed_id": feed_id, "at": now}
        for item, reason, article_id in items
    ])
    for item, reason, _ in items:
        log.warning("%s: set aside %s: %s", stage, item[:120], reason)
    return [SetAside(stage, item[:_ITEM_CHARS], reason[:_REASON_CHARS]) for item, reason, _ in items]


def isolate(
    conn: Connection, stage: str, ids: Sequence[int], work: Callable[[Sequence[int]], T], *,
    now: datetime, merge: Callable[[list[T]], T],
) -> tuple[T, list[SetAside]]:
    """Run ``work`` over article ids; on an item's failure, bisect and quarantine the culprits.

    Returns the merged results of the parts that worked and what was set aside. Each attempt
    runs in its own savepoint, so a failed half leaves nothing behind.
    """
    results: list[T] = []
    culprits: list[tuple[int, Exception]] = []

    def attempt(part: Sequence[int]) -> None:
        try:
            with conn.begin_nested():
                results.append(work(part))
            return
        except Exception as exc:
            if classify(exc) is not None:
                raise  # the store's fault, not the item's: fail the pass, retry next time
            if len(part) == 1:
                culprits.append((part[0], exc))
                return
        middle = len(part) // 2
        attempt(part[:middle])
        attempt(part[middle:])

    if ids:
        attempt(list(ids))
    stage_broken(culprits, len(ids))
    failed = set_aside(conn, stage, [(f"article {i}", describe(exc), i) for i, exc in culprits], now=now)
    return merge(results), failed


def stage_broken(culprits: Sequence[tuple[object, Exception]], batch: int) -> None:
    """Raise the first error when every item of a batch of several failed: the stage is broken."""
    if batch > 1 and len(culprits) == batch:
        raise culprits[0][1]
