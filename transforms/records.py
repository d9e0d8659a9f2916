"""Records that cross module boundaries: pages, articles, skips, mentions and facts.

Every stage of the pipeline speaks in these small typed classes, so a function's signature tells
where its data comes from and where it goes. They are plain dataclasses: no I/O, no framework.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RawPage:
    """One fetched page as the spider landed it (body undecoded: bytes exactly as served)."""

    page_id: str  # stable id: sha1 of the requested URL
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    source: str


@dataclass(frozen=True)
class Article:
    """A page that trafilatura turned into an article."""

    id: str
    url: str
    canonical_url: str
    title: str | None
    author: str | None
    published: date | None
    language: str | None
    sitename: str | None
    text: str
    content_hash: str  # exact-duplicate key over normalised text
    simhash: int  # near-duplicate fingerprint (64 bit, unsigned)
    text_cut: str | None = None  # why `text` stops short of the page's ("text_over_1000000_chars:4200000")
    minhash: tuple[int, ...] = ()  # bottom-k MinHash sketch of the text's shingles (transforms.dedupe.sketch)

    def to_contract(self) -> dict[str, Any]:
        """The `autofacts clean` output line (and `autofacts extract` input line)."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True)
class Skip:
    """A page set aside, with a short machine-readable reason and a human detail."""

    id: str
    url: str
    reason: str  # e.g. "not_article:too_short", "http_500", "undecodable", "duplicate_of:<id>"
    detail: str = ""

    def to_contract(self) -> dict[str, Any]:
        return {"id": self.id, "skipped": self.reason}


@dataclass(frozen=True)
class Sentence:
    """A sentence with character offsets into the text it was split from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Company:
    """One canonical organisation from the curated table (transforms/data/companies.csv)."""

    id: str  # slug, e.g. "anhui-jianghuai"
    name: str  # canonical display name, e.g. "Anhui Jianghuai Automobile Group"
    kind: str  # automaker | brand | battery | supplier | tech | joint_venture | other
    country: str | None = None
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """An organisation named in a text, resolved to a company or left unresolved."""

    text: str  # as written
    start: int  # offsets into the text searched
    end: int
    name: str  # canonical name when resolved, else a normalised form of `text`
    company_id: str | None  # None: not in the table (unresolved, kept so new players are not lost)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and its offsets in the article's `section`."""

    sentence: str
    start: int
    end: int
    section: str = "text"  # "text" or "title"


@dataclass(frozen=True)
class PartnershipFact:
    """Two named organisations that cooperate, as one article states it."""

    company_a: str
    company_b: str
    company_a_id: str | None
    company_b_id: str | None
    kind: str | None  # joint_venture | co_development | manufacturing | supply | licensing |
    #                   investment | alliance | mou | partnership
    status: str  # active | talks | ended
    brand: str | None
    evidence: Evidence
    confidence: float = 1.0  # calibrated probability that the text states this pair (transforms/scorer.py)
    stated: bool = True  # confidence at or above the scorer's threshold; False: kept for review only

    def to_contract(self) -> dict[str, Any]:
        return {
            "companies": [self.company_a, self.company_b],
            "status": self.status,
            "kind": self.kind,
            "brand": self.brand,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.sentence,
            "start": self.evidence.start,
            "end": self.evidence.end,
            "section": self.evidence.section,
        }


@dataclass(frozen=True)
class SaleFact:
    """Units of vehicles a named company or brand sold in a period."""

    entity: str
    entity_id: str | None
    brand: str | None
    model: str | None
    units: int
    approximate: bool
    metric: str  # sold | delivered | registered | retailed | wholesaled
    period_start: date
    period_end: date
    region: str | None
    evidence: Evidence
    optional_comparison: bool = False  # a comparison figure for an earlier period
    segment: str = "total"  # what the figure covers: total | bev | phev | nev | hybrid | passenger | ...
    proposed: str | None = None  # set when the broad proposer made it: where its seller came from
    confidence: float = 1.0  # calibrated probability that the text states this figure as this sale
    stated: bool = True  # confidence at or above the scorer's threshold; False: kept for review only

    def to_contract(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "brand": self.brand,
            "model": self.model,
            "units": self.units,
            "approximate": self.approximate,
            "metric": self.metric,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "region": self.region,
            "segment": self.segment,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.sentence,
            "start": self.evidence.start,
            "end": self.evidence.end,
            "section": self.evidence.section,
        }


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article, by one extractor version."""

    id: str
    extractor_version: str
    partnerships: list[PartnershipFact] = field(default_factory=list)
    sales: list[SaleFact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # all organisation mentions seen

    def to_contract(self) -> dict[str, Any]:
        """The `autofacts extract` output line, per ../shared/eval/FACTS.md: the stated facts only."""
        return {
            "id": self.id,
            "partnerships": [p.to_contract() for p in self.partnerships if p.stated],
            "sales": [s.to_contract() for s in self.sales if s.stated],
        }


def as_dict(record: Any) -> dict[str, Any]:
    """A dataclass record as a plain dict (for Arrow tables and JSON)."""
    return asdict(record)
