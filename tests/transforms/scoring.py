"""A small scorer for facts in the FACTS.md gold format, for our own evaluation gates.

Written from the rules in FACTS.md: names compare after lower-casing, dropping punctuation and
corporate words; a partnership matches on its unordered pair of companies, a sale on entity, units
and period; facts match one to one within an article; a prediction that repeats a matched one or
that matches an optional gold fact is ignored; precision/recall/F1 are micro-averaged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CORPORATE = frozenset(
    """group motor motors co company corp corporation ltd limited inc incorporated automobile automobiles
    auto automotive technologies technology international holdings holding plc ag se sa nv spa llc
    the""".split()
)


def norm_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, corporate words removed (never down to nothing)."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("&", " and ")
    s = re.sub(r"[.'’`]", "", s)
    words = re.sub(r"[^0-9a-z]+", " ", s).split()
    kept = [w for w in words if w not in CORPORATE]
    return " ".join(kept or words)


@dataclass
class Tally:
    """Counts of true positives, predictions and gold facts for one kind."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _names(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {norm_name(str(v)) for v in items if v}


def _match(golds: list[dict], preds: list[Any], same, tally: Tally, label, aid: str) -> None:
    used: set[int] = set()
    for pred in preds:
        hit = next((i for i, g in enumerate(golds) if i not in used and not g.get("optional")
                    and same(g, pred)), None)
        if hit is not None:
            used.add(hit)
            tally.tp += 1
            tally.predicted += 1
            continue
        if any(g.get("optional") and same(g, pred) for g in golds):
            continue  # matches an optional fact: costs nothing
        if any(same(g, pred) for g in golds):
            continue  # a duplicate of a matched prediction
        tally.predicted += 1
        tally.false.append(f"{aid}: {label(pred)}")
    for i, g in enumerate(golds):
        if not g.get("optional"):
            tally.gold += 1
            if i not in used:
                tally.misses.append(f"{aid}: {label(g)}")


def _partner_same(g: Mapping, p: Mapping) -> bool:
    a, b = _names(g["a"]), _names(g["b"])
    pa, pb = (norm_name(str(x)) for x in p["companies"][:2])
    return (pa in a and pb in b) or (pa in b and pb in a)


def _sale_same(g: Mapping, p: Mapping) -> bool:
    return (norm_name(str(p.get("entity"))) in _names(g["entity"]) and int(p["units"]) == int(g["units"])
            and p.get("period_start") == g["period_start"] and p.get("period_end") == g["period_end"])


def _partner_label(x: Mapping) -> str:
    if "companies" in x:
        return " & ".join(x["companies"])
    return f"{x['a'][0]} & {x['b'][0]}"


def _sale_label(x: Mapping) -> str:
    ent = x["entity"][0] if isinstance(x["entity"], list) else x["entity"]
    return f"{ent} {x['units']} {x['period_start']}..{x['period_end']}"


def score(gold: Iterable[Mapping], predicted: Iterable[Mapping]) -> dict[str, Tally]:
    """Tallies per kind ("partnerships", "sales") of `predicted` output lines against `gold` lines."""
    preds = {str(p["id"]): p for p in predicted}
    out = {"partnerships": Tally(), "sales": Tally()}
    for g in gold:
        aid = str(g["id"])
        p = preds.get(aid, {})
        _match(list(g.get("partnerships", [])), list(p.get("partnerships", [])), _partner_same,
               out["partnerships"], _partner_label, aid)
        _match(list(g.get("sales", [])), list(p.get("sales", [])), _sale_same, out["sales"], _sale_label, aid)
    return out
