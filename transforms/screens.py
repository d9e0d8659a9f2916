"""Word screens: what a regular expression cannot match without, checked before it runs.

Python's `re` tries every alternative of a pattern at every position, so most of a sentence's cost is
patterns that could never match it. A pattern carries its `Needs`: groups of words, of which each group
must have one in the case-folded text (DIGIT stands for any digit). The folded text is made once per
text and shared by every pattern screened over it (periods, counts, cues, lexicon entries).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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
                found = known[group] = self._has_any(group)
            if not found:
                return False
        return True

    def chosen(self, needs_list: tuple[Needs, ...]) -> tuple[int, ...]:
        """The indexes of the `needs_list` entries the text meets: many patterns screened in one call, as
        screening runs for every sentence and pattern bank (a call per entry costs as much as the check).
        The group lookup is written out here and in `meets` on purpose: a shared helper method cost 3-5% of
        extraction time (alternating runs on 600 realistic pages)."""
        known = self._groups
        out = []
        for i, needs in enumerate(needs_list):
            for group in needs:
                found = known.get(group)
                if found is None:
                    found = known[group] = self._has_any(group)
                if not found:
                    break
            else:
                out.append(i)
        return tuple(out)

    def _has_any(self, group: tuple[str, ...]) -> bool:
        folded = self.folded
        for word in group:
            if word == DIGIT:
                if self.digit:
                    return True
            elif word in folded:
                return True
        return False


@lru_cache(maxsize=1024)
def screened(text: str) -> Screened:
    return Screened(text.casefold(), _DIGIT.search(text) is not None)


@dataclass(frozen=True)
class ScreenedPattern:
    """A compiled pattern with its `needs`: search, finditer and findall skip the regex on a text that lacks
    them, with the same results (a pattern that cannot match finds nothing)."""

    regex: re.Pattern[str]
    needs: Needs = ()

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos) if passes(self.needs, text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if passes(self.needs, text) else iter(())

    def findall(self, text: str) -> list[Any]:
        return self.regex.findall(text) if passes(self.needs, text) else []

    def sub(self, repl: Any, text: str) -> str:
        return self.regex.sub(repl, text) if passes(self.needs, text) else text


# How far back a pattern anchored at the end of a prefix (`...$`) is searched: none of ours spans more (a
# few words), and searching the whole prefix tried every start position, a cost quadratic in a long
# sentence when it runs once per figure or period.
ENDING_WINDOW = 120


def ending_at(rx: re.Pattern[str] | ScreenedPattern, text: str, end: int) -> re.Match[str] | None:
    """`rx` (anchored with `$`) matched on `text[:end]`, ending at `end`: the same match as searching the
    whole prefix, looked for only in the ENDING_WINDOW characters before `end`."""
    return rx.search(text, max(0, end - ENDING_WINDOW), end)


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
        self.needs = tuple(needs for _, needs in self.pieces)
        self.flags = flags
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}

    def finditer(self, text: str, chosen: tuple[int, ...] | None = None) -> Iterator[re.Match[str]]:
        """Matches in `text`; `chosen`, when given, is what screened(text).chosen(self.needs) returns (a
        caller screening several alternations at once)."""
        if chosen is None:
            chosen = screened(text).chosen(self.needs)
        if not chosen:
            return iter(())
        rx = self._compiled.get(chosen)
        if rx is None:
            rx = self._compiled[chosen] = re.compile("|".join(self.pieces[i][0] for i in chosen), self.flags)
        return rx.finditer(text)

    def whole(self) -> re.Pattern[str]:
        """All pieces as one regex: what finditer must agree with (tests)."""
        return re.compile("|".join(p for p, _ in self.pieces), self.flags)
