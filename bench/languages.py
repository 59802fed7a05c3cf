"""Languages benchmark: sentence splitting and language identification, run on demand.

    .venv/bin/python bench/languages.py [--data ../shared/data] [--repeat 5]

1. Splitting speed: our splitter against pysbd on the CNN/DM dev articles cut to 560 words
   (the summarizer's budget article), in the same run; pysbd is not a dependency
   (``.venv/bin/pip install pysbd`` for this bench).
2. Russian: our splitter against razdel (``pip install razdel``, not a dependency) on the
   Russian cases of our boundary test set (tests/summarizers/boundaries_scripts.py): cases
   right, and microseconds per case.
3. Language identification: the stop-word rule against py3langid (``summarizers.detection``)
   on every case of the boundary set as a paragraph and its first sentence as a headline-sized
   text, in all supported languages, plus the CNN/DM dev articles (English): accuracy and
   microseconds per text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "summarizers"))

from boundaries_en import ENGLISH, Case
from boundaries_north import NORTH
from boundaries_romance import ROMANCE
from boundaries_scripts import SCRIPTS

from summarizers import split_sentences
from summarizers.detection import by_model, by_stop_words

WORDS = 560


def best_us(func: Callable[[str], object], items: Sequence[str], repeat: int) -> float:
    """Best (least disturbed) mean microseconds per item over ``repeat`` passes, after a warm-up."""
    for item in items:
        func(item)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            func(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1e6


def cnndm(data: Path) -> list[str]:
    path = data / "cnndm-frank.dev.jsonl"
    if not path.is_file():
        print(f"note: {path} not found; CNN/DM figures skipped", file=sys.stderr)
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["text"] for row in rows if "text" in row]


def splitting(articles: list[str], repeat: int) -> None:
    cut = [" ".join(a.split()[:WORDS]) for a in articles if len(a.split()) >= WORDS]
    if not cut:
        return
    ours = best_us(split_sentences, cut, repeat)
    print(f"\n## Splitting {len(cut)} CNN/DM articles cut to {WORDS} words\n")
    print("| splitter | µs/article | x ours |\n|---|---:|---:|")
    print(f"| ours | {ours:.0f} | 1.0 |")
    try:
        import pysbd  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        print("| pysbd | not installed | |")
        return
    segmenter = pysbd.Segmenter(language="en", clean=False)
    theirs = best_us(segmenter.segment, cut, max(1, repeat // 2))
    print(f"| pysbd | {theirs:.0f} | {theirs / ours:.1f} |")


def russian(repeat: int) -> None:
    cases: list[Case] = SCRIPTS["russian"]
    texts = [c.text for c in cases]
    ours_right = sum(split_sentences(c.text, "russian") == list(c.sentences) for c in cases)
    ours = best_us(lambda t: split_sentences(t, "russian"), texts, repeat)
    print(f"\n## Russian: {len(cases)} boundary cases\n")
    print("| splitter | right | µs/case |\n|---|---:|---:|")
    print(f"| ours | {ours_right}/{len(cases)} | {ours:.1f} |")
    try:
        import razdel  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        print("| razdel | not installed | |")
        return

    def by_razdel(text: str) -> list[str]:
        return [s.text for s in razdel.sentenize(text)]

    right = sum(by_razdel(c.text) == list(c.sentences) for c in cases)
    print(f"| razdel | {right}/{len(cases)} | {best_us(by_razdel, texts, repeat):.1f} |")
    for c in cases:
        if by_razdel(c.text) != list(c.sentences):
            print(f"  razdel miss: {by_razdel(c.text)}")


def identification(articles: list[str], repeat: int) -> None:
    sets: dict[str, list[Case]] = {"english": ENGLISH, **ROMANCE, **NORTH, **SCRIPTS}
    samples: dict[str, list[tuple[str, str]]] = {
        "paragraph (2 sentences)": [(lang, c.text) for lang, cs in sets.items() for c in cs],
        "headline (1 sentence)": [(lang, c.sentences[0]) for lang, cs in sets.items() for c in cs],
        "CNN/DM article": [("english", a) for a in articles],
    }
    rules: dict[str, Callable[[str], str | None]] = {
        "stop words": lambda t: by_stop_words(t) or "english",
        "py3langid": lambda t: by_model(t) or "english",
    }
    print("\n## Language identification (17 languages)\n")
    print("| texts | n | " + " | ".join(f"{r} right | {r} µs" for r in rules) + " |")
    print("|---|---:|" + "---:|---:|" * len(rules))
    for name, items in samples.items():
        if not items:
            continue
        cells = []
        for rule in rules.values():
            right = sum(rule(text) == lang for lang, text in items)
            micro = best_us(rule, [t for _, t in items], repeat)
            cells.append(f"{right / len(items):.1%} | {micro:.0f}")
        print(f"| {name} | {len(items)} | " + " | ".join(cells) + " |")
    print("\nPer language, headlines (stop words / py3langid):")
    for lang, cs in sets.items():
        heads = [c.sentences[0] for c in cs]
        a, b = (sum(rule(h) == lang for h in heads) for rule in rules.values())
        print(f"  {lang}: {a}/{len(heads)} / {b}/{len(heads)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["split", "russian", "identify"])
    args = parser.parse_args(argv)
    articles = cnndm(args.data)
    if args.only in (None, "split"):
        splitting(articles, args.repeat)
    if args.only in (None, "russian"):
        russian(args.repeat)
    if args.only in (None, "identify"):
        identification(articles, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
