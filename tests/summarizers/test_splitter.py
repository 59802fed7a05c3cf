"""The sentence splitter gets the hard cases of news text right, and stays verbatim."""

from __future__ import annotations

import pytest
from summarizer_samples import FRENCH, GERMAN, SPANISH

from summarizers import NewsTokenizer, split_sentences

CASES = [
    pytest.param(
        "The U.S. economy grew 3.5 percent. Mr. Smith said so. Dr. Jones agreed.",
        ["The U.S. economy grew 3.5 percent.", "Mr. Smith said so.", "Dr. Jones agreed."],
        id="abbreviations-decimals",
    ),
    pytest.param(
        "Gov. Newsom spoke at 5 p.m. Friday. He left at 6 p.m. Police said nothing.",
        ["Gov. Newsom spoke at 5 p.m. Friday.", "He left at 6 p.m.", "Police said nothing."],
        id="times",
    ),
    pytest.param(
        "The deal closed on Aug. 1 at No. 3 on the list. Sales at Apple Inc. rose $1.2bn.",
        ["The deal closed on Aug. 1 at No. 3 on the list.", "Sales at Apple Inc. rose $1.2bn."],
        id="month-number-company",
    ),
    pytest.param(
        "Shares of Acme Inc. The company said they fell.",
        ["Shares of Acme Inc.", "The company said they fell."],
        id="abbreviation-ends-sentence",
    ),
    pytest.param(
        "J.K. Rowling met George W. Bush in St. Louis. They talked.",
        ["J.K. Rowling met George W. Bush in St. Louis.", "They talked."],
        id="initials",
    ),
    pytest.param(
        'He said "no." Then he left. "Why?" she asked. (He left early.) Then it ended.',
        ['He said "no."', "Then he left.", '"Why?" she asked.', "(He left early.)",
         "Then it ended."],
        id="quotes-brackets",
    ),
    pytest.param(
        "He said: 'I'll stop this cruise, I'll make history.' López got his wish.",
        ["He said: 'I'll stop this cruise, I'll make history.'", "López got his wish."],
        id="single-quotes",
    ),
    pytest.param(
        "Wait... The end came... and went. It was over…",
        ["Wait...", "The end came... and went.", "It was over…"],
        id="ellipses",
    ),
    pytest.param(
        "LONDON (Reuters) - Shares fell on Monday. Traders were calm.",
        ["LONDON (Reuters) - Shares fell on Monday.", "Traders were calm."],
        id="dateline",
    ),
    pytest.param(
        "Visit www.example.com/news?id=3. Or email jane.doe@example.org. Done here.",
        ["Visit www.example.com/news?id=3.", "Or email jane.doe@example.org.", "Done here."],
        id="urls-emails",
    ),
    pytest.param(
        "He lives in the U.S. The company does not. U.S. officials said so.",
        ["He lives in the U.S.", "The company does not.", "U.S. officials said so."],
        id="acronym-at-end",
    ),
    pytest.param(
        "The vote was in the U.S. Senate on Tuesday. It passed.",
        ["The vote was in the U.S. Senate on Tuesday.", "It passed."],
        id="acronym-before-name",
    ),
    pytest.param(
        "Police said the crowd left.Officials were relieved.",
        ["Police said the crowd left.", "Officials were relieved."],
        id="missing-space",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_paragraphs_and_headline_lines_never_merge() -> None:
    text = (
        "Paragraph one ends here.\n\n29 more Palestinians killed in airstrikes\n"
        "Death toll in enclave rises to 34,683\n\nParagraph two"
    )
    assert split_sentences(text) == [
        "Paragraph one ends here.",
        "29 more Palestinians killed in airstrikes",
        "Death toll in enclave rises to 34,683",
        "Paragraph two",
    ]


def test_bullet_lists_become_items() -> None:
    text = "Key points:\n- Prices rose.\n* Wages fell.\n• Rents held\n1. Numbered item here."
    assert split_sentences(text) == [
        "Key points:", "Prices rose.", "Wages fell.", "Rents held", "Numbered item here."
    ]


def test_inline_bullets_split() -> None:
    assert split_sentences("Also: • first point • second point") == [
        "Also:", "first point", "second point"
    ]


def test_hard_wrapped_lines_join() -> None:
    text = "The minister said the plan would\nbe delayed until March. Critics agreed."
    assert split_sentences(text) == [
        "The minister said the plan would\nbe delayed until March.", "Critics agreed."
    ]


def test_scroll_down_for_video_is_cut_out() -> None:
    text = "He left. Scroll down for video Ballers: they rule. Scroll down for videos of it."
    assert split_sentences(text) == [
        "He left.", "Scroll down for video", "Ballers: they rule.",
        "Scroll down for videos of it.",
    ]


def test_date_stamp_prefix_is_dropped() -> None:
    text = " date 2024-05-05 Talks ended in Cairo. Both sides blamed each other."
    assert split_sentences(text) == ["Talks ended in Cairo.", "Both sides blamed each other."]


def test_german_ordinals_and_abbreviations() -> None:
    sentences = split_sentences(GERMAN, "german")
    assert "Am 7. Mai sollen die Gespräche fortgesetzt werden, sagte ein Sprecher." in sentences
    assert any("z. B. enttäuscht" in s for s in sentences)
    assert len(sentences) == 5


def test_french_and_spanish() -> None:
    assert len(split_sentences(FRENCH, "fr")) == 5
    assert "M. Netanyahu a déclaré" in split_sentences(FRENCH, "french")[1]
    spanish = split_sentences(SPANISH, "spanish")
    assert "¿Habrá una nueva ronda de conversaciones?" in spanish
    assert spanish[1].startswith("El Sr. Netanyahu")


def test_cjk_full_stops() -> None:
    assert split_sentences("他来了。她走了！真的吗？是的") == ["他来了。", "她走了！", "真的吗？", "是的"]


@pytest.mark.parametrize("text", [p.values[0] for p in CASES] + [GERMAN, FRENCH, SPANISH])
def test_every_sentence_is_a_verbatim_substring_in_order(text: str) -> None:
    position = 0
    for sentence in split_sentences(text, "english"):
        found = text.find(sentence, position)
        assert found >= 0, sentence
        assert sentence == sentence.strip()
        position = found + len(sentence)


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_news_tokenizer_speaks_sumys_interface() -> None:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    tokenizer = NewsTokenizer("en")
    assert tokenizer.language == "english"
    assert tokenizer.to_sentences("One is here. Two is there.") == ("One is here.", "Two is there.")
    assert tokenizer.to_words("It's a well-known U.S. fact, 42 times.") == (
        "It's", "a", "well-known", "U", "S", "fact", "times"
    )
    parser = PlaintextParser.from_string("Cats purr. Dogs bark loudly. Cats sleep.", tokenizer)
    summary = LexRankSummarizer()(parser.document, 1)
    assert len(summary) == 1
