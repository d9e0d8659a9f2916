"""Sentence splitting with character offsets (STUB: to be replaced by the real splitter)."""

from __future__ import annotations

import re

from transforms.records import Sentence

_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, each with offsets such that text[start:end] == sentence.text."""
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _add(text, pos, m.start(), out)
        pos = m.end()
    _add(text, pos, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + chunk.index(stripped)
        out.append(Sentence(stripped, s, s + len(stripped)))
