"""Turning files (and, via news.feeds, feeds and pages) into ArticleDrafts."""

from __future__ import annotations

from news.ingest.files import FileProblem, drafts_from_file, iter_article_files

__all__ = ["FileProblem", "drafts_from_file", "iter_article_files"]
