"""The learned scorer: weights as data, a logistic confidence, thresholds that decide what is stated."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from transforms.scorer import Model, model, parse_models, scorer_version


def test_confidence_is_a_logistic_of_the_weighted_features():
    m = Model("sales", {"a": 2.0, "b": -1.0}, bias=-1.0, threshold=0.5, floor=0.2)
    assert m.confidence({}) == pytest.approx(1 / (1 + 2.718281828 ** 1.0), rel=1e-6)
    assert m.confidence({"a": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -1.0), rel=1e-6)
    assert m.confidence({"a": 1.0, "b": 1.0, "unknown": 5.0}) == pytest.approx(0.5)
    assert 0.0 < m.confidence({"a": 1e6}) <= 1.0  # no overflow


def test_packaged_models_are_trained_and_calibrated():
    doc = json.loads(resources.files("transforms").joinpath("data/scorer.json").read_text(encoding="utf-8"))
    models = parse_models(doc)
    assert set(models) == {"partnerships", "sales"}
    assert scorer_version() == doc["version"] != "untrained"
    for kind, m in models.items():
        assert 0.0 < m.floor < m.threshold < 0.9, kind  # calibrated: the raw 0.2 floor and CV threshold
        assert model(kind) == m
        top = next(b for b in doc["models"][kind]["calibration"] if b["band"] == "0.8-1.0")
        assert top["right"] >= 0.8, (kind, top)  # of facts at 0.8 or more, 80% right (cross-validated)
    assert "validation" not in " ".join(doc["trained_on"]["batches"])
