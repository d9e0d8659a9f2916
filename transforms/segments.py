"""What a sales figure covers (its segment), so totals and parts of a series never mix.

Read from the noun phrase after the figure ("50,000 electric cars") and the words just before it in
its clause ("EV deliveries rose to 50,000"); patterns are data (transforms/data/lexicon.toml,
[segments]). A figure with no such words is the seller's `total`.
"""

from __future__ import annotations

import re

from transforms.lexicon import lexicon

# First match wins, most specific first ("plug-in hybrids" is phev, not hybrid).
ORDER = ("phev", "bev", "nev", "hybrid", "ice", "export", "domestic", "truck", "commercial", "passenger")
_STOP = re.compile(r"[,;:()]|\s[-–—]\s|\b(?:and|but|while|whereas|compared|from|than|versus|up|down)\b", re.I)


def segment_in(text: str) -> str | None:
    """The one segment a headline speaks of ("EV sales in Norway" -> bev), else None."""
    lex = lexicon()
    found = [name for name in ORDER if name != "passenger" and lex.pattern(f"seg_{name}").search(text)]
    return found[0] if len(found) == 1 else None


def segment_of(sentence: str, start: int, end: int) -> str:
    """The segment of the figure at sentence[start:end]: one of ORDER, or "total"."""
    after = sentence[end:end + 60]
    stop = _STOP.search(after)
    after = after[:stop.start()] if stop else after
    before = sentence[max(0, start - 50):start]
    cut = [m.end() for m in _STOP.finditer(before)]
    before = before[cut[-1]:] if cut else before
    words = f"{before} {after}"
    lex = lexicon()
    for name in ORDER:
        if lex.pattern(f"seg_{name}").search(words):
            return name
    return "total"
