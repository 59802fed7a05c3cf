"""Speed of sentence splitting and of split + summarize, per article.

Run on demand (not part of the test suite)::

    .venv/bin/python bench/summarize.py [../shared/data/cnndm-frank.dev.jsonl] [--repeat 5]
        [--sentences 3] [--methods news,lead,lexrank]

The machine is shared and noisy, so besides milliseconds every figure is given as a ratio
to sumy's LexRank with our splitter, measured in the same run: ratios are what to compare
across runs. Each figure is the best of ``--repeat`` passes over the corpus (the least
disturbed one), after a warm-up pass that loads stemmers and stop words.

Two corpora: the dataset's articles as they are, and every article of at least 560 words
cut to its first 560 words (the budget: split + summarize with the default method <= 1.5 ms
for such an article, reported with its ratio to LexRank on the last line).
Without the data file, the seed articles in examples/ are used.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizers import DEFAULT_METHOD, METHODS, split_sentences, summarize

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cnndm-frank.dev.jsonl"
WORDS = 560
BUDGET_MS = 1.5


def load_articles(path: Path) -> list[str]:
    """Article texts of a JSON-lines evaluation set, or the seeds when it is missing."""
    if not path.is_file():
        print(f"note: {path} not found, using examples/*.txt", file=sys.stderr)
        return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    articles: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            articles.extend(row["articles"] if "articles" in row else [row["text"]])
    return articles


def best_ms_per_item(func: Callable[[str], object], items: Sequence[str], repeat: int) -> float:
    """Best (least disturbed) mean milliseconds per item over ``repeat`` passes."""
    for item in items:  # warm-up: stemmer caches, stop words, pycountry, numpy
        func(item)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            func(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1000


def pysbd_splitter() -> Callable[[str], object] | None:
    """pysbd's segmenter if installed (comparison only; not a dependency)."""
    try:
        import pysbd  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: segmenter.segment(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated")
    args = parser.parse_args(argv)
    methods = [m for m in METHODS if m in args.methods.split(",")]
    for required in (DEFAULT_METHOD, "lexrank"):  # the budget and the reference
        if required not in methods:
            methods.append(required)

    articles = load_articles(Path(args.data))
    cut = [" ".join(a.split()[:WORDS]) for a in articles if len(a.split()) >= WORDS]
    corpora = {"dataset": articles, f"{WORDS}w": cut or articles}
    mean_words = {name: sum(len(a.split()) for a in c) / len(c) for name, c in corpora.items()}

    rows: dict[str, dict[str, float]] = {}
    jobs: dict[str, Callable[[str], object]] = {"split (ours)": split_sentences}
    other = pysbd_splitter()
    if other is not None:
        jobs["split (pysbd)"] = other
    for method in methods:
        jobs[f"split+{method}"] = functools.partial(
            summarize, method=method, sentences=args.sentences
        )
    for name, func in jobs.items():
        rows[name] = {c: best_ms_per_item(func, items, args.repeat) for c, items in corpora.items()}

    reference = rows["split+lexrank"]
    print(f"data: {args.data}")
    for name, items in corpora.items():
        print(f"  {name}: {len(items)} articles, {mean_words[name]:.0f} words on average")
    header = "".join(f" | {c} ms | x lexrank" for c in corpora)
    print(f"\n| job{header} |")
    print("|---" + "|---:|---:" * len(corpora) + "|")
    for name, per_corpus in rows.items():
        cells = "".join(
            f" | {per_corpus[c]:.3f} | {per_corpus[c] / reference[c]:.3f}" for c in corpora
        )
        print(f"| {name}{cells} |")
    if "split (pysbd)" in rows:
        for c in corpora:
            ratio = rows["split (pysbd)"][c] / rows["split (ours)"][c]
            print(f"\npysbd / our splitter ({c}): {ratio:.1f}x")
    default, cut_name = rows[f"split+{DEFAULT_METHOD}"], f"{WORDS}w"
    verdict = "met" if default[cut_name] <= BUDGET_MS else "MISSED"
    print(
        f"\nsplit+{DEFAULT_METHOD}, {args.sentences} sentences of a {WORDS}-word article: "
        f"{default[cut_name]:.3f} ms (budget {BUDGET_MS} ms: {verdict}), "
        f"{default[cut_name] / reference[cut_name]:.3f} x lexrank"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
