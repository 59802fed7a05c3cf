"""The registry: method names cost no NLP import, and summarizing is safe in worker threads."""

from __future__ import annotations

import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from summarizers import summarize

ROOT = Path(__file__).resolve().parents[2]
# Fewer distinct words than sentences: sumy's LSA warns on such a document.
SHORT = " ".join([
    "The rain falls on the town again.", "Again the rain falls on the town.",
    "On the town the rain falls again.", "The town has rain that falls again.",
    "Rain falls again and again on the town.", "And the rain falls on the town again.",
])


def test_listing_methods_and_reading_settings_load_no_nlp_library() -> None:
    # A fresh interpreter: what `newsbrief --help`, `ask` and an idle bot import at start-up.
    code = ("import sys, summarizers, config, news; summarizers.available_methods(); config.load_settings();"
            "print(sorted(m for m in ('nltk', 'scipy', 'sumy.summarizers', 'trafilatura', 'matplotlib')"
            " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_sumy_lsa_would_warn_on_the_short_document() -> None:
    from sumy.summarizers.lsa import LsaSummarizer

    from summarizers.document import build_document
    from summarizers.languages import stemmer_for, stop_words_for

    lsa = LsaSummarizer(stemmer_for("english"))
    lsa.stop_words = stop_words_for("english")
    with pytest.warns(UserWarning, match="lower than number of sentences"):
        lsa(build_document([SHORT], "english"), 2)


def test_lsa_in_many_threads_warns_nothing_and_leaves_the_warning_filters_alone() -> None:
    before = list(warnings.filters)
    start = threading.Barrier(8)
    results: list[list[str]] = []
    failures: list[BaseException] = []

    def work() -> None:
        start.wait()
        try:
            for _ in range(20):
                results.append(summarize(SHORT, method="lsa", sentences=2))
        except BaseException as exc:  # a warning is an error here, as in the whole suite
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(results) == 160 and all(len(r) == 2 and all(s in SHORT for s in r) for r in results)
    assert list(warnings.filters) == before
