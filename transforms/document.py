"""A prepared article: its sections (title, text) split into sentences, with organisation mentions.

Extractors read a `Doc` instead of raw strings, so sentence splitting and mention finding are done
once per article and every fact can point back to its sentence and offsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cached_property

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
        return self.mentions_between(sentence.start, sentence.end)

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie between two offsets, in list order (a bisection: per-sentence lookups stay
        linear in the article's length)."""
        index = self._index
        if index is None:
            return [m for m in self.mentions if m.start >= start and m.end <= end]
        starts, ends = index
        lo, hi = bisect_left(starts, start), bisect_right(ends, end)
        return self.mentions[lo:hi] if lo < hi else []

    def mentions_starting(self, start: int, end: int) -> list[Mention]:
        """Mentions whose start lies in [start, end), in list order."""
        index = self._index
        if index is None:
            return [m for m in self.mentions if start <= m.start < end]
        starts = index[0]
        return self.mentions[bisect_left(starts, start):bisect_left(starts, end)]

    @cached_property
    def _index(self) -> tuple[list[int], list[int]] | None:
        """Starts and ends of the mentions when both are in order (find_mentions' output always is:
        left to right, non-overlapping), so a range of offsets is a slice; None otherwise."""
        starts = [m.start for m in self.mentions]
        ends = [m.end for m in self.mentions]
        if _ascending(starts) and _ascending(ends):
            return starts, ends
        return None


def _ascending(values: list[int]) -> bool:
    return all(a <= b for a, b in zip(values, values[1:], strict=False))


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
