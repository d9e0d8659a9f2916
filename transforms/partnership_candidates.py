"""Partnership candidates: every pair of organisations a cooperation sentence could be stating, with features.

The rule reader (transforms/partnerships.py) proposes the pairs it can parse; this module proposes more
(any two parties in a sentence with a cooperation cue, and a pronoun's referent) and describes each
candidate with features of structure that hold across outlets: where the cue sits, whether the names are
coordinated peers, ownership or market words in the clause, who the parties are. The scorer
(transforms/scorer.py) turns the features into a calibrated confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations

from transforms.companies import load_companies
from transforms.document import Doc, Section
from transforms.lexicon import bucket as _bucket
from transforms.lexicon import lex as _lex
from transforms.partnerships import (
    _ANAPHOR_OPENING,
    _SINGULAR_ANAPHOR,
    Parties,
    _compared,
    _Ent,
    _groups,
    _is_product_modifier,
    _kind,
    _same_group,
    _status,
    _subject,
    _year_in_text,
    opens_next_deal,
    sentence_parties,
)
from transforms.records import Evidence, PartnershipFact, Sentence
from transforms.triggers import ACQUISITION, NEGATION, best_kind, find_triggers

_I = re.IGNORECASE

# Two names further apart than this (in characters, about 60 words) are not parties to each other by the
# sentence they share: on 5,828 Reuters and 2025 finance stories no pair further apart was stated, and the
# run-on "sentences" of unpunctuated pages (broker-note digests of 5,000+ characters) would otherwise pair
# every name with every other, a cost quadratic in their length.
MAX_PAIR_GAP = 400


@dataclass
class PairCandidate:
    """One pair of parties in one sentence, with what the scorer needs to judge it."""

    a: _Ent
    b: _Ent
    section: Section
    sentence: Sentence
    features: dict[str, float] = field(default_factory=dict)
    rule_fact: PartnershipFact | None = None  # the rule reader's fact for this pair, when it made one

    @property
    def key(self) -> tuple[str, str]:
        return tuple(sorted((self.a.key, self.b.key)))  # type: ignore[return-value]




@lru_cache(maxsize=4096)
def _clause_breaks(sent: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _lex("clause_break").finditer(sent))


def _clause_bounds(sent: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: between the nearest clause breaks (; , but , while , which ...)."""
    breaks = _clause_breaks(sent)
    start = max((e for s, e in breaks if e <= pos), default=0)
    end = min((s for s, e in breaks if s >= pos), default=len(sent))
    return start, end


_ADJ = r"(?:[\w-]+\s+){0,3}"
_CLAUSE_LEXICON = ("merger", "ownership", "divestment", "market_talk", "rivalry", "listing", "customer_of",
                   "dispute", "services", "speculation", "report", "labour")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The structural patterns of this module, compiled once (they embed lexicon entries)."""
    role = _lex("role_noun").pattern
    return {
        "poss_role": re.compile(rf"\s*['’]s\s+{_ADJ}(?:{role})(?:\s+with)?,?\s*", _I),  # A's partner B
        "appos_role_to": re.compile(rf",\s*(?:an?|the|its|their)\s+{_ADJ}(?:{role})\s+(?:of\s+{_ADJ})?"
                                    rf"(?:to|for|of|with)\s+(?:the\s+)?", _I),  # B, a supplier to A
        "bare_role": re.compile(rf"\s+(?:{role})\s*", _I),  # A partner B
        # "Chrysler, now partnered with Fiat"
        "appos_partnered": re.compile(r",?\s*(?:now\s+|which\s+is\s+|already\s+)?(?:partnered|allied|"
                                      r"teamed\s+up|tied\s+up)\s+with\s+(?:the\s+)?", _I),
        "comma": re.compile(rf",\s*(?:{_ADJ})?", _I),
        "poss_role_after": re.compile(rf"\s*['’]s\s+{_ADJ}(?:{role})\b", _I),  # B, A's partner
        "appos_article": re.compile(r",\s*(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,2}", _I),
        "role_after": re.compile(rf"\s+(?:{role})\b", _I),  # B, a Chrysler supplier
        "acquired": re.compile(rf"(?:{_lex('acquired_before').pattern})\s+(?:(?:the|its|a|an)\s+)?"
                               rf"(?:[\w-]+\s+){{0,2}}$", _I),
        "person_at": re.compile(rf"(?:{_lex('person_at').pattern})\s+(?:at|with|of|for|from)\s+(?:the\s+)?$",
                                _I),
        # up to three words between, a country's possessive among them ("with Germany's Daimler")
        "with_before": re.compile(r"\b(?:with|and)\s+(?:[\w'’]+\s+){0,3}$", _I),
        "with_only": re.compile(r"\bwith\s+(?:[\w'’-]+\s+){0,3}$", _I),
        "between_before": re.compile(r"\b(?:between|among)\s+(?:[\w'’]+\s+){0,3}$", _I),
        "third": re.compile(r"\bwith\s+(?:the\s+)?(?:[A-Z][\w.&-]*|unions?|workers|the\s+government)"),
        "product": re.compile(r"\s+(?:[A-Z]{1,3}[\w.-]*\d[\w.-]*|[A-Z][a-z]+\s+\d|[A-Z]{2,}\b)"),
    }


def _role_relation(sent: str, lo: _Ent, hi: _Ent) -> bool:
    """The two names around a role noun: "A's (long-time) partner B", "B, a supplier of parts to A",
    "A partner B", "B, A's partner", "A's venture with B"."""
    p = _patterns()
    between = sent[lo.end:hi.start]
    after = sent[hi.end:hi.end + 60]
    return bool(
        p["poss_role"].fullmatch(between) or p["appos_role_to"].fullmatch(between)
        or p["bare_role"].fullmatch(between) or p["appos_partnered"].fullmatch(between)
        or p["comma"].fullmatch(between) and p["poss_role_after"].match(after) is not None
        or p["appos_article"].fullmatch(between) and p["role_after"].match(after) is not None
    )


def _acquired(sent: str, e: _Ent) -> bool:
    """A name right after an ownership-change word ("an acquisition of Chrysler", "bid for Opel")."""
    return _patterns()["acquired"].search(sent[max(0, e.start - 40):e.start]) is not None


def _person_at(sent: str, e: _Ent) -> bool:
    """A name given as someone's employer ("analyst at Hyundai Securities", "a spokesman for GM")."""
    return _patterns()["person_at"].search(sent[max(0, e.start - 40):e.start]) is not None


@lru_cache(maxsize=8192)
def _clause_features(clause: str) -> tuple[tuple[str, float], ...]:
    """Lexicon, acquisition, negation and status features of one clause (memoised: pairs share clauses)."""
    f = [(f"lex_{name}", float(bool(_lex(name).search(clause)))) for name in _CLAUSE_LEXICON]
    f += [("acquisition", float(bool(ACQUISITION.search(clause)))),
          ("negation", float(bool(NEGATION.search(clause)))), (f"status_{_status(clause)}", 1.0)]
    return tuple(f)


@dataclass(frozen=True)
class _Shape:
    """What every pair of one sentence shares: its mentions' coordinated runs, subject and distinct names."""

    groups: list[list[_Ent]]
    subject: _Ent | None
    n_keys: int


def _shape(sent: str, ents: list[_Ent]) -> _Shape:
    return _Shape(_groups(sent, ents), _subject(sent, ents), len({e.key for e in ents}))


def _features(doc_title_keys: set[str], sent: str, section: str, shape: _Shape, a: _Ent, b: _Ent,
              n_cue_sentences: int, anaphor: bool) -> dict[str, float]:
    """Features of one pair in one sentence (offsets of a, b relative to the sentence)."""
    f: dict[str, float] = {}
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    between = sent[lo.end:hi.start]
    triggers = find_triggers(sent)
    strong = [t for t in triggers if t.strong]
    f["cue_strong"] = float(bool(strong))
    f["cue_weak_only"] = float(bool(triggers) and not strong)
    for t in triggers:
        f[f"kind_{t.kind}"] = 1.0
    inside = [t for t in triggers if lo.end <= t.start and t.end <= hi.start]
    f["cue_between"] = float(bool(inside))
    f["cue_between_strong"] = float(any(t.strong for t in inside))
    dist = min((max(t.start - hi.end, lo.start - t.end, 0) for t in triggers), default=999)
    f[f"cue_dist_{_bucket(dist, (1, 25, 80))}"] = 1.0
    f["cue_before_both"] = float(bool(triggers) and all(t.end <= lo.start for t in triggers))
    f["cue_after_both"] = float(bool(triggers) and all(t.start >= hi.end for t in triggers))
    # peers named together: "GM and Ford", "A, B and C" with no cue between them
    f["coordinated"] = float(any(lo in g and hi in g for g in shape.groups))
    f["coordinated_subject"] = float(f["coordinated"] == 1.0 and not any(t.end <= lo.start for t in triggers)
                                     and any(t.start >= hi.end for t in triggers))
    f[f"n_orgs_{_bucket(shape.n_keys, (3, 5))}"] = 1.0
    f[f"gap_words_{_bucket(len(between.split()), (4, 12, 25))}"] = 1.0
    p = _patterns()
    before_hi = sent[max(0, hi.start - 40):hi.start]
    f["with_before"] = float(bool(p["with_before"].search(before_hi)))
    f["between_phrase"] = float(bool(p["between_before"].search(sent[max(0, lo.start - 40):lo.start])))
    f["possessive"] = float(any(sent[e.end:e.end + 2] in ("'s", "’s") for e in (lo, hi)))
    c_lo, c_hi = _clause_bounds(sent, lo.end)
    f["same_clause"] = float(hi.start <= c_hi)
    clause = sent[min(c_lo, lo.start):max(c_hi, hi.end)]
    f.update(_clause_features(clause))
    f["unresolved"] = float(a.company_id is None) + float(b.company_id is None)
    f["title"] = float(section == "title")
    f["in_title_both"] = float(a.key in doc_title_keys and b.key in doc_title_keys)
    f["support"] = min(n_cue_sentences, 3) / 3.0
    f["anaphor"] = float(anaphor)
    f["product_modifier"] = float(_is_product_modifier(sent, a) or _is_product_modifier(sent, b))
    f["subject_is_party"] = float(shape.subject in (a, b))
    f["role_relation"] = float(_role_relation(sent, lo, hi))
    # "an agreement with B to produce ...": the object of a cooperation with its purpose
    f["with_purpose"] = float(bool(p["with_only"].search(before_hi))
                              and _lex("purpose").search(sent[hi.end:hi.end + 80]) is not None)
    # "A and B signed deals with C": the coordinated pair dealt with someone else, not with each other
    f["peers_with_third"] = float(f["coordinated"] == 1.0 and p["third"].search(sent[hi.end:hi.end + 200])
                                  is not None)
    f["product_link"] = float(any(p["product"].match(sent[e.end:e.end + 12]) for e in (lo, hi)))
    f["acquired"] = float(_acquired(sent, a) or _acquired(sent, b))
    f["person_at"] = float(_person_at(sent, a) or _person_at(sent, b))
    f.update(_words(sent, lo, hi))
    # a digest headline lists stories: "Ford in UAW deal, Europe plays hardball with GM"
    f["title_items_apart"] = float(section == "title" and bool(re.search(r"[,;:|]", between)))
    # what the two are (carmaker, supplier, battery maker, tech firm, venture, brand; unknown when the company
    # table lacks them), alone and with the cue's kind: two carmakers under a supply cue are mostly rivals
    # named in one sentence, a carmaker and a battery maker under one mostly a supply deal
    pair = "+".join(sorted(_role(e) for e in (a, b)))
    f[f"pair_{pair}"] = 1.0
    f[f"pair_{pair}_{best_kind(triggers) if triggers else 'none'}"] = 1.0
    return f


def _role(e: _Ent) -> str:
    return (_kind(e.company_id) if e.company_id else None) or "unknown"


_WORD = re.compile(r"[a-z]+")


def _words(sent: str, lo: _Ent, hi: _Ent) -> dict[str, float]:
    """The words between the two names (and their pairs), and three on either side: what the learned
    weights read of the wording itself ("signed a supply deal with" vs "overtook")."""
    f: dict[str, float] = {}
    between = _WORD.findall(sent[lo.end:hi.start].lower())
    if len(between) <= 10:
        f.update((f"bw:{w}", 1.0) for w in between)
        f.update((f"bb:{x}_{y}", 1.0) for x, y in zip(between, between[1:], strict=False))
    f.update((f"wl:{w}", 1.0) for w in _WORD.findall(sent[max(0, lo.start - 30):lo.start].lower())[-3:])
    f.update((f"wr:{w}", 1.0) for w in _WORD.findall(sent[hi.end:hi.end + 30].lower())[:3])
    return f


def pair_candidates(
    doc: Doc, rule_facts: list[PartnershipFact], prepared: Parties | None = None
) -> list[PairCandidate]:
    """Candidates for every pair of parties in a sentence with a cooperation cue (or that the rules paired).

    A sentence opened by "It"/"The company" also pairs its parties with the previous sentence's subject.
    `prepared` is the article's sentence_parties, when the caller has them.
    """
    year = doc.published.year if doc.published else _year_in_text(doc)
    if prepared is None:
        prepared = sentence_parties(doc)
    title_keys = {e.key for sec, _, ents in prepared if sec.name == "title" for e in ents}
    rule_at: dict[tuple[str, int, str, str], PartnershipFact] = {}
    for fact in rule_facts:
        rule_at[(fact.evidence.section, fact.evidence.start,
                 *sorted((fact.company_a_id or "", fact.company_b_id or "")))] = fact
    cue_sents: dict[tuple[str, str], int] = {}
    raw: list[tuple[Section, Sentence, list[_Ent], _Ent, _Ent, str]] = []
    prev_subject: _Ent | None = None
    seen: dict[str, int] = {}
    first: dict[str, _Ent] = {}
    for sec, sent, ents in prepared:
        text = sent.text
        # "cooperating with the government", "in talks with local partners": a cue whose counterpart is
        # unnamed pairs none of the sentence's names
        has_cue = bool(ents) and bool(find_triggers(text)) and not _unnamed_counterparts(text, ents)
        pairs: list[tuple[_Ent, _Ent, str]] = _venture_parents(ents)
        if has_cue:
            parties = [e for e in ents
                       if not _is_product_modifier(text, e) and not _compared(text, e)] or ents
            pairs += [(x, y, "cue") for x, y in combinations(parties, 2)]
            opened = _ANAPHOR_OPENING.match(text) or _SINGULAR_ANAPHOR.search(text[: ents[0].start if ents
                                                                               else len(text)])
            if opened:
                # "It also has a tie-up with FAW": the previous subject, or the story's company
                topic_key = max(seen, key=lambda k: seen[k]) if seen else None
                topic = first[topic_key] if topic_key is not None and seen[topic_key] >= 2 else None
                for ref in {id(r): r for r in (prev_subject, topic) if r is not None}.values():
                    pairs += [(ref, y, "anaphor") for y in parties if y.key != ref.key]
        apart = _Apart.of(text, ents, sec.name == "title") if has_cue else None
        for x, y, how in pairs:
            if x.key == y.key or _same_group(x, y, year):
                continue
            if apart is not None and (how == "cue" and apart.by_structure(x, y) or apart.other_stories(x, y)):
                continue
            raw.append((sec, sent, ents, x, y, how))
            k = tuple(sorted((x.key, y.key)))
            cue_sents[k] = cue_sents.get(k, 0) + 1
        if ents:
            prev_subject = _subject(text, ents)
            for e in ents:
                seen[e.key] = seen.get(e.key, 0) + 1
                first.setdefault(e.key, e)
    cooc, owned, labour = _ownership_context(prepared)
    out: list[PairCandidate] = []
    shapes: dict[int, _Shape] = {}  # by id of a sentence's mention list (alive in `prepared`)
    for sec, sent, ents, x, y, how in raw:
        k = tuple(sorted((x.key, y.key)))
        shape = shapes.get(id(ents)) or shapes.setdefault(id(ents), _shape(sent.text, ents))
        feats = _features(title_keys, sent.text, sec.name, shape, x, y, cue_sents[k], how == "anaphor")
        if how == "venture":
            # the parents of a named venture: both named in the sentence, one, or neither
            feats["venture_parents"] = 1.0
            feats[f"venture_parents_named_{sum(1 for e in (x, y) if e in ents)}"] = 1.0
        n = cooc.get(k, 0)
        feats["pair_ownership_share"] = owned.get(k, 0) / n if n else 0.0
        feats["pair_labour_share"] = labour.get(k, 0) / n if n else 0.0
        feats[f"pair_cooc_{_bucket(n, (2, 4))}"] = 1.0
        cand = PairCandidate(x, y, sec, sent, feats)
        out.append(cand)
    _attach_rules(out, rule_facts, prepared)
    return out


_WITH_UNNAMED = re.compile(
    r"\s*(?:with|between)\s+(?:\"|“)?(?:the|a|an|its|their|other|some|several|local|third|unnamed|unidentified)"
    r"\s+(?:[\w-]+\s+){0,3}?(?:government|authorit|regulator|investigator|official|union|partner|part(?:y|ies)|"
    r"compan|firm|automaker|carmaker|supplier|dealer|bank|investor|agenc|police|ministr|state|provinc|cit(?:y|ies)|"
    r"municipal|workers|employees|staff|labou?r)\w*", _I)


def _unnamed_counterparts(sent: str, ents: list[_Ent]) -> bool:
    """Every cue of the sentence deals with someone it does not name ("were cooperating with the
    government", "is talking with third parties"): no pair of its names is a partnership by it."""
    triggers = find_triggers(sent)
    if not triggers:
        return False
    for t in triggers:
        m = _WITH_UNNAMED.match(sent, t.end)
        if m is None and sent[max(0, t.end - 4):t.end].lower() == "with":
            m = _WITH_UNNAMED.match(sent, t.end - 4)
        # a name in the phrase or right after its noun ("with the Chinese carmaker SAIC") is named, and so
        # are its examples ("with other automakers like India's Tata Motors")
        if m is None or any(m.start() <= e.start <= m.end() + 3 for e in ents):
            return False
        examples = _EXAMPLES.match(sent, m.end())
        if examples and any(examples.end() <= e.start <= examples.end() + 12 for e in ents):
            return False
    return True


# the words that introduce examples of a group ("other automakers like Tata", "suppliers such as Lear")
_EXAMPLE_WORDS = r"(?:like|such\s+as|including|notably|among\s+them)"
_EXAMPLES = re.compile(r"\s*,?\s*" + _EXAMPLE_WORDS + r"\s+", _I)


def _left_out(sent: str, ents: list[_Ent], x: _Ent, y: _Ent, title: bool = False) -> bool:
    """Whether pair_candidates leaves the pair out of its sentence: a yardstick among them, a cue with an
    unnamed counterpart, or what _Apart says. The rule reader's facts for such pairs are dropped with it,
    so the two sources agree on who is a party."""
    apart = _Apart.of(sent, ents, title)
    return (_compared(sent, x) or _compared(sent, y) or _unnamed_counterparts(sent, ents)
            or apart.by_structure(x, y) or apart.other_stories(x, y))


@dataclass(frozen=True)
class _Apart:
    """What a sentence's structure says keeps two of its names from being parties to each other: found
    once per sentence, asked per pair, by the candidate builder and for the rule reader's facts alike."""

    sent: str
    groups: list[list[_Ent]]  # coordinated runs: a hub (a third name or an anaphor) may have them as spokes
    deal: tuple[set[int], int] | None  # the parties a "between" phrase names, and where it ends
    items: tuple[int, ...]  # where the items of a digest headline start
    next_deals: tuple[int, ...]  # where a clause naming another deal's parties opens ("..., and C and D ...")

    @classmethod
    def of(cls, sent: str, ents: list[_Ent], title: bool) -> _Apart:
        return cls(sent, _groups(sent, ents) if len(ents) >= 2 else [], _between_parties(sent, ents),
                   _digest_items(sent) if title else (), _next_deals(sent, ents))

    def by_structure(self, x: _Ent, y: _Ent) -> bool:
        """Names too far apart to share a clause, spokes of one hub, a name outside the deal's "between"
        phrase, an example of a peer group, or parties of two deals a sentence names one after the other."""
        return (max(x.start, y.start) - min(x.end, y.end) > MAX_PAIR_GAP
                or bool(self.groups) and _spokes(self.sent, self.groups, x, y)
                or _outside_between(self.deal, x, y) or _peer_examples(self.sent, x, y)
                or any(min(x.end, y.end) <= cut <= max(x.start, y.start) for cut in self.next_deals))

    def other_stories(self, x: _Ent, y: _Ent) -> bool:
        """Two items of a digest headline ("Ford in UAW deal, Europe plays hardball with GM")."""
        return bool(self.items) and _item_of(self.items, x) != _item_of(self.items, y)


def _next_deals(sent: str, ents: list[_Ent]) -> tuple[int, ...]:
    """Where a clause naming the parties of another deal opens after a cue (opens_next_deal)."""
    cuts = []
    for t in find_triggers(sent):
        after = [e for e in ents if e.start >= t.end]
        if opens_next_deal(sent, t.end, after):
            cuts.append(after[0].start)
    return tuple(cuts)


_DIGEST_BREAK = re.compile(r"\s*[,;|]\s+")


def _digest_items(title: str) -> tuple[int, ...]:
    """Where the items of a digest headline start: a comma or semicolon between two clauses of three words
    or more ("Chrysler, CAW in tentative deal, GM draws $2 billion" has two items; "Renault, Nissan sign
    deal" one, the comma joining two names)."""
    cuts = [m for m in _DIGEST_BREAK.finditer(title)]
    if not cuts:
        return ()
    bounds = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(title)]
    starts = [0]
    for i in range(1, len(bounds)):
        left = title[starts[-1]:ends[i - 1]].split()
        right = title[bounds[i]:ends[i]].split()
        if len(left) >= 3 and len(right) >= 3:
            starts.append(bounds[i])
    return tuple(starts) if len(starts) > 1 else ()


def _item_of(items: tuple[int, ...], e: _Ent) -> int:
    return sum(1 for start in items if start <= e.start)


_BETWEEN_AFTER_CUE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?between\s+(?:the\s+)?", _I)


def _between_parties(sent: str, ents: list[_Ent]) -> tuple[set[int], int] | None:
    """When every cue of the sentence names its parties in a "between" phrase: the ids of those names and
    where the last phrase ends; else None."""
    if "between" not in sent:
        return None
    triggers = find_triggers(sent)
    inside: set[int] = set()
    end = 0
    for t in triggers:
        m = _BETWEEN_AFTER_CUE.match(sent, t.end)
        if m is None:
            return None  # a cue without a "between": any pair may be its parties
        group = next((g for g in _groups(sent, ents) if g[0].start >= m.end()), None)
        if group is None or group[0].start > m.end() + 3:
            return None
        inside.update(id(e) for e in group)
        end = max(end, group[-1].end)
    return (inside, end) if triggers else None


def _outside_between(parties: tuple[set[int], int] | None, x: _Ent, y: _Ent) -> bool:
    """Only one of the pair is in the deal's "between" phrase and the other is named after it: "an
    agreement struck between Ford and the UAW would not work for GM" pairs Ford with no one here. A name
    before the phrase may be the venture it describes ("VE Commercial Vehicles, a joint venture between
    Eicher and Volvo")."""
    if parties is None:
        return False
    inside, end = parties
    outside = [e for e in (x, y) if id(e) not in inside]
    return len(outside) == 1 and outside[0].start >= end


_PEER_EXAMPLES = re.compile(
    r"\bother\s+(?:[\w-]+\s+){0,2}?(?:suppliers|automakers|carmakers|car\s+makers|companies|makers|"
    r"manufacturers|firms|rivals|brands|groups|players|lenders|banks|investors)\s*,?\s+"
    + _EXAMPLE_WORDS + r"\s", _I)
_CLAUSE_OPENING = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|while|whereas)\s+)$", _I)


@lru_cache(maxsize=4096)
def _peer_spans(sent: str) -> tuple[tuple[int, int], ...]:
    """Where "other suppliers such as" opens a clause: the names it lists are examples of a peer group."""
    if "other" not in sent:
        return ()
    return tuple(m.span() for m in _PEER_EXAMPLES.finditer(sent)
                 if _CLAUSE_OPENING.search(sent[max(0, m.start() - 12):m.start()]))


def _peer_examples(sent: str, x: _Ent, y: _Ent) -> bool:
    """One of the pair is an example of "other suppliers such as ..." opening a clause and the other was named
    before it: peers of a kind, not parties ("Delphi defaulted, other parts suppliers such as Lear kept their
    plans"); "X will use other suppliers such as Y" is not one (the list is the cue's object)."""
    lo, hi = (x, y) if x.start <= y.start else (y, x)
    return any(lo.end <= a and b <= hi.start + 1 for a, b in _peer_spans(sent))


def _spokes(sent: str, groups: list[list[_Ent]], x: _Ent, y: _Ent) -> bool:
    """Two names coordinated on one side of every cue while a third party stands on the other: the
    partners of one hub ("Dongfeng operates ventures with Nissan and Honda", "a partner of Toyota and
    Fiat") or peers dealing with one third ("GM and VW both want a partnership with Proton"). FACTS.md:
    "A teams up with B, C and D" gives A-B, A-C, A-D, and peers named together are no pair."""
    group = next((g for g in groups if x in g and y in g), None)
    if group is None:
        return False
    triggers = find_triggers(sent)
    lo, hi = min(group[0].start, group[-1].start), max(group[0].end, group[-1].end)
    others = [e for g in groups if g is not group for e in g if e.key not in {m.key for m in group}]
    if triggers and all(t.end <= lo for t in triggers):
        # the hub before the cue, named or an anaphor ("It also has ventures with Honda and PSA")
        return any(e.end <= triggers[0].start for e in others) or bool(
            _ANAPHOR_OPENING.match(sent) or _SINGULAR_ANAPHOR.search(sent, 0, triggers[0].start))
    if triggers and all(t.start >= hi for t in triggers):
        return any(e.start >= triggers[-1].end for e in others)  # the third party after it
    return False


def _venture_parents(ents: list[_Ent]) -> list[tuple[_Ent, _Ent, str]]:
    """Pairs of the parents of each joint venture a sentence names ("Shanghai GM, GM's venture with SAIC";
    "the Renault-Nissan-Mitsubishi Alliance"), from the company table: a named venture pairs its parents
    (FACTS.md). A parent the sentence names is that mention; one it does not is placed at the venture."""
    table = load_companies()
    out: list[tuple[_Ent, _Ent, str]] = []
    for e in ents:
        parents = table.partners(e.company_id) if e.company_id else ()
        if len(parents) < 2:
            continue
        named = {m.company_id: m for m in ents if m.company_id in parents}
        found = [named.get(p) or _Ent(p, table.get(p).name, p, e.start, e.end)
                 for p in parents if table.get(p) is not None]
        out += [(x, y, "venture") for x, y in combinations(found, 2)]
    return out


def _ownership_context(prepared: list[tuple[Section, Sentence, list[_Ent]]]) -> tuple[
        dict[tuple[str, str], int], dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """Per pair of companies: sentences naming both, and of those, sentences about ownership (a stake, a
    merger, a takeover, a sale of a unit) and about labour deals. A pair the story mostly discusses as
    owner and owned, or as employers each dealing with a union, is rarely a partnership, whatever cue one
    sentence has."""
    cooc: dict[tuple[str, str], int] = {}
    owned: dict[tuple[str, str], int] = {}
    labour: dict[tuple[str, str], int] = {}
    for _, sent, ents in prepared:
        keys = sorted({e.key for e in ents})
        if len(keys) < 2 or len(keys) > 8:
            continue
        about_owning = any(_lex(n).search(sent.text) for n in ("ownership", "merger", "divestment")) or bool(
            ACQUISITION.search(sent.text))
        about_labour = _lex("labour").search(sent.text) is not None
        for k in combinations(keys, 2):
            cooc[k] = cooc.get(k, 0) + 1
            if about_owning:
                owned[k] = owned.get(k, 0) + 1
            if about_labour:
                labour[k] = labour.get(k, 0) + 1
    return cooc, owned, labour


def _attach_rules(cands: list[PairCandidate], rule_facts: list[PartnershipFact],
                  prepared: list[tuple[Section, Sentence, list[_Ent]]]) -> None:
    """Mark candidates the rule reader also made; add the rule facts no candidate covers (topic, bullets)."""
    by_pair: dict[tuple[str, str], list[PairCandidate]] = {}
    for c in cands:
        by_pair.setdefault(c.key, []).append(c)
    for fact in rule_facts:
        sec_sent = next(((sec, s, ents) for sec, s, ents in prepared
                         if sec.name == fact.evidence.section and s.start == fact.evidence.start), None)
        if sec_sent is None:
            continue
        sec, sent, ents = sec_sent
        a = _find(ents, fact.company_a_id, fact.company_a)
        b = _find(ents, fact.company_b_id, fact.company_b)
        key = tuple(sorted(((a.key if a else fact.company_a_id or fact.company_a.lower()),
                            (b.key if b else fact.company_b_id or fact.company_b.lower()))))
        matched = False
        for c in by_pair.get(key, []):
            c.features["rule_pair"] = 1.0
            if c.sentence.start == sent.start and c.section.name == sec.name:
                c.features["rule_here"] = 1.0
                c.rule_fact = fact
                matched = True
        if not matched and a is not None and b is not None and _left_out(
                sent.text, ents, a, b, title=sec.name == "title"):
            continue
        if not matched:
            x = a or _Ent(key[0], fact.company_a, fact.company_a_id, 0, 0)
            y = b or _Ent(key[1], fact.company_b, fact.company_b_id, 0, 0)
            feats = {"rule_pair": 1.0, "rule_here": 1.0, "rule_only": 1.0, f"kind_{fact.kind}": 1.0,
                     f"status_{fact.status}": 1.0}
            c = PairCandidate(x, y, sec, sent, feats, fact)
            cands.append(c)
            by_pair.setdefault(key, []).append(c)


def _find(ents: list[_Ent], company_id: str | None, name: str) -> _Ent | None:
    for e in ents:
        if (company_id and e.company_id == company_id) or (not company_id and e.name == name):
            return e
    return None


def expand_alliances(facts: list[PartnershipFact]) -> list[PartnershipFact]:
    """A deal with an alliance is a deal with each of its members ("Daimler will get engines from
    Renault-Nissan" pairs Daimler with Renault and with Nissan): an alliance is no company. A pair found
    both ways keeps its best-scored fact."""
    table = load_companies()

    def members(company_id: str | None) -> tuple[str, ...]:
        c = table.get(company_id) if company_id else None
        return table.partners(company_id) if c is not None and c.kind == "other" else ()

    best: dict[tuple[str, str], PartnershipFact] = {}
    for f in facts:
        out = [f]
        for side in ("a", "b"):
            own, other = (f.company_a_id, f.company_b_id) if side == "a" else (f.company_b_id, f.company_a_id)
            ids = [m for m in members(own) if m != other and table.get(m) is not None]
            if ids:
                out = [replace(g, **{f"company_{side}": table.get(m).name, f"company_{side}_id": m})
                       for g in out for m in ids]
        for g in out:
            key = tuple(sorted((g.company_a_id or g.company_a.lower(),
                                g.company_b_id or g.company_b.lower())))
            if key[0] != key[1] and (key not in best or g.confidence > best[key].confidence):
                best[key] = g
    return list(best.values())


def candidate_fact(c: PairCandidate, confidence: float) -> PartnershipFact:
    """The fact a candidate states: the rule reader's reading when it made one, else one built here."""
    if c.rule_fact is not None:
        return replace(c.rule_fact, confidence=confidence)
    triggers = find_triggers(c.sentence.text)
    kind = "joint_venture" if c.features.get("venture_parents") else best_kind(triggers) if triggers else (
        "partnership")
    sent = c.sentence.text
    lo, hi = sorted((c.a.start, c.b.end))[0], max(c.a.end, c.b.end)
    c_lo, c_hi = _clause_bounds(sent, lo)
    return PartnershipFact(
        company_a=c.a.name, company_b=c.b.name, company_a_id=c.a.company_id, company_b_id=c.b.company_id,
        kind=kind,
        status=_status(sent[c_lo:max(c_hi, hi)]),
        brand=None,
        evidence=Evidence(sent, c.sentence.start, c.sentence.end, c.section.name),
        confidence=confidence,
    )
