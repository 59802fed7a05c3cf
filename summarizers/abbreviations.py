"""Abbreviations the sentence splitter must know, shared and per language.

Three kinds, because a full stop after each means something different:

* never final: titles and prefixes of a name or a number ("Dr.", "Sra.", "art. 5", "ул.");
* ambiguous (``AMBIGUOUS``, shared and capitalised; ``own_ambiguous``): may end a sentence ("Inc.", "Mio.", "г."), so the splitter looks at the next word;
* final: list-closing abbreviations ("etc.", "и т. д.", "usw.") that end a sentence whenever a
  capitalised word follows.

All lower-case, without the full stop. The shared sets hold what several languages write alike
(and what English news used before per-language lists existed); a language's own set adds to them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

__all__ = ["AMBIGUOUS", "COMPANY_SUFFIXES", "FINAL_WORDS", "ends_with_final_phrase", "never_final", "own_ambiguous"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NEVER_FINAL: Final = _words(
    """mr mrs ms messrs mme mlle dr drs prof profs gov govs sen sens rep reps gen gens col lt
    sgt capt cmdr adm maj rev hon pres supt det insp cpl pvt fr sr sra srta dra ud uds st mt
    ft vs v nos nr fig figs op vol vols pp approx tel sig dott avv geb bzw vgl ca hr frl str
    tzv např resp mj čís sv"""
)
_NEVER_FINAL_BY_LANGUAGE: Final[dict[str, frozenset[str]]] = {
    "english": _words("univ ph"),
    "spanish": _words("pág pág núm art aprox excmo excma ilmo ilma cía av avda ee sres dña"),
    "italian": _words("sig sigg dott dott.ssa avv on ing pag art gen card arch geom rag mons ca"),
    "french": _words("mm mgr me pr cf env art bd av"),
    "portuguese": _words("pág art exmo exma eng av dra sra"),
    "german": _words("art abs nr ziff hl"),
    "dutch": _words("dhr mevr mr ir ing drs blz art nr ca"),
    "swedish": _words("kl nr ca"),
    "polish": _words("ul al pl os godz ok art pkt ust św red ks gen prof dr mgr inż tzw"),
    "czech": _words("ing mgr judr mudr phdr bc ul č čl odst tzv"),
    "slovak": _words("ing mgr judr mudr phdr bc ul č čl ods tzv"),
    "turkish": _words("doç yrd bşk sn av sok cad mah alb yzb prof dr"),
    "russian": _words("ул им ст проф акад ген пр просп пер см рис табл с стр гл"),
    "ukrainian": _words("вул ім ст проф акад ген просп пров див рис табл с стор гл"),
}

AMBIGUOUS: Final = _words(
    """inc ltd co corp jr bros plc llc etc al ave blvd rd univ dept assn ala ariz ark calif
    colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore
    pa tenn tex va vt wash wis wyo jan feb mar apr jun jul aug sep sept oct nov dec"""
)
_AMBIGUOUS_BY_LANGUAGE: Final[dict[str, frozenset[str]]] = {
    "spanish": _words("uu"),
    "german": _words("mio mrd jh"),
    "dutch": _words("mln mld"),
    "polish": _words("tys mln mld r"),
    "czech": _words("mil mld tis"),
    "slovak": _words("mil mld tis"),
    "russian": _words("г гг тыс млн млрд руб коп"),
    "ukrainian": _words("р рр м тис млн млрд грн"),
}

# Companies: "Vance Bros. Ltd." is one name, so a suffix right after an abbreviation continues it.
COMPANY_SUFFIXES: Final = _words("inc ltd co corp plc llc llp ag sa gmbh nv bv ab as")

# Last words of the list-closing abbreviations below: only these need the regex.
FINAL_WORDS: Final = _words("etc usw ecc atd atď vb itd itp usf д п др пр ін тощо")
# A list-closing abbreviation, read back from the full stop ("... и т. д").
_FINAL_PHRASE: Final = re.compile(
    r"(?:\b(?:etc|usw|ecc|atd|atď|vb|itd|itp|usf)"
    r"|(?:\bи|\bта)\s+(?:т\.\s?[дп]|др|пр|ін)|\bтощо|\bі\s+т\.\s?[дп])\Z",
    re.IGNORECASE,
)


@cache
def never_final(language: str) -> frozenset[str]:
    """Abbreviations that never end a sentence in ``language`` (shared ones included)."""
    return _NEVER_FINAL | _NEVER_FINAL_BY_LANGUAGE.get(language, frozenset())


def own_ambiguous(language: str) -> frozenset[str]:
    """Abbreviations of ``language`` itself that may end a sentence, in any case."""
    return _AMBIGUOUS_BY_LANGUAGE.get(language, frozenset())


def ends_with_final_phrase(before_stop: str) -> bool:
    """True when the text up to a full stop ends in a list-closing abbreviation."""
    return _FINAL_PHRASE.search(before_stop[-12:]) is not None
