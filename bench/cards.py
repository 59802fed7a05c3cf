"""Story cards on the Multi-News dev stories: time per card and what the cards contain.

Each row of ../shared/data/multinews.dev.jsonl is one story told by 2-10 outlets; its articles
become reports of outlets "Outlet 1", "Outlet 2", … a day apart, and the card is built from
them as the service builds it (``news.stories.card.build_card``; the summary from the
summarizer facade, as stored stories have it). Reported: ms per card (mean, p95), how many
multi-outlet stories get a perspective for every outlet, how distinct those perspectives are
(their highest TF-IDF cosine to any other outlet's sentence, against the same figure for the
outlet's lead sentence as a baseline), how many cards have a quote and a named speaker, key
points and timeline entries per card. The data is read by path, never copied.

    .venv/bin/python -m bench.cards [--rows N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multinews.dev.jsonl"


def main() -> None:
    from news.models import ArticleRef, Story, StorySentence
    from news.stories.card import CardReport, build_card
    from news.stories.card_text import SentenceSpace, cosine
    from summarizers import is_content_sentence, split_sentences, summarize_articles

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=79)
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.open()][: args.rows]
    start = datetime(2026, 5, 1, 8, tzinfo=UTC)
    times: list[float] = []
    multi = every_outlet = quotes = named = described = 0
    chosen_overlap: list[float] = []
    lead_overlap: list[float] = []
    key_points: list[int] = []
    timeline: list[int] = []
    from_text = 0
    for row in rows:
        texts = [t for t in row["articles"] if t.strip()]
        reports = [CardReport(i + 1, texts[i].strip().split("\n")[0][:120], f"Outlet {i + 1}", None,
                              start + timedelta(days=i), "english", body=texts[i]) for i in range(len(texts))]
        summary = tuple(StorySentence(s.article_index + 1, s.text)
                        for s in summarize_articles(texts, sentences=3))
        refs = tuple(ArticleRef(r.article_id, None, r.title, None, r.outlet, r.published_at) for r in reports)
        story = Story(1, reports[0].title, refs[:6], summary, reports[0].published_at, reports[-1].published_at)
        if not times:
            build_card(story, reports)  # warm-up: models and caches load on first use
        began = time.perf_counter()
        card = build_card(story, reports)
        times.append((time.perf_counter() - began) * 1000)
        key_points.append(len(card.key_points))
        timeline.append(len(card.timeline))
        from_text += sum(e.from_text for e in card.timeline)
        quotes += card.quote is not None
        speaker = card.quote.speaker if card.quote is not None else None
        named += speaker is not None and any(c.isupper() for c in speaker)
        described += speaker is not None and not any(c.isupper() for c in speaker)
        if len(reports) < 2:
            continue
        multi += 1
        every_outlet += len(card.perspectives) == len(reports)
        sentences = {r.outlet: [s for s in split_sentences(r.body or "") if is_content_sentence(s)][:40]
                     for r in reports}
        space = SentenceSpace([s for group in sentences.values() for s in group], "en")
        vectors = {o: [space.vector(s) for s in group] for o, group in sentences.items()}
        for perspective in card.perspectives:
            others = [v for o, group in vectors.items() if o != perspective.outlet for v in group]
            own = sentences[perspective.outlet]
            original = next((s for s in own if s.startswith(perspective.text.rstrip("…")[:60])), perspective.text)
            chosen_overlap.append(max((cosine(space.vector(original), v) for v in others), default=0.0))
            if own:
                lead_overlap.append(max((cosine(space.vector(own[0]), v) for v in others), default=0.0))
    times.sort()
    print(f"stories: {len(rows)} ({multi} with two or more outlets)")
    print(f"ms per card: mean {statistics.mean(times):.1f}, p95 {times[int(0.95 * (len(times) - 1))]:.1f}, "
          f"max {times[-1]:.1f}")
    print(f"perspective for every outlet: {every_outlet}/{multi}")
    print(f"perspective's highest cosine to other outlets: mean {statistics.mean(chosen_overlap):.2f} "
          f"(the outlet's lead sentence: {statistics.mean(lead_overlap):.2f})")
    print(f"cards with a quote: {quotes}/{len(rows)}; its speaker named: {named}, described ('the family'): "
          f"{described}")
    print(f"key points per card: mean {statistics.mean(key_points):.1f} (min {min(key_points)}, max {max(key_points)})")
    print(f"timeline entries per card: mean {statistics.mean(timeline):.1f}; from date phrases in the text: "
          f"{from_text}")


if __name__ == "__main__":
    main()
