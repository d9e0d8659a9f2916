"""Sales facts (STUB: returns nothing until the real extractor lands)."""

from __future__ import annotations

from transforms.document import Doc
from transforms.records import SaleFact


def extract_sales(doc: Doc) -> list[SaleFact]:
    """Units of vehicles a named company or brand sold in a period, one fact per figure."""
    return []
