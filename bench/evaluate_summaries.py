"""ROUGE of every method on the dev sets, as the markdown table in docs/summaries.md.

Run on demand (the data lives outside the repository)::

    .venv/bin/python bench/evaluate_summaries.py            # CNN/DM @3, BBC @8, Multi-News @9
    .venv/bin/python bench/evaluate_summaries.py --json out.json --only bbc

Each dataset is evaluated with ``summarizers.evaluation.evaluate`` (the library function the
``newsbrief eval`` command wraps); ms/doc is wall-clock on a shared machine, so compare it
within one run only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizers import METHODS
from summarizers.evaluation import EvalReport, evaluate, load_rows

DATA = ROOT.parent / "shared" / "data"
# Each set at the length of its references: CNN/DM highlights are 3-4 sentences, BBC's
# extractive references ~8, Multi-News's ~220 words (9 sentences).
RUNS = (("cnndm-frank.dev.jsonl", 3), ("bbc-news-summary.dev.jsonl", 8), ("multinews.dev.jsonl", 9))


def table(report: EvalReport) -> str:
    """Markdown table of one report, with differences to lead and to the best other method."""
    lead = report.results["lead"]
    others = [s for name, s in report.results.items() if name != report.default]
    best = max(others, key=lambda s: s.rouge1)
    lines = [
        f"**{report.dataset}** ({report.n} rows, {report.sentences} sentences)",
        "",
        "| method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | R1 vs lead | R2 vs lead | RLsum vs lead "
        "| R1 vs best other | ms/doc |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in report.results.items():
        lines.append(
            f"| {name} | {s.rouge1:.2f} | {s.rouge2:.2f} | {s.rougeLsum:.2f} "
            f"| {s.rouge1 - lead.rouge1:+.2f} | {s.rouge2 - lead.rouge2:+.2f} "
            f"| {s.rougeLsum - lead.rougeLsum:+.2f} | {s.rouge1 - best.rouge1:+.2f} "
            f"| {s.ms_per_doc:.1f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the JSON reports to this file")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--only", default="", help="run the sets whose file name contains this")
    args = parser.parse_args(argv)
    reports = []
    for name, sentences in RUNS:
        if args.only not in name:
            continue
        path = DATA / name
        if not path.is_file():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        report = evaluate(
            load_rows(path), args.methods.split(","), sentences=sentences, dataset=name
        )
        reports.append(report)
        print(table(report), end="\n\n", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps([r.to_json() for r in reports], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
