"""Fixtures for the summarizers tests: the seed articles of examples/."""

from __future__ import annotations

import pytest
from summarizer_samples import CAIRO_SEED, GAZA_SEED


@pytest.fixture(scope="session")
def gaza_text() -> str:
    """The seed page with sidebar headlines between paragraphs."""
    return GAZA_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def cairo_text() -> str:
    """The seed page with "Details" / "Recall" section labels."""
    return CAIRO_SEED.read_text(encoding="utf-8")
