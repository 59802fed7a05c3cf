"""Which supported language a text is written in.

Two ways were measured on the same texts (``bench/languages.py``: the boundary test set's
paragraphs and headlines in all seventeen languages, plus the CNN/DM dev articles):

* ``by_stop_words``: the language whose stop-word list the text's words hit most (our old
  hand rule, one regex and set lookups);
* ``by_model``: py3langid, the maintained fork of langid.py (a naive Bayes model over byte
  n-grams, trained on 142 languages, shipped inside the wheel, so it works offline),
  restricted to our languages.

The model wins by far (a run of ``bench/languages.py``: 99.5% of paragraphs and 97.7% of
headlines right, against 60.8% and 38.7% for the stop-word count, which has too few function
words to go on in a headline and confuses languages whose lists overlap) and agrees with it on
every CNN/DM article. It costs more, about 0.1 ms for a paragraph and 0.7 ms for an article's
first 600 characters (the stop-word rule: 0.01 and 0.14 ms), which is paid once per article at
ingest, not per summary. So ``identify`` uses the model; the stop-word rule stays as the
measured baseline.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any, Final

from .languages import iso_code, language_for_code, stop_words_for, supported_languages

__all__ = ["IDENTIFIED", "by_model", "by_stop_words", "detect_language", "identify", "identify_code"]

_WORD = re.compile(r"[^\W\d_]+")
# The opening of an article says its language; reading all of a long one only costs time.
_SAMPLE_CHARS: Final = 600
# Two hits can be chance (short words shared across languages).
_MIN_STOP_HITS: Final = 3
# Order of preference when two languages hit the same number of stop words.
_PRIORITY: Final = ("english", "russian", "spanish", "german", "french", "portuguese",
                    "italian", "turkish", "dutch", "polish", "arabic", "persian", "ukrainian",
                    "czech", "slovak", "swedish", "hebrew")
# The languages anyone asks the model about: the seventeen we summarize, and the others story
# clustering stems (``news.stories.languages``). The model is kept for these only (28 of its 142
# columns): its weight matrix shrinks from 28 MB to 6 MB, and the answers stay the same, since
# each language's score is computed on its own (checked on 12,180 texts, ranking identical).
IDENTIFIED: Final = frozenset({
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hu", "id",
    "it", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sr", "sv", "tr", "uk",
})


def identify(text: str) -> str | None:
    """The supported language of ``text``, or None when it has no letters to judge by."""
    return by_model(text)


def detect_language(text: str) -> str:
    """The supported language ``text`` is written in; "english" when unsure (no letters)."""
    return identify(text) or "english"


def by_model(text: str) -> str | None:
    """py3langid's best guess among the supported languages (None for a text without letters)."""
    code = identify_code(text, _supported_codes())
    return language_for_code(code) if code else None


def identify_code(text: str, codes: frozenset[str] | tuple[str, ...]) -> str | None:
    """py3langid's best ISO 639-1 code for ``text`` among ``codes`` (None: no letters).

    For callers with their own set of languages (story clustering stems 26 of them), all of
    them in :data:`IDENTIFIED`. One model serves every caller: it holds ~50 MB, so it is loaded
    once and never restricted in place; the best code of its ranking that the caller knows is
    the answer, the same as a model restricted to ``codes`` would give (raw scores, no
    renormalising).
    """
    if not IDENTIFIED.issuperset(codes):
        raise ValueError(f"not identified by the model: {sorted(set(codes) - IDENTIFIED)}")
    sample = text[:_SAMPLE_CHARS]
    if not _WORD.search(sample):
        return None
    identifier, lock = _identifier()
    # numpy releases the GIL inside the scoring; one classification at a time keeps the shared
    # identifier safe whatever py3langid keeps between calls.
    with lock:
        ranking = identifier.rank(sample)
    return next((str(code) for code, _score in ranking if code in codes), None)


def by_stop_words(text: str) -> str | None:
    """The language with most stop-word hits in ``text`` (at least three), else None."""
    index = _stop_word_index()
    hits: dict[str, int] = {}
    for word in _WORD.findall(text[:_SAMPLE_CHARS].lower()):
        for language in index.get(word.replace("ё", "е"), ()):
            hits[language] = hits.get(language, 0) + 1
    if not hits:
        return None
    rank = {name: i for i, name in enumerate(_PRIORITY)}
    best = min(hits, key=lambda name: (-hits[name], rank.get(name, len(rank))))
    return best if hits[best] >= _MIN_STOP_HITS else None


@cache
def _stop_word_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for language in supported_languages():
        for word in stop_words_for(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(names) for word, names in index.items()}


@cache
def _supported_codes() -> frozenset[str]:
    return frozenset(iso_code(name) for name in supported_languages())


@cache
def _identifier() -> tuple[Any, threading.Lock]:
    # Imported here: the model (numpy arrays) loads on the first article, not at import.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    keep = [i for i, code in enumerate(full.nb_classes) if code in IDENTIFIED]
    # A copy of the kept columns, so the full matrix is freed (``set_languages`` would keep it).
    model = LanguageIdentifier(full.nb_ptc[:, keep].copy(), full.nb_pc[keep],
                               [full.nb_classes[i] for i in keep], full.tk_nextmove,
                               full.tk_output, tk_row=full.tk_row)
    return model, threading.Lock()
