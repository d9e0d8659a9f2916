"""Scoring the evaluation set with the shared scorer (../shared/eval/score.py), read by path.

The shared scorer is the contract; this module only groups articles (per split, pool, batch) and
collects its error lines instead of printing them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
from dataclasses import dataclass
from types import ModuleType

from tests.eval.sample import SHARED

KINDS = ("partnerships", "sales")


def shared_scorer() -> ModuleType:
    """The module ../shared/eval/score.py (raises FileNotFoundError when ../shared is absent)."""
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Scores:
    """P/R/F1 per kind, the period-blind sales F1, and the scorer's FP/FN lines."""

    n_articles: int
    by_kind: dict[str, dict]
    sales_loose_f1: float
    errors: list[str]

    def row(self, name: str) -> str:
        p, s = self.by_kind["partnerships"], self.by_kind["sales"]
        loose = f"{self.sales_loose_f1:.3f}" if s["tp"] + s["fp"] + s["fn"] else "–"
        return f"| {name} | {self.n_articles} | {_cell(p)} | {_cell(s)} | {loose} |"


def _cell(k: dict) -> str:
    """P / R / F1 (tp/fp/fn), or a dash when the group has no fact of the kind, stated or gold."""
    if not k["tp"] + k["fp"] + k["fn"]:
        return "– (0/0/0)"
    return f"{k['precision']:.2f} / {k['recall']:.2f} / **{k['f1']:.3f}** ({k['tp']}/{k['fp']}/{k['fn']})"


HEADER = (
    "| set | articles | partnerships P / R / F1 (tp/fp/fn) | sales P / R / F1 (tp/fp/fn) "
    "| sales F1, period ignored |\n|---|---|---|---|---|"
)


def score_docs(gold: dict[str, dict], pred: dict[str, dict], scorer: ModuleType | None = None) -> Scores:
    """Score predictions against gold for the articles in `gold` (one line per article id)."""
    sc = scorer or shared_scorer()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        by_kind = {
            "partnerships": sc.score(gold, pred, "partnerships", sc.partnership_match, True),
            "sales": sc.score(gold, pred, "sales", sc.sales_match, True),
        }
    loose = sc.score(gold, pred, "sales", lambda p, g: sc.sales_match(p, g, strict_period=False), False)
    return Scores(len(gold), by_kind, loose["f1"], out.getvalue().splitlines())
