"""Article → facts: the one entry point the CLI and the warehouse step call.

A pipeline of small named parts: the document is split into sentences with organisation mentions
(document.py, mentions.py); the rule readers propose facts (partnerships.py, sales.py, which use
periods.py and numbers.py); the candidate builders describe every proposal with features
(partnership_candidates.py, sale_candidates.py); the learned scorer (scorer.py) gives each a calibrated
confidence. Facts at or above the kind's threshold are stated; those between the floor and the
threshold are kept for review.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from transforms.document import Doc, prepare
from transforms.partnership_candidates import PairCandidate, candidate_fact, expand_alliances, pair_candidates
from transforms.partnerships import extract_partnerships, sentence_parties
from transforms.records import ArticleFacts, PartnershipFact, SaleFact
from transforms.sale_candidates import SaleCandidate, sale_candidates
from transforms.sale_proposals import propose_sales
from transforms.sales import extract_sales
from transforms.scorer import Model, model, scorer_version

# Bump the first part when the readers or candidate features change; the part after "+" is the
# scorer's weights. The warehouse re-extracts articles whose facts another version produced.
EXTRACTOR_VERSION = f"0.2.71+{scorer_version()}"


@dataclass(frozen=True)
class Candidates:
    """An article's prepared document and every candidate fact, before scoring."""

    doc: Doc
    pairs: list[PairCandidate]
    sales: list[SaleCandidate]


def parse_published(value: Any) -> date | None:
    """An ISO date (or datetime) string as a date; None when absent or unreadable."""
    if isinstance(value, date):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def candidates(article: dict[str, Any]) -> Candidates:
    """The candidate facts of one article dict (keys id, title, text, published, per FACTS.md)."""
    doc = prepare(
        str(article.get("id")),
        article.get("title"),
        article.get("text") or "",
        parse_published(article.get("published")),
    )
    parties = sentence_parties(doc)
    pairs = pair_candidates(doc, extract_partnerships(doc, parties), parties)
    read = extract_sales(doc)
    return Candidates(doc, pairs, sale_candidates(doc, read + propose_sales(doc, read)))


def score_pairs(cands: list[PairCandidate], m: Model) -> list[PartnershipFact]:
    """One fact per pair of companies: its best-scored sentence, kept when at or above the floor."""
    best: dict[tuple[str, str], tuple[float, PairCandidate]] = {}
    for c in cands:
        p = m.confidence(c.features)
        if c.key not in best or p > best[c.key][0]:
            best[c.key] = (p, c)
    return expand_alliances([replace(candidate_fact(c, p), stated=p >= m.threshold)
                             for p, c in best.values() if p >= m.floor])


def score_sales(cands: list[SaleCandidate], m: Model) -> list[SaleFact]:
    """Every figure's fact with its confidence, kept when at or above the floor."""
    out = []
    for c in cands:
        p = m.confidence(c.features)
        if p >= m.floor:
            out.append(replace(c.scored(p), stated=p >= m.threshold))
    return out


def forget_texts() -> None:
    """Drop the memos keyed by sentence text, so a benchmark that repeats articles measures cold texts."""
    from transforms import partnership_candidates, periods, screens, triggers

    for memo in (triggers._triggers, partnership_candidates._clause_breaks,
                 partnership_candidates._clause_features, periods._find_periods, screens.screened):
        memo.cache_clear()


def extract_article(article: dict[str, Any]) -> ArticleFacts:
    """Facts from one article dict with keys id, title, text, published (per FACTS.md)."""
    found = candidates(article)
    mentions = [m for s in found.doc.sections for m in s.mentions]
    return ArticleFacts(
        id=found.doc.id,
        extractor_version=EXTRACTOR_VERSION,
        partnerships=score_pairs(found.pairs, model("partnerships")),
        sales=score_sales(found.sales, model("sales")),
        mentions=mentions,
    )
