"""Which sentences are article prose, and which are page furniture.

Web articles arrive with sidebar headlines, section labels, bylines, captions, share
buttons and "Scroll down for video". A summary made of those is useless, and every
algorithm we run (sumy's included) happily picks them because they are short and full of
the article's keywords. So every summarizer only ever sees sentences that pass
``is_content_sentence``; the rules below are deliberately conservative (prose ends with a
full stop or exclamation mark and has ordinary lower-case words in it) and cheap (a few
regex searches per sentence).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["is_content_sentence"]

# Prose ends with "." or "!" (possibly inside quotes or brackets). Questions are addressed
# to the reader or are rhetorical; a trailing ellipsis marks a teaser or a cut quote.
_CLOSERS: Final = "\"'”’»)]"
_FINAL_MARKS: Final = ".!。！"
_OPENERS: Final = "\"'“‘«([¿¡"
_MIN_WORDS: Final = 4

_BOILERPLATE_START = re.compile(
    r"""\W*(?:
        (?:published|updated|posted)\s*(?::|on\b|at\b)|last\s+(?:updated|modified)\b
      | scroll\s+down|click\s+here|read\s+more|read\s+the\s+full|see\s+also|more\s*:
      | related\s*(?::|stories|articles|coverage|content|links|videos?\b)
      | follow\s+(?:us\b|@|\S+(?:\s+\S+)?\s+on\s+(?:twitter|facebook|instagram|x)\b)
      | sign\s+up|subscribe\b|share\s+this|like\s+us\b|find\s+\S+\s+on\s+facebook
      | copyright\b|©|all\s+rights\s+reserved|advertisement\b|story\s+continues
      | (?:photo|image|picture|video|watch|source|credit|caption|pictured|file)\s*[:\-–—]
      | (?:additional\s+)?(?:reporting|editing|writing)\s+by\b
      | please\s+enable|an\s+error\s+has\s+occurred|media\s+playback|email\s+this|read\s+more
      | (?:contact|e-?mail|tel|phone)\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture that can sit anywhere in a line. Plain substring tests (lower-cased text) are
# several times faster than one regex alternation, and this runs on every sentence.
_FURNITURE_ANYWHERE: Final = (
    "published:", "updated:", "scroll down for", "click here to", "toggle caption",
    "image copyright", "image caption", "media caption", "file photo", "getty images",
    "pic.twitter.com", "(@", "http://", "https://", "www.",
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.\w")
# A DailyMail caption head, "Ballers and shotcallers: Mirreyes are ...": a short title
# followed by a colon, at the start or run into the previous text without punctuation.
_CAPTION_HEAD = re.compile(
    r"""(?:\A|(?<=[a-z0-9)'’])\s)[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,5}:\s+['‘"“]?[A-Z0-9]"""
)
_CAPTION_RUN_HEADS: Final = 2
_BYLINE_CONNECTORS: Final = frozenset({"and", "of", "for", "the", "in", "at", "from", "with"})
_BYLINE_MAX_WORDS: Final = 12
_UPPER_RATIO: Final = 0.6


def is_content_sentence(sentence: str) -> bool:
    """True for article prose; False for headlines, labels, bylines, captions, questions."""
    text = sentence.strip()
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] not in _FINAL_MARKS or core.endswith(".."):
        return False
    words = text.split()
    if len(words) < _MIN_WORDS:
        return False
    lower = text.lower()
    if any(marker in lower for marker in _FURNITURE_ANYWHERE):
        return False
    if "@" in text and _EMAIL.search(text):
        return False
    if _BOILERPLATE_START.match(text) or _looks_like_title(words) or _is_byline(text, words):
        return False
    # Caption heads always carry a colon; most sentences have none, so skip the regex.
    return ":" not in text or len(_CAPTION_HEAD.findall(text)) < _CAPTION_RUN_HEADS


def _is_byline(text: str, words: list[str]) -> bool:
    """ "By . Daily Mail Reporter .", "By Jane Doe and John Roe for MailOnline."

    Not "By Monday, the company had lost $5m.": a byline has names, not prose, after "By".
    """
    if words[0] != "By" or len(words) > _BYLINE_MAX_WORDS:
        return False
    prose = [w for w in words[1:] if w[:1].islower() and w not in _BYLINE_CONNECTORS]
    return len(prose) <= 1


def _looks_like_title(words: list[str]) -> bool:
    """Headlines, names and shouting: no lower-case word, or mostly capitals.

    Caseless scripts (Arabic, Hebrew) have neither, so they always pass.
    """
    cased = 0
    for word in words:
        first = word.lstrip(_OPENERS)[:1]
        if first.islower():
            return _shouting(words)
        if first.isupper():
            cased += 1
    return cased > 0


def _shouting(words: list[str]) -> bool:
    head = words[0].strip(_OPENERS + _CLOSERS)
    if len(head) < 2 or not head.isupper():
        return False  # cheap exit for the usual sentence: shouting starts in capitals
    letters = [w for w in words if w[:1].isalpha()]
    upper = sum(1 for w in letters if len(w) > 1 and w.isupper())
    return bool(letters) and upper / len(letters) > _UPPER_RATIO
