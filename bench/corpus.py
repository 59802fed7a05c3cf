"""Synthetic but realistic news corpora built from the evaluation sets in ../shared/data.

Each article mixes the lead of one real article with sentences of another from the same
category, under one of 40 outlet names, with a date spread over a year and a title varied by
outlet, so bodies are distinct (no exact or near duplicates by construction) while topics stay
coherent. The evaluation data is read by path and never copied into the repository.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OUTLETS = [f"{city} {kind}" for city in ("Northport", "Eastvale", "Riverton", "Lakeside", "Hillcrest",
                                          "Bayview", "Stonebridge", "Fairhaven")
           for kind in ("Times", "Post", "Herald", "Courier", "Ledger")]
TITLE_FORMS = ["{t}", "{t}", "{t} - {o}", "Update: {t}", "{t} (analysis)", "Live: {t}"]


def _sentences(text: str) -> list[str]:
    from summarizers import split_sentences

    return [s for s in split_sentences(text) if len(s.split()) >= 5]


def base_articles() -> list[tuple[str, str, list[str]]]:
    """(category, title, sentences) for every usable article in the evaluation sets."""
    bases: list[tuple[str, str, list[str]]] = []
    with (DATA / "bbc-news-summary.dev.jsonl").open() as rows:
        for line in rows:
            row = json.loads(line)
            bases.append((row["category"], row["title"], _sentences(row["text"])))
    with (DATA / "cnndm-frank.dev.jsonl").open() as rows:
        for line in rows:
            row = json.loads(line)
            sentences = _sentences(row["text"])
            bases.append(("cnndm", sentences[0][:90] if sentences else "News", sentences))
    with (DATA / "multinews.dev.jsonl").open() as rows:
        for line in rows:
            row = json.loads(line)
            for text in row["articles"]:
                sentences = _sentences(text)
                bases.append(("multinews", sentences[0][:90] if sentences else "News", sentences))
    return [b for b in bases if len(b[2]) >= 4]


def generate(count: int, *, seed: int = 7, days: int = 365) -> Iterator[dict[str, object]]:
    """JSONL rows (id, title, text, source, published) for `newsbrief ingest`."""
    rng = random.Random(seed)
    bases = base_articles()
    by_category: dict[str, list[int]] = {}
    for index, (category, _, _) in enumerate(bases):
        by_category.setdefault(category, []).append(index)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    # Articles arrive roughly in publication order, as from live feeds (a few hours of disorder).
    minutes_back = sorted((rng.randrange(days * 24 * 60) for _ in range(count)), reverse=True)
    for number in range(count):
        jitter = rng.randrange(-180, 180)
        category, title, sentences = bases[rng.randrange(len(bases))]
        other = bases[rng.choice(by_category[category])][2]
        lead = sentences[: rng.randint(2, min(5, len(sentences)))]
        rest = rng.sample(other, k=min(len(other), rng.randint(3, 8)))
        outlet = rng.choice(OUTLETS)
        clean_title = re.sub(r"\s+", " ", title).strip()
        yield {
            "id": f"scale-{number}",
            "title": rng.choice(TITLE_FORMS).format(t=clean_title, o=outlet),
            "text": " ".join(lead) + "\n\n" + " ".join(rest) + f"\n\nReporting by {outlet} desk {number % 97}.",
            "source": outlet,
            "published": (end - timedelta(minutes=max(minutes_back[number] + jitter, 0))).isoformat(),
        }


def topics(count: int = 50, *, seed: int = 11) -> list[str]:
    """Topic words people would ask about: frequent capitalised names in the corpus titles."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    for _, title, _ in base_articles():
        for word in re.findall(r"\b[A-Z][a-z]{3,}\b", title):
            counts[word] = counts.get(word, 0) + 1
    common = sorted(counts, key=lambda w: (-counts[w], w))[: count * 3]
    return rng.sample(common, k=min(count, len(common)))
