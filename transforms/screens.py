"""Word screens: what a regular expression cannot match without, checked before it runs.

Python's `re` tries every alternative of a pattern at every position, so most of a sentence's cost is
patterns that could never match it. A pattern carries its `Needs`: groups of words, of which each group
must have one in the case-folded text (DIGIT stands for any digit). The folded text is made once per
text and shared by every pattern screened over it (periods, counts, cues, lexicon entries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DIGIT = "<digit>"
Needs = tuple[tuple[str, ...], ...]

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Screened:
    """A text as the screens read it: case-folded, and whether it holds a digit."""

    folded: str
    digit: bool

    def meets(self, needs: Needs) -> bool:
        """False when the text lacks every word of one group of `needs` (so the pattern cannot match)."""
        return all(any(self.digit if word == DIGIT else word in self.folded for word in group)
                   for group in needs)


@lru_cache(maxsize=1024)
def screened(text: str) -> Screened:
    return Screened(text.casefold(), _DIGIT.search(text) is not None)


def passes(needs: Needs, text: str) -> bool:
    """False when `text` lacks every word of one group of `needs`, so the pattern cannot match; True
    otherwise (always with no needs)."""
    return not needs or screened(text).meets(needs)
