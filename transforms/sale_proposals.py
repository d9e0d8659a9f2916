"""Sales the reader did not read: every count of vehicles in a sales context, as a proposed sale.

The reader (transforms/sales.py) reads figures through the constructions it knows; news has more
("which saw 62 initial units", "with 8,123 units registered", "including 139,310 for Audi", "shipping
419,292 vehicles"). This proposer takes every number that counts vehicles in a sentence about sales,
gives it the most plausible seller (a model's brand, the clause's company, a company named right after
the figure, the story's company for a pronoun) and period (the nearest period phrase, else the one the
story last stated), and leaves the verdict to the learned scorer, which knows these are proposals.
"""

from __future__ import annotations

import re
from datetime import date

from transforms.document import Doc, Section
from transforms.models import find_models
from transforms.numbers import NumberSpan, find_numbers, without_hedge
from transforms.periods import Period, PeriodSpan, find_periods
from transforms.records import Evidence, Mention, SaleFact, Sentence
from transforms.sales import (
    _COMPARE_BEFORE,
    _DELTA_AFTER,
    _DELTA_BEFORE,
    _MARKET,
    _NEGATION,
    _NOT_SALES_NEAR,
    _counts_vehicles,
    _entity_name,
    _is_org,
    _metric,
    _nonfact_for,
    _region,
    _skip_number,
)
from transforms.screens import ScreenedPattern

_I = re.IGNORECASE
# Words that make a sentence about sales (broader than the reader's cues: volumes, units, shipments)
_SALES_CONTEXT = ScreenedPattern(re.compile(
    r"\b(?:sales|sold|sell(?:s|ing)?|best-?sell\w*|deliver(?:ed|ies|y|ing)|registr(?:ations?|ered)|"
    r"registered|retail(?:ed|s)?|wholesales?|ship(?:ped|ping|ments?)|export(?:ed|s)?|volumes?|units?|"
    r"moved|market\s+share)\b", _I),
    (("sale", "sold", "sell", "deliver", "regist", "retail", "wholesale", "ship", "export", "volume", "unit",
      "moved", "market"),))
_SALES_TITLE = re.compile(r"\b(?:sales|sold|deliver\w*|registrations?|best-?sell\w*|EVs?|market)\b", _I)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|which|who)\b|\s[-–—]\s|\.\s")
# A clause listing the parts of the figure before it ("an inventory of 948,000 units, which included 267,000
# cars and 681,000 trucks"): its figures are what that figure is, so the clause before is read with it.
_BREAKDOWN = re.compile(r"\s*(?:(?:which\s+)?includ(?:ed|es|e|ing)|of\s+which)\s", _I)
_PRONOUN = re.compile(r"\b(?:it|its|the\s+(?:[\w-]+\s+)?(?:company|automaker|carmaker|group|firm|brand|"
                      r"manufacturer))\b", _I)
_AFTER_FOR = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:for|by|of|from)\s+(?:the\s+)?$", _I)


def _clause(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, pos)]
    end = _CLAUSE_BREAK.search(text, pos)
    return (starts[-1] if starts else 0), (end.start() if end else len(text))


def _model_mention(text: str, sent: Sentence, lo: int, hi: int, num: NumberSpan) -> Mention | None:
    """A model named in the figure's clause, nearest the figure: its brand sold the figure."""
    near = [m for m in find_models(text) if lo <= m.start and m.end <= hi]
    if not near:
        return None
    m = min(near, key=lambda m: abs(m.start - num.start))
    return Mention(m.text, sent.start + m.start, sent.start + m.end, m.brand, m.brand_id)


def _seller(text: str, sent: Sentence, num: NumberSpan, orgs: list[Mention],
            topic: Mention | None) -> tuple[Mention | None, str]:
    """The most plausible seller of the figure and where it came from (a feature for the scorer)."""
    lo, hi = _clause(text, num.start)
    rel = [(o, o.start - sent.start, o.end - sent.start) for o in orgs]
    after = [o for o, s, e in rel if num.end <= s < num.end + 40 and _AFTER_FOR.match(text[num.end:s])]
    if after:
        return after[0], "named_after"  # "including 139,310 for Audi"
    model = _model_mention(text, sent, lo, hi, num)
    if model is not None:
        return model, "model"
    before = [o for o, s, e in rel if lo <= s and e <= num.start]
    if before:
        return before[0], "clause_subject"
    if _PRONOUN.search(text[lo:num.start]) and topic is not None:
        return topic, "pronoun_topic"
    earlier = [o for o, s, e in rel if e <= num.start]
    if earlier:
        return earlier[-1], "sentence"
    return None, ""


def _period(text: str, spans: list[PeriodSpan], num: NumberSpan, published: date | None) -> Period | None:
    """The explicit period phrase nearest the figure in its sentence (after it preferred)."""
    usable = [ps for ps in spans if ps.kind in ("explicit", "last_year") and ps.period is not None
              and (published is None or ps.period.start <= published)]
    if not usable:
        return None
    after = [ps for ps in usable if ps.start >= num.end and ps.start - num.end < 60]
    if after:
        return after[0].period
    before = [ps for ps in usable if ps.end <= num.start]
    return before[-1].period if before else None


def _rejected(text: str, num: NumberSpan, lead: str) -> bool:
    """What the reader knows a figure is not, whoever sold it: a plan or forecast, a comparison or a
    change, production, orders and the like, a negated figure, a market's total."""
    lo, hi = _clause(text, num.start)
    if lo > 0 and _BREAKDOWN.match(text, lo, num.start):
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, num.start)]
        lo = breaks[-2] if len(breaks) > 1 else 0
    clause = text[lo:hi]
    return bool(
        _nonfact_for(text, num) or _COMPARE_BEFORE.search(lead[-60:]) or _DELTA_BEFORE.search(lead[-40:])
        or _DELTA_AFTER.match(text[num.end:]) or _NOT_SALES_NEAR.search(clause)
        or _NEGATION.search(lead[-40:]) or _MARKET.search(text[lo:num.start])
        or _COMBINED_SUBJECT.search(lead[-80:])
    )


# "Hyundai and Kia sold 6.6 million": two companies' sum, no one's sale (the reader leaves it too)
_COMBINED_SUBJECT = re.compile(
    r"\b(?:and|&)\s+(?:(?:its\s+)?(?:affiliate|unit|sister\s+company)\s+)?(?:[A-Z][\w.&'’-]*\s+){1,3}"
    r"(?:combined\s+|together\s+|jointly\s+)?(?:sold|delivered|registered)\s+(?:a\s+combined\s+|a\s+total\s+of\s+)?$")


def propose_sales(doc: Doc, read: list[SaleFact]) -> list[SaleFact]:
    """Sale facts for the counts of vehicles the reader did not attribute, one per figure."""
    made = {(f.evidence.section, f.evidence.start, f.units) for f in read}
    title = next((s.text for s in doc.sections if s.name == "title"), "")
    sales_story = bool(_SALES_TITLE.search(title))
    seen: dict[str, int] = {}
    first: dict[str, Mention] = {}
    story_period: Period | None = None
    out: list[SaleFact] = []
    for sec in doc.sections:
        for sent in sec.sentences:
            text = sent.text
            orgs = [m for m in sec.mentions_in(sent) if _is_org(m)]
            for o in orgs:
                key = o.company_id or o.name
                seen[key] = seen.get(key, 0) + 1
                first.setdefault(key, o)
            topic_key = max(seen, key=lambda k: seen[k]) if seen else None
            topic = first[topic_key] if topic_key is not None else None
            context = _SALES_CONTEXT.search(text)
            if not (context or sales_story):
                continue  # nothing to propose, no story period to note: skip the period search
            spans = find_periods(text, doc.published)
            out += _sentence_facts(sec, sent, text, spans, orgs, topic, story_period, made, doc.published,
                                   bool(context))
            stated = [ps.period for ps in spans if ps.kind == "explicit" and ps.period is not None
                      and (doc.published is None or ps.period.start <= doc.published)]
            if stated and context:
                story_period = stated[-1]
    return out


def _sentence_facts(sec: Section, sent: Sentence, text: str, spans: list[PeriodSpan], orgs: list[Mention],
                    topic: Mention | None, story_period: Period | None, made: set[tuple[str, int, int]],
                    published: date | None, context: bool) -> list[SaleFact]:
    out = []
    for num in find_numbers(text):
        in_period = any(ps.start <= num.start < ps.end for ps in spans)
        if _skip_number(text, num, in_period) or num.value < 1 or (sec.name, sent.start, num.value) in made:
            continue
        kind = _counts_vehicles(text, num, 0)
        if kind is None or (kind == "bare" and not context):
            continue
        lead = without_hedge(text[:num.start])
        if re.search(r"[%$€£¥]\s*$", lead) or _rejected(text, num, lead):
            continue
        seller, source = _seller(text, sent, num, orgs, topic)
        if seller is None:
            continue
        period = _period(text, spans, num, published) or story_period
        if period is None:
            continue
        out.append(SaleFact(
            entity=_entity_name(seller), entity_id=seller.company_id, brand=None, model=None,
            units=num.value, approximate=num.approximate, metric=_metric(text, num.start),
            period_start=period.start, period_end=period.end, region=_region(text, num),
            evidence=Evidence(text, sent.start, sent.end, sec.name),
            proposed=source or "proposed",
        ))
    return out
