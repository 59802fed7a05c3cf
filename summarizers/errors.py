"""Exceptions raised by the summarizers package.

One small tree, so callers (the bot, the CLI) can catch the whole family or a
single case and turn it into one clear line for the user::

    SummarizerError                      base of everything raised here
    ├── UnknownMethodError               method name not in the registry (also ValueError)
    ├── UnsupportedLanguageError         no offline stemmer + stop words for it (also ValueError)
    ├── InvalidSentenceCountError        negative ``sentences`` argument (also ValueError)
    └── EvaluationDataError              evaluation file missing, unreadable or malformed

Every message says what is accepted, so the fix is in the message.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "EvaluationDataError",
    "InvalidSentenceCountError",
    "SummarizerError",
    "UnknownMethodError",
    "UnsupportedLanguageError",
]


class SummarizerError(Exception):
    """Base class: catch this to handle every summarizer failure at once."""


class UnknownMethodError(SummarizerError, ValueError):
    """The requested summarization method is not registered."""

    def __init__(self, method: str, accepted: Iterable[str]) -> None:
        self.method = method
        self.accepted = tuple(accepted)
        super().__init__(
            f"unknown summarization method {method!r}; "
            f"use one of: {', '.join(self.accepted)}"
        )


class UnsupportedLanguageError(SummarizerError, ValueError):
    """No offline stemmer and stop-word list exist for the language."""

    def __init__(self, language: str, accepted: Iterable[str]) -> None:
        self.language = language
        self.accepted = tuple(accepted)
        super().__init__(
            f"unsupported language {language!r}; "
            f"use one of: {', '.join(self.accepted)} (ISO 639-1 codes such as 'en' work too)"
        )


class InvalidSentenceCountError(SummarizerError, ValueError):
    """The number of summary sentences asked for is negative."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"sentences must be 0 or more, got {count}")


class EvaluationDataError(SummarizerError):
    """An evaluation data file cannot be used; the message names the file and line."""
