"""Sale candidates: each figure the sales reader attributed, described by features the scorer weighs.

The reader (transforms/sales.py) decides which company, period and metric a figure has; this module
describes the reading with features that hold across outlets: whether the seller is the subject of the
figure's clause, what else the clause says (production, orders, a forecast, a market total, an average,
a research firm quoted), where the period came from and how long it is. The scorer
(transforms/scorer.py) turns them into a calibrated confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from transforms.document import Doc, Section
from transforms.lexicon import bucket as _bucket
from transforms.lexicon import lex as _lex
from transforms.models import powertrain
from transforms.numbers import find_numbers
from transforms.numbers import without_hedge as core
from transforms.periods import Period, find_periods, is_fiscal
from transforms.records import SaleFact
from transforms.sales import company_scale
from transforms.segments import segment_of

_I = re.IGNORECASE
_VEHICLE_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:cars?|vehicles?|units?|trucks?|suvs?|evs?|bevs?|phevs?|nevs?|models?|"
    r"autos?|automobiles?|vans?|buses|pickups?|sedans?|motorcycles?|hybrids?|jeeps?|deliveries|sales)\b", _I)
_PRONOUN_SUBJECT = re.compile(
    r"\b(?:it|its|they|their|the\s+(?:[\w-]+\s+)?(?:company|automaker|carmaker|car\s*maker|group|firm|maker|"
    r"manufacturer|brand))\b", _I)
_SALES_TITLE = re.compile(r"\b(?:sales|sold|deliver\w*|registrations?)\b", _I)


@dataclass
class SaleCandidate:
    """One sale fact the reader made, with the features the scorer needs."""

    fact: SaleFact
    features: dict[str, float] = field(default_factory=dict)
    segment: str = "total"

    def scored(self, confidence: float) -> SaleFact:
        """The fact with its confidence and segment."""
        return replace(self.fact, confidence=confidence, segment=self.segment)




def _clause(sent: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: between the nearest clause breaks."""
    breaks = [m.span() for m in _lex("clause_break").finditer(sent)]
    breaks += [m.span() for m in re.finditer(r",\s+(?:and|while|but)\s+|;", sent)]
    start = max((e for s, e in breaks if e <= pos), default=0)
    end = min((s for s, e in breaks if s >= pos), default=len(sent))
    return start, end


def _figure_at(sent: str, units: int) -> tuple[int, int] | None:
    for n in find_numbers(sent):
        if int(round(n.value)) == units:
            return n.start, n.end
    return None


def _entity_at(section: Section, fact: SaleFact) -> tuple[int, int] | None:
    """Offsets (in the sentence) of the seller's mention nearest before the figure, else any in it."""
    ev = fact.evidence
    found = []
    for m in section.mentions_between(ev.start, ev.end):
        if (fact.entity_id and m.company_id == fact.entity_id) or m.name == fact.entity or \
                m.text.strip().lower().startswith(fact.entity.lower()):
            found.append((m.start - ev.start, m.end - ev.start))
    if not found:
        i = ev.sentence.lower().find(fact.entity.lower())
        return (i, i + len(fact.entity)) if i >= 0 else None
    return found[0]


def _features(doc: Doc, section: Section, fact: SaleFact, sales_story: bool) -> dict[str, float]:
    f: dict[str, float] = {}
    sent = fact.evidence.sentence
    fig = _figure_at(sent, fact.units)
    f[f"metric_{fact.metric}"] = 1.0
    if fact.proposed:
        f["proposed"] = 1.0  # the reader did not read it: only the broad proposer did
        f[f"proposed_{fact.proposed}"] = 1.0
    f["approximate"] = float(fact.approximate)
    f[f"magnitude_{_bucket(fact.units, (100, 1000, 10_000, 100_000, 1_000_000))}"] = 1.0
    f["comparison"] = float(fact.optional_comparison)
    f["title"] = float(section.name == "title")
    f["sales_story"] = float(sales_story)
    f["model"] = float(fact.model is not None)
    f["resolved"] = float(fact.entity_id is not None)
    if fig is None:
        f["figure_not_found"] = 1.0
        return f
    fs, fe = fig
    f["vehicle_noun"] = float(bool(_VEHICLE_AFTER.match(sent[fe:fe + 40])))
    f["in_parens"] = float(sent.rfind("(", 0, fs) > sent.rfind(")", 0, fs))
    n_figs = sum(1 for n in find_numbers(sent) if n.value >= 10 and not (1900 <= n.value <= 2100))
    f[f"n_figures_{_bucket(n_figs, (2, 4))}"] = 1.0
    c_lo, c_hi = _clause(sent, fs)
    clause = sent[c_lo:c_hi]
    before = core(sent[max(c_lo, fs - 60):fs])
    for name in ("sale_verb", "production", "demand", "future", "market", "research", "average", "combined",
                 "cumulative", "change", "share"):
        f[f"lex_{name}"] = float(bool(_lex(name).search(clause)))
    f["comparison_before"] = float(bool(re.search(
        r"(?:\bfrom|\bcompared\s+(?:with|to)|\bversus|\bvs\.?|\bagainst|\bthan)\s*(?:about|around|some)?\s*$",
        before, _I)))
    f["negation"] = float(bool(re.search(r"\b(?:not|never|no|n't)\b", before, _I)))
    ent = _entity_at(section, fact)
    lead = sent[c_lo:fs]
    # "It sold", "the automaker sold": the seller is the subject named before; "U.S. sales were": no seller
    f["subject_pronoun"] = float(_PRONOUN_SUBJECT.search(lead) is not None)
    f["subject_market"] = float(_lex("market").search(lead) is not None)
    if ent is None:
        f["entity_elsewhere"] = 1.0
    else:
        es, ee = ent
        f["entity_before"] = float(ee <= fs)
        f["entity_in_clause"] = float(c_lo <= es < c_hi)
        gap = sent[ee:fs] if ee <= fs else sent[fe:es]
        f[f"entity_gap_{_bucket(len(gap.split()), (3, 8, 16))}"] = 1.0
        f["entity_possessive"] = float(sent[ee:ee + 2] in ("'s", "’s"))
        others = [m for m in section.mentions_between(fact.evidence.start + min(ee, fs),
                                                      fact.evidence.start + max(es, fe))
                  if m.name != fact.entity and (not fact.entity_id or m.company_id != fact.entity_id)]
        f["org_between"] = float(bool(others))
        first_org = next(iter(section.mentions_between(fact.evidence.start + c_lo,
                                                       fact.evidence.start + c_hi)), None)
        f["entity_subject"] = float(first_org is not None and first_org.start - fact.evidence.start == es)
    periods = [p for p in find_periods(sent, doc.published) if p.kind != "cumulative"]
    here = [p for p in periods if p.period is not None and p.period.start == fact.period_start
            and p.period.end == fact.period_end]
    f["period_here"] = float(bool(here))
    f["period_other_here"] = float(bool(periods) and not here)
    f["period_fiscal"] = float(any(is_fiscal(sent[max(0, p.start - 20):p.end + 30]) for p in periods))
    days = (fact.period_end - fact.period_start).days
    f[f"period_len_{_bucket(days, (1, 32, 95, 185, 370))}"] = 1.0
    f["period_ytd"] = float(fact.period_start.month == 1 and fact.period_start.day == 1 and 40 < days < 360)
    if doc.published is not None:
        lag = (doc.published - fact.period_end).days
        f[f"lag_{_bucket(lag, (0, 45, 400, 800))}"] = 1.0
    return f


def sale_candidates(doc: Doc, facts: list[SaleFact]) -> list[SaleCandidate]:
    """Every fact of the reader as a candidate with its features; figures no company reaches are left out."""
    sections = {s.name: s for s in doc.sections}
    title = sections.get("title")
    sales_story = bool(title is not None and _SALES_TITLE.search(title.text))
    out = []
    for fact in facts:
        section = sections.get(fact.evidence.section)
        fig = _figure_at(fact.evidence.sentence, fact.units)
        after = fact.evidence.sentence[fig[1]:] if fig else ""
        period = Period(fact.period_start, fact.period_end)
        if section is None or not company_scale(fact.units, period, after):
            continue
        local = segment_of(fact.evidence.sentence, *fig) if fig else "total"
        segment = local if local != "total" else fact.segment  # the words at the figure win
        runs_on = powertrain(fact.model, fact.entity_id) if fact.model else None
        if local == "total" and runs_on in ("bev", "phev"):
            segment = runs_on  # every Model Y is electric: a BEV figure, whatever the story's title says
        out.append(SaleCandidate(fact, _features(doc, section, fact, sales_story), segment))
    return out
