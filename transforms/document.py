"""A prepared article: its sections (title, text) split into sentences, with organisation mentions.

Extractors read a `Doc` instead of raw strings, so sentence splitting and mention finding are done
once per article and every fact can point back to its sentence and offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from transforms.mentions import find_mentions
from transforms.records import Mention, Sentence
from transforms.text import split_sentences


@dataclass(frozen=True)
class Section:
    """One part of an article ("title" or "text") with its sentences and mentions (offsets into `text`)."""

    name: str
    text: str
    sentences: list[Sentence]
    mentions: list[Mention]

    def mentions_in(self, sentence: Sentence) -> list[Mention]:
        """Mentions that lie inside `sentence`."""
        return [m for m in self.mentions if m.start >= sentence.start and m.end <= sentence.end]


@dataclass(frozen=True)
class Doc:
    """An article ready for extraction."""

    id: str
    published: date | None
    sections: list[Section]


def prepare(article_id: str, title: str | None, text: str, published: date | None) -> Doc:
    """Split title and text into sentences and find organisation mentions in each."""
    sections = []
    for name, body in (("title", title or ""), ("text", text or "")):
        if body.strip():
            sections.append(Section(name, body, split_sentences(body), find_mentions(body)))
    return Doc(article_id, published, sections)
