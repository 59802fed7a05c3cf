"""HTML rendering and splitting, without Telegram."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.telegram.render import (
    esc,
    html_to_text,
    render_answer,
    split_messages,
    story_lines,
    tg_len,
)
from news.models import Answer, ArticleRef, Query, Story, StorySentence

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def _story(sentences: list[str], *, sources: int = 2, title: str = "Title <x> & y") -> Story:
    refs = tuple(ArticleRef(n, None, f"Article {n}", f"https://e.example/{n}?a=1&b=2",
                            f"Source {n}", NOW) for n in range(1, sources + 1))
    summary = tuple(StorySentence(refs[i % sources].id, s) for i, s in enumerate(sentences))
    return Story(9, title, refs, summary, NOW, NOW)


def test_story_has_title_up_to_four_sentences_and_numbered_dated_sources() -> None:
    lines = story_lines(_story(["One.", "Two.", "Three.", "Four.", "Five."]), 1)
    assert lines[0] == "<b>1. Title &lt;x&gt; &amp; y</b>"
    assert lines[1:5] == ["• One. [1]", "• Two. [2]", "• Three. [1]", "• Four. [2]"]
    assert lines[5] == ('[1] <a href="https://e.example/1?a=1&amp;b=2">Article 1</a> — '
                        "Source 1, 10 Mar 2026")
    single = story_lines(_story(["Only."], sources=1))
    assert single[1] == "• Only."  # no [n] with a single source


def test_unlisted_reports_are_counted_and_one_listed_source_still_cites() -> None:
    story = _story(["Only."], sources=1)
    crowded = Story(story.id, story.title, story.articles, story.summary, NOW, NOW, more_sources=41)
    lines = story_lines(crowded)
    assert lines[1] == "• Only. [1]"  # one of 42 reports: the citation says which
    assert lines[-1] == "… and 41 more reports"
    assert not any("more report" in line for line in story_lines(story))


def test_non_http_links_are_not_linked() -> None:
    story = _story(["S."], sources=1)
    bad = Story(1, "T", (ArticleRef(1, None, "A", "javascript:alert(1)", "S", NOW),),
                story.summary, NOW, NOW)
    assert "href" not in "\n".join(story_lines(bad))


def test_split_keeps_stories_whole_when_they_fit_and_cuts_long_ones_between_lines() -> None:
    blocks = [["a" * 1000], ["b" * 2100], ["c" * 2100], ["d" * 100]]
    assert [len(m) for m in split_messages(blocks)] == [1000 + 2 + 2100, 2100 + 2 + 100]
    huge = [f"line {i} " + "x" * 1000 for i in range(10)]
    parts = split_messages([huge])
    assert all(tg_len(p) < 4096 for p in parts) and len(parts) == 3
    assert "\n".join(parts) == "\n".join(huge)


def test_one_enormous_sentence_is_cut_into_valid_lines() -> None:
    sentence = "Word & <tag> " * 1200  # ~15,600 characters, no sentence end inside
    messages = render_answer(Answer(Query("q", "q", None), [_story([sentence])]))
    assert len(messages) >= 4 and all(tg_len(m) < 4096 for m in messages)
    assert "<tag>" not in "".join(messages)
    text = " ".join(html_to_text(m) for m in messages)
    assert text.count("Word & <tag>") == 1200


def test_emoji_count_double_for_telegram() -> None:
    assert tg_len("😀") == 2 and tg_len("a") == 1


def test_html_to_text_keeps_links_and_unescapes() -> None:
    assert html_to_text('<b>A &amp; B</b> <a href="https://x.example/?a=1&amp;b=2">L</a>') == (
        "A & B L (https://x.example/?a=1&b=2)")
    assert esc("<b>&") == "&lt;b&gt;&amp;"
