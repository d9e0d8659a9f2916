"""The learned scorer: a logistic model per fact kind that turns candidate features into a confidence.

Weights are data (transforms/data/scorer.json), written by `python -m tests.eval.train` from the labelled
tuning set; applying them is a dot product, so extraction needs no learning library. A fact is stated
(written by `autofacts extract`, shown in the analysts' views) when its confidence reaches the kind's
`threshold`; facts between `floor` and the threshold are kept for review (v_facts_to_review).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Model:
    """Logistic weights for one kind of fact, with its decision threshold and review floor."""

    kind: str
    weights: dict[str, float]
    bias: float
    threshold: float
    floor: float
    platt: tuple[float, float] = (1.0, 0.0)  # calibration of the score on news held out of training

    def confidence(self, features: dict[str, float]) -> float:
        """P(the candidate is a fact the text states), from the candidate's features: the logistic score,
        recalibrated (a * score + b) on articles neither the rules nor the weights were fitted on."""
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        a, b = self.platt
        z = a * z + b
        return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))


def parse_models(data: dict[str, Any]) -> dict[str, Model]:
    """Models by kind from the JSON document train.py writes."""
    return {
        kind: Model(kind, {k: float(v) for k, v in m["weights"].items()}, float(m["bias"]),
                    float(m["threshold"]), float(m["floor"]), tuple(m.get("platt", (1.0, 0.0))))
        for kind, m in data["models"].items()
    }


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    text = resources.files("transforms").joinpath("data/scorer.json").read_text(encoding="utf-8")
    return json.loads(text)


def model(kind: str) -> Model:
    """The packaged model for `kind` ("partnerships" or "sales")."""
    return _models()[kind]


@lru_cache(maxsize=1)
def _models() -> dict[str, Model]:
    return parse_models(_document())


def scorer_version() -> str:
    """The version train.py stamped on the weights (part of the extractor version)."""
    return str(_document().get("version", "untrained"))
