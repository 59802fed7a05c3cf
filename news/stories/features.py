"""What story clustering sees of an article: weighted terms and named-entity-ish tokens.

Terms come from the title and the lead (the first few sentences), where news writing puts who,
what and where; the rest of the body adds a little, at a lower weight, so that two outlets with
different intros still meet on the facts further down. Entities are capitalised words that do
not open a sentence (names, places, organisations) and numbers: two articles sharing "Sherman",
"Apotex" and "75" are far more likely one story than two sharing "police" and "died".

Any language: words are Unicode words (Cyrillic, Arabic script, ...), normalised by the
article's detected language (``news.stories.languages``: its stop words and Snowball stemmer,
English its own plural rule), so "Москвы" and "Москве" are one term and no language's rule
touches another's words. Capitalised names are entities in any cased script; numbers are
entities in any digits and decimal convention ("7,1" is "7.1").

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

from news.stories.languages import detect_language, normaliser, number_key

__all__ = ["ArticleFeatures", "article_features", "lead_text", "term_id"]

LEAD_WORDS: Final = 90
TITLE_WEIGHT: Final = 2.0
LEAD_WEIGHT: Final = 1.0
BODY_WEIGHT: Final = 0.35
# Past this many words the body adds nothing a centroid needs and only costs time.
BODY_WORDS: Final = 600

# A number with its separators ("7.1", "26,000") is one token; words may carry an apostrophe
# (O'Brien, Ankara'da) or, in Persian, a zero-width non-joiner inside them.
_TOKEN = re.compile(r"\d+(?:[.,٫٬]\d+)+|[^\W_]+(?:['’\u200c][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…؟।][\"'”’»)\]]*\s+")
_NUMBER = re.compile(r"^\d[\d.,٫٬]*$")


@dataclass(slots=True, frozen=True)
class ArticleFeatures:
    """Term and entity weights of one article (unnormalised, before IDF)."""

    terms: dict[int, float]
    entities: dict[int, float]


@lru_cache(maxsize=1 << 15)
def term_id(token: str) -> int:
    """A stable signed 64-bit id for a term (prefix ``e:`` for entities)."""
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little", signed=True)


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
# Marks after which a capitalised word may open a sentence or a quotation, in any script.
_OPENERS = re.compile('[.!?…:;\n"“„«‹¿¡؟।—–•]')


@lru_cache(maxsize=1 << 16)
def _token_kind(raw: str, language: str | None) -> tuple[int, str]:
    """What a raw token counts as, with its key: tokens repeat a lot across articles, so cached."""
    if _NUMBER.match(raw):
        key = number_key(raw)
        return (_NUMBER_ENTITY, "n:" + key) if len(key) >= 2 else (_SKIP, "")
    word = normaliser(language)(raw)
    if word is None:
        return _SKIP, ""
    # Scripts without case (Arabic, Persian, Hebrew) give no capitalised names: there,
    # numbers are the only entities and names weigh as terms.
    return (_CAPITALISED if raw[0].isupper() else _TERM), word


def _add_terms(
    text: str, weight: float, language: str | None, terms: defaultdict[str, float],
    entities: defaultdict[str, float],
) -> None:
    # A capitalised word is an entity unless it may open a sentence: it is the first token, or
    # a sentence mark, colon, newline or opening quote stands between it and the previous token.
    opener = _OPENERS.search
    previous_end = 0
    for match in _TOKEN.finditer(text):
        kind, key = _token_kind(match.group(), language)
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
    lead, rest = lead_text(body, LEAD_WORDS)
    language = detect_language(f"{title}\n{lead}")
    if title.strip():
        _add_terms(title, TITLE_WEIGHT, language, terms, entities)
    _add_terms(lead, LEAD_WEIGHT, language, terms, entities)
    if rest:
        _add_terms(" ".join(rest.split()[:BODY_WORDS]), BODY_WEIGHT, language, terms, entities)
    return ArticleFeatures(
        terms={term_id(t): w for t, w in sorted(terms.items())},
        entities={term_id(e): w for e, w in sorted(entities.items())},
    )
