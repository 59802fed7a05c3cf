"""What story clustering sees of an article: weighted terms and named-entity-ish tokens.

Terms come from the title and the lead (the first few sentences), where news writing puts who,
what and where; the rest of the body adds a little, at a lower weight, so that two outlets with
different intros still meet on the facts further down. Entities are capitalised words that do
not open a sentence (names, places, organisations) and numbers: two articles sharing "Sherman",
"Apotex" and "75" are far more likely one story than two sharing "police" and "died".

Terms and entities are hashed to signed 64-bit ids (blake2b, stable across runs) so centroids
and document frequencies store compactly and identically on every backend.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = ["ArticleFeatures", "article_features", "lead_text", "term_id"]

LEAD_WORDS: Final = 90
TITLE_WEIGHT: Final = 2.0
LEAD_WEIGHT: Final = 1.0
BODY_WEIGHT: Final = 0.35
# Past this many words the body adds nothing a centroid needs and only costs time.
BODY_WORDS: Final = 600

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_NUMBER = re.compile(r"^\d[\d,.]*$")

# Function words and news boilerplate. Only English is listed: for other languages the IDF
# weighting alone pushes frequent words down, which is what matters for clustering.
_STOP: Final = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "according", "one", "two", "new", "also", "year", "years", "last", "first", "would", "could", "may", "might", "must", "shall", "us", "mr", "mrs", "ms", "dr", "st", "people", "time", "like", "get", "got", "make", "made", "just", "even", "still", "back", "well", "many", "much", "way", "since", "however", "including", "week", "day", "days", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow"]
)


@dataclass(slots=True, frozen=True)
class ArticleFeatures:
    """Term and entity weights of one article (unnormalised, before IDF)."""

    terms: dict[int, float]
    entities: dict[int, float]


@lru_cache(maxsize=1 << 15)
def term_id(token: str) -> int:
    """A stable signed 64-bit id for a term (prefix ``e:`` for entities)."""
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little", signed=True)


def _normalise(token: str) -> str:
    word = token.casefold().replace("’", "'")
    word = word.removesuffix("'s")
    # A plural is the same term for clustering ("talks"/"talk"); a crude rule, but stable.
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def lead_text(body: str, words: int = LEAD_WORDS) -> tuple[str, str]:
    """Split a body into its lead (whole sentences up to about ``words`` words) and the rest."""
    # Every match ends after whitespace, so word counts of the pieces between matches add up
    # to the count of the whole prefix: one pass instead of re-splitting a growing prefix.
    counted = 0
    previous = 0
    for match in _SENTENCE_END.finditer(body):
        counted += len(body[previous : match.end()].split())
        previous = match.end()
        if counted >= words:
            return body[:previous], body[previous:]
    return body, ""


_SKIP, _NUMBER_ENTITY, _TERM, _CAPITALISED = range(4)
_OPENERS = re.compile('[.!?…:\n"“]')


@lru_cache(maxsize=1 << 15)
def _token_kind(raw: str) -> tuple[int, str]:
    """What a raw token counts as, with its key: tokens repeat a lot across articles, so cached."""
    if _NUMBER.match(raw):
        return (_NUMBER_ENTITY, "n:" + raw.replace(",", "")) if len(raw) >= 2 else (_SKIP, "")
    word = _normalise(raw)
    if len(word) < 2 or word in _STOP:
        return _SKIP, ""
    return (_CAPITALISED if raw[0].isupper() else _TERM), word


def _add_terms(
    text: str, weight: float, terms: defaultdict[str, float], entities: defaultdict[str, float]
) -> None:
    # A capitalised word is an entity unless it may open a sentence: it is the first token, or
    # a sentence mark, colon, newline or opening quote stands between it and the previous token.
    opener = _OPENERS.search
    previous_end = 0
    for match in _TOKEN.finditer(text):
        kind, key = _token_kind(match.group())
        if kind == _CAPITALISED:
            terms[key] += weight
            if previous_end != 0 and opener(text, previous_end, match.start()) is None:
                entities["e:" + key] += weight
        elif kind == _TERM:
            terms[key] += weight
        elif kind == _NUMBER_ENTITY:
            entities[key] += weight
        previous_end = match.end()


def article_features(title: str, body: str) -> ArticleFeatures:
    """Weighted terms and entities of title + lead (+ the body, lightly) of one article."""
    terms: defaultdict[str, float] = defaultdict(float)
    entities: defaultdict[str, float] = defaultdict(float)
    lead, rest = lead_text(body)
    if title.strip():
        _add_terms(title, TITLE_WEIGHT, terms, entities)
    _add_terms(lead, LEAD_WEIGHT, terms, entities)
    if rest:
        _add_terms(" ".join(rest.split()[:BODY_WORDS]), BODY_WEIGHT, terms, entities)
    return ArticleFeatures(
        terms={term_id(t): w for t, w in sorted(terms.items())},
        entities={term_id(e): w for e, w in sorted(entities.items())},
    )
