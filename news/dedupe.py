"""Near-duplicate articles: the same wire story lightly edited by another outlet.

Exact copies never get this far (``news.articles`` matches them by content hash). What is left is
text that differs a little: a changed intro, a trimmed ending, a few words swapped. Such an
article is stored (its text is not the same) but linked to the earlier one through
``articles.duplicate_of``, so it joins that article's story instead of showing up as news again.

How it stays fast at 100k+ articles. Each body becomes a set of 3-word shingles (hashed to
64 bits, vectorised with numpy). A 48-value MinHash signature of that set is cut into 16 bands
of 3 values; each band hashes to one 64-bit key stored in ``near_dup_keys`` (locality-sensitive
hashing). Two texts with shingle Jaccard similarity J share at least one key with probability
``1 - (1 - J**3) ** 16``: 0.98 at J = 0.6, 0.9997 at J = 0.8, 0.02 at J = 0.1. A lookup is one
indexed ``IN`` query over 16 keys, whatever the corpus size. Candidates are then checked against
their stored 64-bit SimHash (``articles.simhash``: a cheap veto that spares fetching bodies of
chance collisions) and finally by the exact Jaccard similarity of the two shingle sets.

Why MinHash bands rather than SimHash bands for the lookup: measured on the dev corpora, two
percent of words changed moves a 64-bit SimHash by 6-13 bits, past what banded SimHash tables
can search cheaply, while the shingle Jaccard stays near 0.85.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from news.store import articles as store

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "Fingerprint",
    "fingerprint",
    "hamming",
    "jaccard",
    "link_near_duplicates",
]

U64 = npt.NDArray[np.uint64]

SHINGLE_WORDS: Final = 3
BANDS: Final = 16
ROWS: Final = 3
# Shingle-set Jaccard from which two texts count as one story told twice. Lightly edited copies
# measure 0.75-0.95; different outlets writing the same event independently stay below 0.2.
NEAR_DUPLICATE_JACCARD: Final = 0.6
# Shorter texts (a headline, a teaser) are left to exact matching: a handful of shingles gives
# Jaccard values too coarse to trust.
MIN_SHINGLES: Final = 25
# SimHash distance past which a candidate cannot reach the Jaccard threshold (unrelated texts
# measure 19-40 bits, copies edited up to J = 0.6 well under 24).
_SIMHASH_VETO_BITS: Final = 26
# Candidates compared exactly per article (the most band keys shared first).
MAX_CANDIDATES: Final = 4
# A copy at Jaccard 0.75 shares two or more of the 16 band keys with probability 0.999 (0.89 at
# the 0.6 threshold); texts that merely share a quoted paragraph mostly share one.
MIN_SHARED_BANDS: Final = 2

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MASK64: Final = (1 << 64) - 1
_SEEDS: Final = np.random.default_rng(20240506).integers(
    0, np.iinfo(np.uint64).max, size=BANDS * ROWS, dtype=np.uint64, endpoint=True
)
_BAND_SALTS: Final = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


@dataclass(slots=True, frozen=True)
class Fingerprint:
    """What near-duplicate detection knows about one body."""

    shingles: U64  # sorted unique shingle hashes
    simhash: int  # signed 64-bit, as stored in articles.simhash
    band_keys: tuple[int, ...]  # signed 64-bit LSH keys, one per band (empty for short texts)

    @property
    def searchable(self) -> bool:
        return bool(self.band_keys)


def _mix(values: U64) -> U64:
    """splitmix64's finaliser: a cheap, well-spread 64-bit hash of each element (wraps on purpose)."""
    x = values ^ (values >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    mixed: U64 = x ^ (x >> np.uint64(31))
    return mixed


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    # blake2b rather than hash(): fingerprints are stored, so they must not change between runs.
    # Cached: news vocabulary repeats, and hashing was a tenth of storing an article.
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _word_hashes(text: str) -> U64:
    words = _WORD.findall(text)
    return np.fromiter((_word_hash(w.casefold()) for w in words), dtype=np.uint64, count=len(words))


def _shingle_hashes(text: str) -> U64:
    words = _word_hashes(text)
    if len(words) < SHINGLE_WORDS:
        return np.unique(_mix(words))
    count = len(words) - SHINGLE_WORDS + 1
    combined = words[:count].copy()
    for offset in range(1, SHINGLE_WORDS):
        combined = _mix(combined) ^ words[offset : offset + count]
    return np.unique(_mix(combined))


def _to_signed(value: int) -> int:
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def _simhash(shingles: U64) -> int:
    if len(shingles) == 0:
        return 0
    bits = np.unpackbits(shingles.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(shingles)
    packed = np.packbits(majority, bitorder="little").view(np.uint64)
    return _to_signed(int(packed[0]))


def _band_keys(shingles: U64) -> tuple[int, ...]:
    if len(shingles) < MIN_SHINGLES:
        return ()
    signature = _mix(shingles[:, None] ^ _SEEDS[None, :]).min(axis=0)
    bands = signature.reshape(BANDS, ROWS)
    keys = _BAND_SALTS.copy()
    for row in range(ROWS):
        keys = _mix(keys ^ bands[:, row])
    return tuple(_to_signed(int(k)) for k in keys)


def fingerprint(text: str) -> Fingerprint:
    """Shingles, SimHash and LSH band keys of a body (deterministic across runs and machines)."""
    shingles = _shingle_hashes(text)
    return Fingerprint(shingles, _simhash(shingles), _band_keys(shingles))


def hamming(a: int, b: int) -> int:
    """Bits in which two (signed or unsigned) 64-bit fingerprints differ."""
    return ((a ^ b) & _MASK64).bit_count()


def jaccard(a: U64, b: U64) -> float:
    """Jaccard similarity of two sorted unique shingle arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def _shortlist(hits: Mapping[int, int], simhashes: Mapping[int, int | None], print_: Fingerprint) -> list[int]:
    """Candidates worth an exact comparison: past the SimHash veto, most shared band keys first.

    A copy edited up to the Jaccard threshold shares several of the 16 band keys; articles that
    merely quote the same paragraph share one or two. Keeping the few best bounds the bodies read
    per article however many partial overlaps a large corpus holds.
    """
    passing = [
        c for c, shared in hits.items()
        if shared >= MIN_SHARED_BANDS
        and (simhashes.get(c) is None or hamming(simhashes[c] or 0, print_.simhash) <= _SIMHASH_VETO_BITS)
    ]
    passing.sort(key=lambda c: (-hits[c], c))
    return passing[:MAX_CANDIDATES]


def _hits(print_: Fingerprint, by_key: Mapping[int, set[int]]) -> dict[int, int]:
    """How many of the article's band keys each candidate shares."""
    hits: dict[int, int] = {}
    for key in set(print_.band_keys):
        for candidate in by_key.get(key, ()):
            hits[candidate] = hits.get(candidate, 0) + 1
    return hits


def _stored_shingles(conn: Connection, article_ids: Sequence[int]) -> dict[int, U64]:
    return {i: _shingle_hashes(body) for i, body in store.article_bodies(conn, article_ids).items()}


def link_near_duplicates(conn: Connection, stored: Sequence[tuple[int, Fingerprint]]) -> list[int | None]:
    """Link just-stored articles to the originals they nearly duplicate, in a few queries.

    Returns each article's original (the root of its chain: a copy of a copy links to the first
    one stored; ties go to the lowest id), or None. An article sees the stored ones and those
    before it in ``stored`` (whose shingles are already at hand, so their bodies are not read
    back). The caller has stored each article's SimHash already; this stores the band keys.
    """
    keys = sorted({key for _, print_ in stored for key in print_.band_keys})
    by_key, info = store.near_duplicate_candidates(conn, keys)
    simhashes = {c: simhash for c, (simhash, _) in info.items()}
    # Adding batch candidates can only push stored ones out of a shortlist, so the bodies read
    # are those on each article's shortlist among stored candidates alone.
    wanted: set[int] = set()
    for _, print_ in stored:
        wanted.update(_shortlist(_hits(print_, by_key), simhashes, print_))
    shingles = _stored_shingles(conn, sorted(wanted))

    batch_by_key: dict[int, set[int]] = {}
    originals: list[int | None] = []
    for article_id, print_ in stored:
        hits = _hits(print_, by_key)
        for candidate, count in _hits(print_, batch_by_key).items():
            hits[candidate] = hits.get(candidate, 0) + count
        hits.pop(article_id, None)
        best: tuple[float, int, int] | None = None  # (-similarity, id, root)
        for candidate in _shortlist(hits, simhashes, print_):
            similarity = jaccard(print_.shingles, shingles[candidate])
            if similarity < NEAR_DUPLICATE_JACCARD:
                continue
            duplicate_of = info[candidate][1]
            root = duplicate_of if duplicate_of is not None else candidate
            entry = (-similarity, candidate, root)
            if best is None or entry < best:
                best = entry
        original = None if best is None else best[2]
        originals.append(original)
        info[article_id] = (print_.simhash, original)
        simhashes[article_id] = print_.simhash
        shingles[article_id] = print_.shingles
        for key in print_.band_keys:
            batch_by_key.setdefault(key, set()).add(article_id)

    store.link_duplicates(
        conn, [(a, o) for (a, _), o in zip(stored, originals, strict=True) if o is not None]
    )
    store.insert_band_keys(
        conn, [(key, article_id) for article_id, print_ in stored for key in sorted(set(print_.band_keys))]
    )
    return originals
