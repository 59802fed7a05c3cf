"""Stories: articles about one event, from any number of outlets, with one summary."""

from __future__ import annotations

from news.stories.assign import assign_stories
from news.stories.summary import refresh_story_summaries

__all__ = ["assign_stories", "refresh_story_summaries"]
