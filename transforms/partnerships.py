"""Partnership facts (STUB: returns nothing until the real extractor lands)."""

from __future__ import annotations

from transforms.document import Doc
from transforms.records import PartnershipFact


def extract_partnerships(doc: Doc) -> list[PartnershipFact]:
    """Pairs of named organisations that cooperate, one fact per pair, with evidence."""
    return []
