"""Build sumy's document model straight from our splitter.

Faster than ``PlaintextParser`` (no second pass over lines, no heading detection that
mistakes upper-case sidebar titles for headings) and it lets us do two things sumy cannot:

* drop non-content sentences (``is_content_sentence``) *before* any algorithm sees them,
  so no method, sumy's included, can choose a sidebar headline or a byline;
* remember where each kept sentence came from (article, position among all sentences,
  rank among content sentences), which the lead baseline, our position prior and the
  multi-article summary need. Sentence order in the model is article order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from .content import is_content_sentence
from .splitter import split_paragraphs, split_sentences
from .tokenizer import NewsTokenizer

__all__ = ["NewsSentence", "build_document", "tokenizer_for"]


class NewsSentence(Sentence):  # type: ignore[misc]  # sumy is untyped
    """A sumy ``Sentence`` that knows its source article and position."""

    __slots__ = ("article", "position", "rank")

    def __init__(
        self, text: str, tokenizer: NewsTokenizer, *, article: int, position: int, rank: int
    ) -> None:
        super().__init__(text, tokenizer)
        self.article = article
        self.position = position  # among all sentences of the article, furniture included
        self.rank = rank  # among the content sentences of the article

    @property
    def text(self) -> str:
        """The verbatim sentence."""
        return str(self._text)


@cache
def tokenizer_for(language: str) -> NewsTokenizer:
    """One shared (stateless) tokenizer per language."""
    return NewsTokenizer(language)


def build_document(
    articles: Sequence[str], language: str, *, max_sentences: int | None = None
) -> ObjectDocumentModel:
    """Sumy document of the content sentences of ``articles``, in order.

    Exact repeats are kept once (captions often repeat a body sentence word for word,
    and syndicated articles share paragraphs). ``max_sentences`` keeps only the first
    content sentences, for algorithms that are quadratic in pure Python.
    """
    tokenizer = tokenizer_for(language)
    seen: set[str] = set()
    paragraphs: list[Paragraph] = []
    kept = 0
    for article_index, text in enumerate(articles):
        position = rank = 0
        for paragraph_text in split_paragraphs(text):
            sentences: list[NewsSentence] = []
            for sentence in split_sentences(paragraph_text, language):
                position += 1
                if sentence in seen or not is_content_sentence(sentence):
                    continue
                if max_sentences is not None and kept >= max_sentences:
                    break
                seen.add(sentence)
                sentences.append(
                    NewsSentence(
                        sentence,
                        tokenizer,
                        article=article_index,
                        position=position - 1,
                        rank=rank,
                    )
                )
                rank += 1
                kept += 1
            if sentences:
                paragraphs.append(Paragraph(sentences))
    return ObjectDocumentModel(paragraphs)
