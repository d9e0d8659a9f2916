"""Organisation mentions in a text (STUB: capitalised runs; the real one uses the company table)."""

from __future__ import annotations

import re

from transforms.records import Mention

_CAPS = re.compile(r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*")


def find_mentions(text: str) -> list[Mention]:
    """Organisation mentions in `text`, left to right, with offsets into `text`."""
    return [Mention(m.group(), m.start(), m.end(), m.group(), None) for m in _CAPS.finditer(text)]
