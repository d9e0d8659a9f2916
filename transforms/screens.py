"""Word screens: what a regular expression cannot match without, checked before it runs.

Python's `re` tries every alternative of a pattern at every position, so most of a sentence's cost is
patterns that could never match it. A pattern carries its `Needs`: groups of words, of which each group
must have one in the case-folded text (DIGIT stands for any digit). The folded text is made once per
text and shared by every pattern screened over it (periods, counts, cues, lexicon entries).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

DIGIT = "<digit>"
Needs = tuple[tuple[str, ...], ...]

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Screened:
    """A text as the screens read it: case-folded, and whether it holds a digit."""

    folded: str
    digit: bool
    # groups already looked up in this text: patterns share them (month names, DIGIT)
    _groups: dict[tuple[str, ...], bool] = field(default_factory=dict, compare=False, repr=False)

    def meets(self, needs: Needs) -> bool:
        """False when the text lacks every word of one group of `needs` (so the pattern cannot match)."""
        known = self._groups
        for group in needs:
            found = known.get(group)
            if found is None:
                has = self.folded.__contains__
                found = known[group] = (any(map(has, group)) if DIGIT not in group
                                        else self.digit or any(has(w) for w in group if w != DIGIT))
            if not found:
                return False
        return True


@lru_cache(maxsize=1024)
def screened(text: str) -> Screened:
    return Screened(text.casefold(), _DIGIT.search(text) is not None)


def passes(needs: Needs, text: str) -> bool:
    """False when `text` lacks every word of one group of `needs`, so the pattern cannot match; True
    otherwise (always with no needs)."""
    return not needs or screened(text).meets(needs)


class Alternatives:
    """One alternation written as screened pieces, `(regex, needs)` in order: a text runs only the pieces
    whose needs it meets, joined in their written order. A piece that cannot match anywhere in the text
    never changes what the whole alternation finds, so the matches are exactly those of all pieces joined;
    the regex run is smaller (one compiled per set of pieces met, kept)."""

    def __init__(self, pieces: list[tuple[str, Needs]], flags: int = 0) -> None:
        self.pieces = tuple(pieces)
        self.flags = flags
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        screen = screened(text)
        chosen = tuple(i for i, (_, needs) in enumerate(self.pieces) if screen.meets(needs))
        if not chosen:
            return iter(())
        rx = self._compiled.get(chosen)
        if rx is None:
            rx = self._compiled[chosen] = re.compile("|".join(self.pieces[i][0] for i in chosen), self.flags)
        return rx.finditer(text)

    def whole(self) -> re.Pattern[str]:
        """All pieces as one regex: what finditer must agree with (tests)."""
        return re.compile("|".join(p for p, _ in self.pieces), self.flags)
