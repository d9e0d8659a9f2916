"""Cue lexicons kept as data (transforms/data/lexicon.toml), compiled once into regular expressions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from transforms.screens import ScreenedPattern

# One lexicon entry: its compiled alternation, screened by the literal words its expressions start with
# (one group; none when an expression does not start with a literal word). Most sentences lack most cues,
# and Python's regex engine tries every alternative at every position.
Cue = ScreenedPattern


@dataclass(frozen=True)
class Lexicon:
    """Named cue patterns: `pattern(name)` is that entry's Cue (the alternation of its expressions)."""

    patterns: dict[str, Cue]

    def pattern(self, name: str) -> Cue:
        return self.patterns[name]


def parse_lexicon(text: str) -> Lexicon:
    """A Lexicon from TOML text: tables of lists of regular expressions, matched as whole words except in
    the table [raw]; other table names only group entries."""
    data = tomllib.loads(text)
    out: dict[str, Cue] = {}
    for table, entries in data.items():
        for name, exprs in entries.items():
            if name in out:
                raise ValueError(f"lexicon entry {name!r} defined twice")
            body = "(?:" + "|".join(exprs) + ")"
            if table != "raw":
                body = r"(?<![\w-])" + body + r"(?![\w-])"
            prefixes = [_literal_prefix(e) for e in exprs]
            needs = (tuple(dict.fromkeys(prefixes)),) if all(prefixes) else ()
            out[name] = Cue(re.compile(body, re.IGNORECASE), needs)  # type: ignore[arg-type]
    return Lexicon(out)


_QUANTIFIERS = "?*{"
_SPECIAL = set("\\()[]{}.|^$?*+")


def _literal_prefix(expr: str) -> str | None:
    """The case-folded literal text every match of `expr` starts with ("merg" for 'merg(?:e|er)'), or
    None when it has none or holds a top-level alternation."""
    depth = 0
    for ch in expr:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            return None
    out = []
    for i, ch in enumerate(expr):
        if ch in _SPECIAL:
            break
        if i + 1 < len(expr) and expr[i + 1] in _QUANTIFIERS:
            break  # an optional last character is not required
        out.append(ch)
    return "".join(out).casefold() or None


def lex(name: str) -> Cue:
    """The packaged lexicon's pattern `name`."""
    return lexicon().pattern(name)


def bucket(value: float, edges: tuple[float, ...]) -> int:
    """Index of the first edge `value` is below (len(edges) when above all): a number as a one-hot
    feature the scorer can weigh per range."""
    for i, edge in enumerate(edges):
        if value < edge:
            return i
    return len(edges)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (transforms/data/lexicon.toml)."""
    text = resources.files("transforms").joinpath("data/lexicon.toml").read_text(encoding="utf-8")
    return parse_lexicon(text)
