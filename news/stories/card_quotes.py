"""Quoted statements in a report, with their speaker when the text names one.

A quote is text between “…”, "…", «…» or „…“; its speaker is the name next to a reporting verb
on either side (`"…," said X`, `"…," X said`, `X said: "…"`, `according to X`), in English and, by
the same few patterns, in the other languages the splitter supports where they are that simple
(Russian «…», — заявил X / по словам X; German sagte X; French a déclaré X / selon X; Spanish
dijo X / según X; Italian, Portuguese, Dutch, Polish, Turkish likewise). A name is a run of
capitalised words (with the particles names carry: bin, al-, van, de); a pronoun ("he said")
gives no speaker, and neither does a verb without a name; a described speaker ("the family
said", "said a police source") is kept as described, ranked below a named one. Pure functions,
no storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["QuoteCandidate", "find_quotes"]

_MIN_WORDS: Final = 5
_MAX_CHARS: Final = 600
# What a quotation looks like in each typographic tradition; straight quotes last, since an
# unmatched one ('the "Big Four"') pairs with the next and gives a false quote.
_QUOTE = re.compile(
    r"“(?P<a>[^“”\n]{12,600})”|«(?P<b>[^«»\n]{12,600})»|„(?P<c>[^„“”\n]{12,600})[“”]"
    r'|"(?P<d>[^"\n]{12,600})"'
)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-ΩЄІЇҐ"
_CAP = rf"[{_UPPER}][\w'’.\-]*"
_PARTICLE = r"(?:bin|ibn|al|el|van|von|der|den|de|del|da|di|du|la|le|dos|das)"
_NAME = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP}){{0,4}}"
# An apposition after the name: ", the Cairo-based analyst" / ", Egypt's foreign minister".
def _role(n: int) -> str:
    return (rf"(?:,[ \t]+(?P<role{n}>(?:the|a|an)[ \t][^,.;:\"“”«»\n]{{2,60}}"
            rf"|[\w’']+['’]s[ \t][^,.;:\"“”«»\n]{{2,50}}))?")


_VERBS = (
    r"said|says|added|told[ \t]+\w+|stated|insisted|warned|wrote|explained|declared|noted|argued"
    r"|сказал[аи]?|заявил[аи]?|сообщил[аи]?|отметил[аи]?|добавил[аи]?|подчеркнул[аи]?"
    r"|sagte|sagt|erklärte|betonte|so"
    r"|a[ \t]+déclaré|a[ \t]+dit|a[ \t]+affirmé|a[ \t]+ajouté|déclare|affirme"
    r"|dijo|afirmó|declaró|añadió|aseguró"
    r"|ha[ \t]+detto|ha[ \t]+dichiarato|ha[ \t]+affermato"
    r"|disse|afirmou|declarou"
    r"|zei|zegt|aldus"
    r"|powiedział[a]?|stwierdził[a]?|dedi|söyledi"
)
# A speaker described rather than named: "the family", "a police source", "the ministry".
_DESCRIPTOR = r"(?:the|a|an)[ \t]+(?:[a-z][\w'’-]*[ \t]+){0,2}?[a-z][\w'’-]*"
# Lower-case words a name may carry in front: "hotel spokeswoman Paula Dirks", "the Foreign Ministry".
_PREFIX = r"(?:(?!(?:and|but|then|when|while|as|so|or|that|which|who|where|if|he|she|they|it)\b)[a-z][\w-]*[ \t]+){0,2}"
_ACCORDING = r"(?i:according[ \t]+to|по[ \t]+словам|selon|según|secondo|segundo|volgens|według|laut)"
# After the closing quote: `," said X` / `," X said` / `, — заявил X` / `, so X`.
_AFTER = re.compile(
    rf"^[ \t]*[,.]?[ \t]*(?:[—–-][ \t]*)?(?:(?:{_VERBS})[ \t]+(?P<name1>{_NAME}){_role(1)}"
    rf"|(?P<name2>{_PREFIX}{_NAME}){_role(2)},?[ \t]+(?:{_VERBS})\b"
    rf"|(?P<name4>{_CAP}['’]s[ \t][^\W\d_][^,.;:\"“”«»\n]{{2,40}}?)[ \t]+(?:{_VERBS})\b"
    rf"|{_ACCORDING}[ \t]+(?P<name3>{_NAME})"
    rf"|(?P<desc1>{_DESCRIPTOR})[ \t]+(?:{_VERBS})\b|(?:{_VERBS})[ \t]+(?P<desc2>{_DESCRIPTOR})\b)"
)
# Before the opening quote: `X said: "…"` / `according to X, "…"`.
_BEFORE = re.compile(
    rf"(?:(?P<name1>{_NAME}){_role(1)},?[ \t]+(?:{_VERBS})|{_ACCORDING}[ \t]+(?P<name2>{_NAME}))"
    r"[ \t]*[:,]?[ \t]*$"
)
# Capitalised words that open a clause (or date it) rather than name someone.
_NOT_NAMES: Final = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "this", "that", "there", "the", "his", "her",
     "their", "officials", "police", "but", "and", "он", "она", "они", "это", "мы", "er", "sie",
     "es", "wir", "il", "elle", "ils", "nous", "él", "ella", "ellos", "lui", "lei", "egli",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"]
)


@dataclass(slots=True, frozen=True)
class QuoteCandidate:
    text: str
    speaker: str | None
    words: int


def _within_sentence(name: str) -> str:
    """A name cut where a sentence ends inside it: "Sameh Shoukry. Hospitals" is Sameh Shoukry
    (a word longer than an abbreviation or an initial ending in a full stop ends the sentence)."""
    kept: list[str] = []
    for word in name.split():
        if word.endswith(".") and len(word.rstrip(".")) > 3:
            kept.append(word.rstrip("."))
            break
        kept.append(word)
    return " ".join(kept).rstrip(".")


def _speaker(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    groups = match.groupdict()
    name = next((g for g in (groups.get(k) for k in ("name1", "name2", "name3", "name4", "desc1", "desc2")) if g), None)
    if not name:
        return None
    first_capital = next((w for w in name.split() if w[:1].isupper()), None)
    if first_capital is not None and first_capital.lower() in _NOT_NAMES:
        return None  # "He said", "They told"
    role = groups.get("role1") or groups.get("role2")
    name = _within_sentence(name)
    return f"{name}, {role.strip()}" if role else name


def find_quotes(text: str) -> list[QuoteCandidate]:
    """Every quoted statement of at least a few words in ``text``, in order, with its speaker."""
    found: list[QuoteCandidate] = []
    for match in _QUOTE.finditer(text):
        quote = next(g for g in match.groups() if g is not None).strip().rstrip(",").strip()
        words = len(quote.split())
        if words < _MIN_WORDS or len(quote) > _MAX_CHARS:
            continue
        after = text[match.end(): match.end() + 160].split("\n", 1)[0]
        before = text[max(0, match.start() - 160): match.start()].rsplit("\n", 1)[-1]
        speaker = _speaker(_AFTER.match(after)) or _speaker(_BEFORE.search(before))
        found.append(QuoteCandidate(quote, speaker, words))
    return found
