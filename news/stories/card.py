"""A story opened in full: the story card.

Built from plain data (the story as answers show it, and its reports with the bodies of a
few), with the summarizer facade and the splitter, never SQL:

- **summary**: the story's stored summary (2-3 sentences, verbatim, with source numbers);
- **key points**: the next most central sentences across the reports (``summarize_articles``
  ranks them; MMR already skips near-duplicates), minus anything that restates the summary or
  an earlier point (TF-IDF cosine ≥ ``REDUNDANT``) and, while enough others are left, what the
  quote or a perspective shows, shortened to a bullet;
- **perspectives**: per outlet, the sentence least like anything the other outlets wrote
  (1 − its highest cosine to their sentences) that is still about the story (it shares
  at least two terms that another outlet or the titles also use), early sentences preferred;
- **quote**: the quoted statement with the most content words that is about the story, one
  with a named speaker preferred, then a described one ("the family"), then none
  (``news.stories.card_quotes``);
- **timeline**: each report's date and lead fact, plus sentences whose own date phrase
  ("on Monday", "3 May") resolves to another day (``news.stories.card_dates``), in date order;
- **sources**: every listed report with its outlet, link and date; the numbers the other
  sections cite.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from news.models import Story
from news.stories.card_dates import explicit_date
from news.stories.card_text import SentenceSpace, cosine, cosine_table, shorten, terms
from news.stories.languages import detect_language

__all__ = [
    "MAX_READ_REPORTS",
    "CardLine",
    "CardReport",
    "CardSource",
    "Perspective",
    "Quote",
    "StoryCard",
    "TimelineEntry",
    "build_card",
    "reports_to_read",
]

log = logging.getLogger(__name__)

# Reports whose bodies a card reads: the first and the latest of each outlet. Bounded so a
# story of hundreds of reports costs what one of eight does.
MAX_READ_REPORTS: Final = 8
SUMMARY_SENTENCES: Final = 3
MIN_KEY_POINTS: Final = 3
MAX_KEY_POINTS: Final = 5
MAX_TIMELINE: Final = 10
# Two sentences this alike (TF-IDF cosine) say the same thing for a reader.
REDUNDANT: Final = 0.45
_SENTENCES_PER_REPORT: Final = 40
_DATED_PER_REPORT: Final = 2
_TIMELINE_WINDOW: Final = (-60, 30)  # days around a report's date a resolved phrase may name


@dataclass(slots=True, frozen=True)
class CardReport:
    """One report of a story as a card sees it (``body`` None: listed, not read)."""

    article_id: int
    title: str
    outlet: str
    url: str | None
    published_at: datetime
    language: str
    lead: str | None = None  # the report's own first summary sentence, if summarized
    body: str | None = None


@dataclass(slots=True, frozen=True)
class CardSource:
    number: int
    article_id: int
    title: str
    outlet: str
    url: str | None
    published_at: datetime


@dataclass(slots=True, frozen=True)
class CardLine:
    """A sentence of the card and the number of the source it comes from."""

    text: str
    source: int


@dataclass(slots=True, frozen=True)
class Perspective:
    outlet: str
    text: str
    source: int


@dataclass(slots=True, frozen=True)
class Quote:
    text: str
    speaker: str | None
    source: int


@dataclass(slots=True, frozen=True)
class TimelineEntry:
    day: date
    text: str
    source: int
    from_text: bool  # the day comes from a date phrase in the text, not the report's date


@dataclass(slots=True, frozen=True)
class StoryCard:
    """Everything a reader opening a story sees; ``story`` is its compact form."""

    id: int
    title: str
    summary: tuple[CardLine, ...]
    key_points: tuple[CardLine, ...]
    perspectives: tuple[Perspective, ...]
    quote: Quote | None
    timeline: tuple[TimelineEntry, ...]
    sources: tuple[CardSource, ...]
    more_sources: int
    story: Story


@dataclass(slots=True)
class _Sentence:
    text: str
    source: int
    position: int
    outlet: str
    vector: dict[str, float]
    terms: frozenset[str]


def reports_to_read(reports: Sequence[CardReport]) -> list[int]:
    """Article ids whose bodies the card reads: the first report, then each outlet's latest
    (most recent outlets first), up to ``MAX_READ_REPORTS``."""
    if not reports:
        return []
    chosen = [reports[0].article_id]
    seen_outlets = {reports[0].outlet}
    for report in sorted(reports, key=lambda r: r.published_at, reverse=True):
        if len(chosen) >= MAX_READ_REPORTS:
            break
        if report.outlet not in seen_outlets:
            seen_outlets.add(report.outlet)
            chosen.append(report.article_id)
    return chosen


def _sentences_of(report: CardReport) -> list[str]:
    from summarizers import UnsupportedLanguageError, is_content_sentence, split_sentences

    try:
        found = split_sentences(report.body or "", report.language)
    except UnsupportedLanguageError:
        found = split_sentences(report.body or "")
    return [s for s in found if is_content_sentence(s)][:_SENTENCES_PER_REPORT]


def _ranked(bodies: list[str], language: str, count: int) -> list[tuple[int, str]]:
    """(body index, sentence) most important first, through the summarizer facade."""
    from summarizers import SummarizerError, summarize_articles

    if not bodies or count <= 0:
        return []
    try:
        return [(s.article_index, s.text) for s in summarize_articles(bodies, sentences=count, language=language)]
    except SummarizerError:
        try:
            return [(s.article_index, s.text) for s in summarize_articles(bodies, sentences=count)]
        except SummarizerError:  # a story the summarizer cannot read gets a card without points
            log.warning("no key points: the summarizer refused the story's text", exc_info=True)
            return []


def build_card(story: Story, reports: Sequence[CardReport], *, more_sources: int = 0,
               summary_sentences: int = SUMMARY_SENTENCES) -> StoryCard:
    """The card of ``story`` from its reports (oldest first; those with a body are read)."""
    sources = tuple(CardSource(n, r.article_id, r.title, r.outlet, r.url, r.published_at)
                    for n, r in enumerate(reports, start=1))
    number = {s.article_id: s.number for s in sources}
    read = [r for r in reports if r.body]
    code = detect_language("\n".join(f"{r.title}\n{(r.body or '')[:600]}" for r in read) or story.title)
    texts = {r.article_id: _sentences_of(r) for r in read}
    space = SentenceSpace([t for sents in texts.values() for t in sents] + [r.title for r in reports], code)
    pool = [
        _Sentence(t, number[r.article_id], i, r.outlet, space.vector(t), frozenset(terms(t, code)))
        for r in read for i, t in enumerate(texts[r.article_id])
    ]
    core = _core_terms(pool, [r.title for r in reports] + [story.title], code)

    summary = tuple(CardLine(s.text, number.get(s.article_id, 0)) for s in story.summary[:summary_sentences])
    if not summary and read:
        ranked = _ranked([r.body or "" for r in read], read[0].language, summary_sentences)
        summary = tuple(CardLine(t, number[read[i].article_id]) for i, t in ranked)
    said = {line.text for line in summary}
    quote = _quote(read, number, core, code, said)
    perspectives = _perspectives(pool, core, said)
    key_points = _key_points(summary, read, number, space, quote, {original for _, original in perspectives})
    return StoryCard(
        id=story.id,
        title=story.title,
        summary=summary,
        key_points=key_points,
        perspectives=tuple(perspective for perspective, _ in perspectives),
        quote=quote,
        timeline=_timeline(reports, pool, number, space),
        sources=sources,
        more_sources=more_sources,
        story=story,
    )


def _core_terms(pool: Sequence[_Sentence], titles: Sequence[str], code: str | None) -> frozenset[str]:
    """Terms the story is about: used by two or more outlets, or in a title."""
    outlets_of: dict[str, set[str]] = {}
    for sentence in pool:
        for term in sentence.terms:
            outlets_of.setdefault(term, set()).add(sentence.outlet)
    shared = {term for term, outlets in outlets_of.items() if len(outlets) >= 2}
    if len({s.outlet for s in pool}) < 2:
        # One outlet: what its own sentences repeat stands in for agreement.
        counts: dict[str, int] = {}
        for sentence in pool:
            for term in sentence.terms:
                counts[term] = counts.get(term, 0) + 1
        shared = {term for term, n in counts.items() if n >= 2}
    return frozenset(shared | {t for title in titles for t in terms(title, code)})


def _key_points(summary: Sequence[CardLine], read: Sequence[CardReport], number: dict[int, int],
                space: SentenceSpace, quote: Quote | None, reserved: set[str]) -> tuple[CardLine, ...]:
    """Central sentences beyond the summary; those the quote or a perspective already shows
    (``reserved``) only when too few others are left for ``MIN_KEY_POINTS``."""
    if not read:
        return ()
    said = {line.text for line in summary}
    ranked = _ranked([r.body or "" for r in read], read[0].language, len(summary) + 3 * MAX_KEY_POINTS)

    def pick(shown_elsewhere_too: bool) -> list[CardLine]:
        taken = [space.vector(line.text) for line in summary]
        points: list[CardLine] = []
        for index, text in ranked:
            if len(points) >= MAX_KEY_POINTS:
                break
            elsewhere = text in reserved or (quote is not None and quote.text in text)
            vector = space.vector(text)
            if (text in said or not vector or (elsewhere and not shown_elsewhere_too)
                    or any(cosine(vector, t) >= REDUNDANT for t in taken)):
                continue
            taken.append(vector)
            points.append(CardLine(shorten(text), number[read[index].article_id]))
        return points

    points = pick(False)
    return tuple(points if len(points) >= MIN_KEY_POINTS else pick(True))


def _perspectives(pool: Sequence[_Sentence], core: frozenset[str],
                  said: set[str]) -> list[tuple[Perspective, str]]:
    """Each outlet's perspective, with the sentence it was shortened from."""
    outlets = sorted({s.outlet for s in pool}, key=lambda o: min(s.source for s in pool if s.outlet == o))
    if len(outlets) < 2:
        return []
    table = cosine_table([s.vector for s in pool])
    outlet_of = [s.outlet for s in pool]
    chosen: list[tuple[Perspective, str]] = []
    for outlet in outlets:
        others = [i for i, o in enumerate(outlet_of) if o != outlet]
        best: tuple[float, _Sentence] | None = None
        for index, sentence in enumerate(pool):
            if sentence.outlet != outlet or sentence.text in said or len(sentence.terms) < 4:
                continue
            on_topic = len(sentence.terms & core)
            if on_topic < 2:
                continue
            overlap = float(table[index, others].max()) if others else 0.0
            # Distinctness decides (being on topic is the gate above); earlier breaks near ties.
            score = (1.0 - overlap) / (1.0 + 0.02 * sentence.position)
            if best is None or score > best[0]:
                best = (score, sentence)
        if best is not None:
            chosen.append((Perspective(outlet, shorten(best[1].text), best[1].source), best[1].text))
    return chosen


def _quote(read: Sequence[CardReport], number: dict[int, int], core: frozenset[str],
           code: str | None, said: set[str]) -> Quote | None:
    # Compiles the speaker patterns of ten languages (~10 ms): only when a card is built.
    from news.stories.card_quotes import find_quotes

    best: tuple[float, Quote] | None = None
    for report in read:
        for candidate in find_quotes(report.body or ""):
            content = set(terms(candidate.text, code))
            if len(content) < 3:
                continue
            relevance = len(content & core) / len(content)
            named = candidate.speaker is not None and any(c.isupper() for c in candidate.speaker)
            speaker_weight = 1.5 if named else 1.2 if candidate.speaker else 1.0
            score = min(len(content), 25) * speaker_weight * (0.5 + relevance)
            if any(candidate.text in sentence for sentence in said):
                score *= 0.6  # the summary shows it already: another as good is worth more
            if best is None or score > best[0]:
                best = (score, Quote(candidate.text, candidate.speaker, number[report.article_id]))
    return best[1] if best else None


def _timeline(reports: Sequence[CardReport], pool: Sequence[_Sentence], number: dict[int, int],
              space: SentenceSpace) -> tuple[TimelineEntry, ...]:
    entries: list[TimelineEntry] = []
    first_sentence: dict[int, str] = {}
    for sentence in pool:  # in each report's order: the first content sentence is its lead
        first_sentence.setdefault(sentence.source, sentence.text)
    for report in reports:
        source = number[report.article_id]
        lead = first_sentence.get(source) or report.lead or report.title
        entries.append(TimelineEntry(report.published_at.date(), shorten(lead), source, False))
    dated: dict[int, int] = {}
    low, high = _TIMELINE_WINDOW
    report_day = {number[r.article_id]: r.published_at.date() for r in reports}
    for sentence in pool:
        day = explicit_date(sentence.text, report_day[sentence.source])
        if day is None or day == report_day[sentence.source] or dated.get(sentence.source, 0) >= _DATED_PER_REPORT:
            continue
        if not low <= (day - report_day[sentence.source]).days <= high:
            continue
        dated[sentence.source] = dated.get(sentence.source, 0) + 1
        entries.append(TimelineEntry(day, shorten(sentence.text), sentence.source, True))
    entries.sort(key=lambda e: (e.day, e.source, e.from_text))
    kept: list[tuple[TimelineEntry, dict[str, float]]] = []
    for entry in entries:
        vector = space.vector(entry.text)
        if any(k.day == entry.day and cosine(vector, v) >= REDUNDANT for k, v in kept):
            continue  # another outlet's lead of the same day, or the same phrase again
        kept.append((entry, vector))
    timeline = [entry for entry, _ in kept]
    if len(timeline) > MAX_TIMELINE:
        timeline = timeline[:1] + timeline[-(MAX_TIMELINE - 1):]
    return tuple(timeline)
