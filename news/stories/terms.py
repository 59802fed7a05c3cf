"""Document frequencies of clustering terms (``story_terms``), for IDF weighting.

Every clustered article counts once for each distinct term and entity id it has; the row with
term id 0 holds the number of articles counted (blake2b ids hit 0 with probability 2**-64).
Counts only grow: pruned articles leave their counts behind, which shifts IDF negligibly.
Increments are upserts, so two workers counting at once add up instead of colliding.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, select

from news.db.schema import story_terms
from news.db.upsert import upsert_insert

__all__ = ["add_document_frequencies", "load_idf"]

_TOTAL = 0
_CHUNK = 500


def add_document_frequencies(conn: Connection, documents: Iterable[Iterable[int]]) -> None:
    """Count each document's distinct ids (and the documents themselves) into ``story_terms``."""
    counts: Counter[int] = Counter()
    total = 0
    for ids in documents:
        counts.update(set(ids))
        total += 1
    if not total:
        return
    counts[_TOTAL] += total
    rows = [{"term": term, "df": df} for term, df in sorted(counts.items())]
    insert = upsert_insert(conn, story_terms)
    statement = insert.on_conflict_do_update(
        index_elements=[story_terms.c.term], set_={"df": story_terms.c.df + insert.excluded.df}
    )
    for start in range(0, len(rows), _CHUNK):
        conn.execute(statement, rows[start : start + _CHUNK])


def load_idf(conn: Connection, term_ids: Iterable[int]) -> Callable[[int], float]:
    """A smoothed IDF lookup, ``log((N + 1) / (df + 1)) + 1``, for the given ids (others: df 0)."""
    wanted = sorted(set(term_ids) | {_TOTAL})
    frequencies: dict[int, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for row in conn.execute(
            select(story_terms.c.term, story_terms.c.df).where(story_terms.c.term.in_(chunk))
        ):
            frequencies[int(row.term)] = int(row.df)
    total = frequencies.pop(_TOTAL, 0)
    unseen = math.log(total + 1) + 1
    idf = {term: math.log((total + 1) / (df + 1)) + 1 for term, df in frequencies.items()}

    def lookup(term: int) -> float:
        return idf.get(term, unseen)

    return lookup
