"""Counts written in news text ("80,000", "1.2 million", "6.619", "2,45,000", "about 204,000", "six million").

Sales figures come in English, European and Indian notation, with scale words and hedges; this module turns
each into an integer plus an `approximate` flag, and finds them in a sentence with offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.screens import DIGIT, ending_at, passes, screened
from transforms.text import unemphasised

_WORD_VALUES = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "none": 0,
}
_SCALES = {
    "thousand": 1_000, "k": 1_000,
    "million": 1_000_000, "millions": 1_000_000, "mln": 1_000_000, "mn": 1_000_000, "m": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000,
}
# Hedges that make a figure approximate.
HEDGE = (
    r"about|around|approximately|approx\.?|roughly|some|nearly|almost|close\s+to|an\s+estimated|"
    r"estimated|more\s+than|over|just\s+over|just\s+under|just\s+above|just\s+below|well\s+over|well\s+above|"
    r"well\s+below|slightly\s+(?:more\s+than|over|above|below|less\s+than)|a\s+little\s+(?:over|under)|above|"
    r"below|less\s+than|under|at\s+least|upwards\s+of|upward\s+of|"
    r"in\s+excess\s+of|circa|~"
)
_DIGITS = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])"  # 2,45,000 / 1,21,50,000 (Indian lakh and crore grouping)
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 80,000 / 1,118,509
    r"|\d{1,3}(?:\.\d{3})+(?![\d,])"  # 6.619 / 1.118.509 (European thousands)
    r"|\d{1,3}(?:\u00a0|\u202f| )\d{3}(?!\d)(?:(?:\u00a0|\u202f| )\d{3}(?!\d))*"  # 80 000 (thin space)
    r"|\d+(?:\.\d+)?"
)
_NUMBER_WORDS = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_SCALE_RE = r"thousand|millions?|mln|mn|bln|billion|bn|m|k"

_DIGITS_FIGURE = rf"(?P<digits>{_DIGITS})(?:\s?(?P<scale>{_SCALE_RE})\b)?"
_WORDS_FIGURE = (rf"(?P<words>{_NUMBER_WORDS}(?:[\s-]+{_NUMBER_WORDS})*)"
                 r"\s+(?P<wscale>thousand|million|billion)\b")
_NONE_FIGURE = r"\b(?P<none>none)\b"
_NEVER_WORDS, _NEVER_NONE = "(?P<words>(?!))(?P<wscale>(?!))", "(?P<none>(?!))"  # same groups, no match
NUMBER_RE = re.compile(rf"(?:(?P<hedge>{HEDGE})\s+)?(?:{_DIGITS_FIGURE}|{_WORDS_FIGURE}|{_NONE_FIGURE})",
                       re.IGNORECASE)
# The same figures without the optional hedge in front, which Python's engine would try at every position
# of a sentence (some 40 alternatives): find_numbers reads the hedge back from the words before a figure.
# A written-out figure needs a scale word and "none" the word itself: a text without them runs the
# pattern without those branches (the same matches; they would cost a try at every "a", "one", ...).
_FIGURE_RES = {
    (words, none): re.compile(rf"(?:{_DIGITS_FIGURE}|{_WORDS_FIGURE if words else _NEVER_WORDS}|"
                              rf"{_NONE_FIGURE if none else _NEVER_NONE})", re.IGNORECASE)
    for words in (False, True) for none in (False, True)
}
_HEDGE_BEFORE = re.compile(rf"(?:{HEDGE})\s+\Z", re.IGNORECASE)


# A count needs a digit or one of these words (written-out counts end in a scale word).
_COUNT_NEEDS = ((DIGIT, "thousand", "million", "billion", "none"),)
_SCALE_WORDS, _NONE_WORD = (("thousand", "million", "billion"),), (("none",),)

_HEDGE_TAIL = re.compile(r"(?:(?<![\w-])(?:" + HEDGE + r")\s+)+$", re.I)


def without_hedge(before: str) -> str:
    """The text before a figure without the hedge words that belong to the figure ("more than ")."""
    m = ending_at(_HEDGE_TAIL, before, len(before))
    return before[:m.start()] + before[m.end():] if m else before


@dataclass(frozen=True)
class ParsedNumber:
    """An integer count and whether the text hedged it ("about", "more than")."""

    value: int
    approximate: bool


@dataclass(frozen=True)
class NumberSpan:
    """A count found in a text: its value, hedge, offsets of the digits/words, and what scaled it."""

    value: int
    approximate: bool
    start: int  # start of the figure itself (after any hedge word)
    end: int
    text: str
    scaled: bool  # a scale word ("million") was attached
    decimal: bool  # written with a decimal fraction and no scale word ("17.8")


def _digits_value(raw: str, scale: str | None) -> tuple[float, bool]:
    """Numeric value of a digit string; second item is True when a plain decimal fraction was seen."""
    s = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in s:
        return float(s.replace(",", "")), False
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s) and not scale and not s.startswith("0"):
        return float(s.replace(".", "")), False  # European thousands separator
    return float(s), "." in s and not scale


def _words_value(words: str) -> int | None:
    total = 0
    for w in re.split(r"[\s-]+", words.lower()):
        if w not in _WORD_VALUES:
            return None
        v = _WORD_VALUES[w]
        if v == 100:
            total = max(total, 1) * 100
        else:
            total += v
    return total


def _span_from_match(m: re.Match[str], approximate: bool | None = None) -> NumberSpan | None:
    """The count of a NUMBER_RE match (or a _FIGURE_RE match with its hedge's presence given)."""
    if approximate is None:
        approximate = bool(m.group("hedge"))
    if m.group("none"):
        return NumberSpan(0, approximate, m.start("none"), m.end("none"), m.group("none"), False, False)
    if m.group("digits"):
        scale = m.group("scale")
        if scale and scale in ("m", "k") and m.group(0)[m.end("digits") - m.start(0):].startswith(" "):
            scale = None  # "5 m" (metres) / "3 k" are not scale words; "1.2m" and "80k" are
        value, decimal = _digits_value(m.group("digits"), scale)
        mult = _SCALES.get(scale.lower(), 1) if scale else 1
        end = m.end("scale") if scale else m.end("digits")
        return NumberSpan(round(value * mult), approximate, m.start("digits"), end,
                          m.string[m.start("digits"):end], bool(scale), decimal)
    base = _words_value(m.group("words"))
    if base is None:
        return None
    value = base * _SCALES[m.group("wscale").lower()]
    return NumberSpan(value, approximate, m.start("words"), m.end("wscale"),
                      m.string[m.start("words"):m.end("wscale")], True, False)


def find_numbers(text: str) -> list[NumberSpan]:
    """Every count in `text`, left to right (years, percentages and the like are the caller's call)."""
    return list(_numbers(unemphasised(text)))  # "with _87_ units"


@lru_cache(maxsize=1024)
def _numbers(text: str) -> tuple[NumberSpan, ...]:
    """find_numbers, memoised: the sales readers and the candidate builder read the same sentences."""
    if not passes(_COUNT_NEEDS, text):
        return ()  # no digit, no "million", no "none": no count (most sentences of a story)
    screen = screened(text)
    figure_re = _FIGURE_RES[screen.meets(_SCALE_WORDS), screen.meets(_NONE_WORD)]
    out = []
    pos = 0  # where the scan goes on: after the previous match, as NUMBER_RE.finditer would
    while (m := figure_re.search(text, pos)) is not None:
        if m.group("digits"):
            # digits never sit inside a hedge, so NUMBER_RE's match is this one, with the hedge before it
            start = _hedge_start(text, m.start(), pos)
            hedged = start is not None
        else:
            # a written-out figure can start inside a hedge ("more th|an a million"): NUMBER_RE decides
            m = NUMBER_RE.search(text, pos)
            assert m is not None  # it matches where _FIGURE_RE does, if nowhere earlier
            start, hedged = m.start(), bool(m.group("hedge"))
        pos = m.end()
        # Skip digits glued to letters ("XC40", "ID.4", "Q3") or within a longer token.
        s = m.start("digits") if m.group("digits") else start
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "._/"):
            continue
        if m.group("digits"):
            e = m.end("digits")
            if e < len(text) and (text[e].isalpha() and not m.group("scale")):
                continue
        span = _span_from_match(m, hedged)
        if span is not None:
            out.append(span)
    return tuple(out)


def _hedge_start(text: str, pos: int, lo: int) -> int | None:
    """Where the hedge ending in whitespace right before the figure at `pos` starts (the leftmost, as
    NUMBER_RE would match it), not before `lo`; None without one. A hedge spans at most three words, so
    the search looks back three whitespace-separated tokens."""
    j = pos
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == pos:
        return None  # a hedge is followed by whitespace
    for n in range(3):
        while j > lo and not text[j - 1].isspace():
            j -= 1
        if n < 2:
            k = j
            while k > lo and text[k - 1].isspace():
                k -= 1
            if k == j:
                break
            j = k
    m = _HEDGE_BEFORE.search(text, j, pos)
    return m.start() if m else None


def parse_number(text: str) -> ParsedNumber | None:
    """The count written in `text` ("about 1.2 million" -> 1200000, approximate); None if there is none."""
    m = NUMBER_RE.search(text.strip())
    if not m:
        return None
    span = _span_from_match(m)
    if span is None:
        return None
    return ParsedNumber(span.value, span.approximate)
