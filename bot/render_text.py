"""Answers as plain text, for the terminal (CLI `ask`, console chat) and as Telegram's fallback."""

from __future__ import annotations

from datetime import datetime

from news.models import Answer, Story

__all__ = ["format_date", "render_answer_text", "render_story_text"]


def format_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def render_story_text(story: Story, number: int | None = None) -> str:
    head = f"{number}. {story.title}" if number is not None else story.title
    lines = [head]
    many_sources = len(story.articles) > 1
    for sentence in story.summary:
        cite = f" [{story.source_number(sentence.article_id)}]" if many_sources else ""
        lines.append(f"   • {sentence.text}{cite}")
    lines.append("   Sources:")
    for index, article in enumerate(story.articles, start=1):
        where = f" {article.url}" if article.url else ""
        lines.append(f"   [{index}] {article.source}, {format_date(article.published_at)}: {article.title}{where}")
    return "\n".join(lines)


def render_answer_text(answer: Answer) -> str:
    parts = []
    if answer.note:
        parts.append(answer.note)
    elif answer.stories:
        period = answer.query.period_label
        parts.append(f"What's new on {answer.query.topic}" + (f" ({period})" if period else "") + ":")
    parts.extend(render_story_text(story, n) for n, story in enumerate(answer.stories, start=1))
    return "\n\n".join(parts)
