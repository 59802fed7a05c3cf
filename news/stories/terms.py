"""IDF weighting for clustering, from the document frequencies in ``story_terms``.

Every clustered article counts once for each distinct term and entity id it has (see
``news.store.stories.add_document_frequencies``). Counts only grow: pruned articles leave
their counts behind, which shifts IDF negligibly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from sqlalchemy import Connection

from news.store import stories as store

__all__ = ["load_idf"]


def load_idf(conn: Connection, term_ids: Iterable[int]) -> Callable[[int], float]:
    """A smoothed IDF lookup, ``log((N + 1) / (df + 1)) + 1``, for the given ids (others: df 0)."""
    total, frequencies = store.document_frequencies(conn, term_ids)
    unseen = math.log(total + 1) + 1
    idf = {term: math.log((total + 1) / (df + 1)) + 1 for term, df in frequencies.items()}

    def lookup(term: int) -> float:
        return idf.get(term, unseen)

    return lookup
