"""Cue lexicons kept as data (transforms/data/lexicon.toml), compiled once into regular expressions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    """Named cue patterns: `pattern(name)` is the compiled alternation of that entry's expressions."""

    patterns: dict[str, re.Pattern[str]]

    def pattern(self, name: str) -> re.Pattern[str]:
        return self.patterns[name]


def parse_lexicon(text: str) -> Lexicon:
    """A Lexicon from TOML text: tables of lists of regular expressions, matched as whole words except in
    the table [raw]; other table names only group entries."""
    data = tomllib.loads(text)
    out: dict[str, re.Pattern[str]] = {}
    for table, entries in data.items():
        for name, exprs in entries.items():
            if name in out:
                raise ValueError(f"lexicon entry {name!r} defined twice")
            body = "(?:" + "|".join(exprs) + ")"
            if table != "raw":
                body = r"(?<![\w-])" + body + r"(?![\w-])"
            out[name] = re.compile(body, re.IGNORECASE)
    return Lexicon(out)


def lex(name: str) -> re.Pattern[str]:
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
