"""Sentence splitting with character offsets into the original text.

Handles wire copy (1987 Reuters: hard-wrapped lines, indented paragraphs), modern cleaned text
(one paragraph a line), Markdown structure (headings, list items, table rows) and the usual
abbreviation traps ("Co.", "U.S.", "Mr.", "J.D. Power", "1.2 million"). Every sentence satisfies
text[s.start:s.end] == s.text, so facts can point back at their evidence.
"""

from __future__ import annotations

import re

from transforms.records import Sentence

_HEADING = re.compile(r"#{1,6}\s")
_LIST = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_TERMINAL = tuple('.!?:;"”’)]')

# A sentence-ending candidate: terminal punctuation, optional closing quotes/brackets, whitespace, then
# something that can start a sentence (capital, digit, opening quote/bracket).
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+(?:--\s+)?[\"'“‘(\[]?[A-Z0-9])")
# A wire chronology or digest runs its items together after a double dash ("... pick-up truck. -- The state
# parent of Brilliance ..."): the dash opens the next item, and belongs to neither sentence
_ITEM_DASH = re.compile(r"\s+--(?=\s)")

# Words after which a period never ends a sentence (titles, "No. 1", "vs.").
_NEVER_END = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt st mt ft no nos vs v cf approx dept est fig figs"
    " e.g i.e jr sr messrs mme mlle".split()
)
# Words after which a period ends a sentence only if an obvious sentence starter follows.
_USUALLY_NOT_END = frozenset(
    "co corp inc ltd plc bros cos jan feb mar apr jun jul aug sep sept oct nov dec"
    " mon tue tues wed thu thur thurs fri sat sun etc al ave blvd rd intl assn dept".split()
)
# Words that, after an abbreviation, signal a new sentence after all.
_STARTERS = frozenset(
    """The A An It Its He She They We I You This That These Those There Their His Her Our In On At By For
    From But So Yet However Meanwhile Moreover Also Last Earlier Later After
    Before While When Since If As According Under Both Some Such Each Other Most Many Several Neither
    Nor What Why How Where Who Which Overall Still Then Now Today Yesterday Separately Previously
    Currently Despite Although Though Because""".split()
)


_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([\w&'-]+)")


# Underscores that open or close Markdown emphasis ("in _January_", "__Toyota__"), not those inside a word
# ("snake_case"): regexes read them as word characters, so "\bJanuary\b" would not match.
_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_+(?=\w)|(?<=\w)_+(?![A-Za-z0-9])")


def unemphasised(text: str) -> str:
    """`text` with Markdown emphasis underscores blanked: the same length, so offsets still hold."""
    return _EMPHASIS.sub(lambda m: " " * len(m.group()), text) if "_" in text else text


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, in order, each with offsets such that text[start:end] == sentence.text."""
    out: list[Sentence] = []
    for block_start, block_end, splittable in _blocks(text):
        if not splittable:
            _add(text, block_start, block_end, out)
            continue
        for start, end in _items(text, block_start, block_end):
            pos = start
            for m in _CANDIDATE.finditer(text, start, end):
                if _is_boundary(text, m.start(), m.end(), start):
                    _add(text, pos, m.end(), out)
                    dash = _ITEM_DASH.match(text, m.end(), end)
                    pos = dash.end() if dash else m.end()
            _add(text, pos, end, out)
    return out


# A bullet run into a paragraph (" * "): wire factboxes flatten their lists into one ("General Motors Corp *
# Light vehicle sales down 30 percent (272,363 units) * Market share: 19.1 percent * ..."); each bullet is an
# item of its own (transforms/sales.py reads the name before a bullet as the heading of what follows)
RUN_IN_BULLET = re.compile(r"\s+\*\s+(?=\S)")


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a block between run-in bullets (the whole block when it has none)."""
    spans, pos = [], start
    for m in RUN_IN_BULLET.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return spans


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        head = _CAPS_HEADING.match(stripped)
        if head and len(head.group(1).split()) >= 2 and re.search(r"[A-Z]{4}", head.group(1)):
            # a wire story's subheading run into its paragraph ("FACING SCRUTINY Chrysler is in talks
            # with ..."): a line of its own, so its words are not the sentence's subject or cue
            out.append(Sentence(head.group(1), s, s + len(head.group(1))))
            s += head.end()
            stripped = stripped[head.end():]
        out.append(Sentence(stripped, s, s + len(stripped)))


_CAPS_WORD = r"(?:[A-Z][A-Z'’&.-]*[A-Z]|[A-Z&])"
_CAPS_HEADING = re.compile(rf"({_CAPS_WORD}(?:[ \t]+{_CAPS_WORD})+)[ \t]+(?=[A-Z][a-z])")


_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "J.D", "e.g": the word before its last period


def _is_boundary(text: str, punct_start: int, punct_end: int, block_start: int) -> bool:
    """Whether the terminal punctuation at text[punct_start:punct_end] really ends a sentence."""
    if text[punct_start] != "." or text[punct_start:punct_end].startswith(".."):
        return True  # ! ? and ellipses end sentences
    # the word before the period (may contain inner periods: "U.S", "J.D", "e.g")
    i = punct_start
    while i > block_start and not text[i - 1].isspace() and text[i - 1] not in "(\"'“‘[<":
        i -= 1
    word = text[i:punct_start]
    nxt = _NEXT_WORD.match(text, punct_end)  # at an offset: slicing the rest of the text made this quadratic
    next_word = nxt.group(1) if nxt else ""
    starter = next_word in _STARTERS
    low = word.lower().rstrip(".")
    if low in _NEVER_END:
        return False
    if low in _USUALLY_NOT_END:
        return starter
    if _DOTTED.fullmatch(word) or (len(word) == 1 and "A" <= word <= "Z"):
        # dotted abbreviations and initials: "U.S.", "U.K.", "J.D. Power", "John F. Kennedy"
        return starter
    return True


def _kind(line: str) -> str:
    """Classify a line: blank, heading, list, table, rule (table separator) or text."""
    s = line.strip()
    if not s:
        return "blank"
    if _HEADING.match(s):
        return "heading"
    if s.startswith("|") or (s.count("|") >= 2 and s.endswith("|")):
        return "rule" if _TABLE_RULE.fullmatch(s) else "table"
    if _LIST.match(s):
        return "list"
    return "text"


def _is_wrapped(lines: list[tuple[int, int, str]]) -> bool:
    """Whether the text is hard-wrapped wire copy (short lines broken mid-sentence).

    Short lines that mostly end mid-sentence say so; so do lines that often end mid-sentence before a
    line starting in lower case, whatever their length: 2006-2008 wire copy keeps a 60-character wrap
    but runs its paragraphs together on longer lines ("... signed by year's\nend.  Industry sources have
    said China's Chery is one of the\ncompanies"), and a line break there is no paragraph either."""
    texts = [ln for _, _, ln in lines if ln.strip()]
    if len(texts) < 3:
        return False
    mid = pairs = lower = 0
    for (_, _, a), (_, _, b) in zip(lines, lines[1:], strict=False):
        if a.strip() and b.strip():
            pairs += 1
            if not a.rstrip().endswith(_TERMINAL):
                mid += 1
                lower += b.lstrip()[:1].islower()
    if lower >= 3 and lower * 5 >= pairs:
        return True
    return max(len(ln.rstrip()) for ln in texts) <= 100 and mid >= 2 and mid * 10 >= pairs * 3


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """Spans of text that no sentence crosses (paragraphs, headings, list items, table rows).

    The flag says whether the span may be split further into sentences.
    """
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body), body))
        pos += len(raw)
    wrapped = _is_wrapped(lines)
    blocks: list[tuple[int, int, bool]] = []
    cur: list[int] | None = None  # [start, end] of the open text block
    prev_line = ""
    for start, end, line in lines:
        kind = _kind(line)
        if kind == "text" and cur is not None and _continues(prev_line, line, wrapped):
            cur[1] = end
        else:
            if cur is not None:
                blocks.append((cur[0], cur[1], True))
                cur = None
            if kind == "text" or kind == "list":
                cur = [start, end]
            elif kind in ("heading", "table"):
                blocks.append((start, end, kind == "heading"))
        if kind == "list" and not wrapped and cur is not None:
            blocks.append((cur[0], cur[1], True))
            cur = None
        prev_line = line if kind != "blank" else ""
    if cur is not None:
        blocks.append((cur[0], cur[1], True))
    return blocks


def _continues(prev: str, line: str, wrapped: bool) -> bool:
    """Whether `line` continues the sentence/paragraph of the line before (a soft line break)."""
    if not prev:
        return False
    first = line.lstrip()[:1]
    if first.islower():
        return True  # nobody starts a sentence or paragraph in lower case
    if not wrapped:
        return prev.rstrip().endswith((",", "-", "–", "—")) and not line[:1].isspace()
    # wire copy: continuation lines are flush left; an indented line opens a new paragraph or table row
    return not line[:1].isspace()
