"""Vehicle model names and the brand that sells them (transforms/data/models.csv).

A market report often names a model without its brand ("The Q6 e-tron debuted with 22 units"); a
sale must still name the brand, so the extractor looks the model up here instead of borrowing the
brand of an earlier sentence. Names that are also ordinary words (`ambiguous`: Focus, Escape, Leaf,
Song) count only where a model is meant: after "the"/"its" or the brand, or before a vehicle word.
`powertrain` says what every car of that name runs on (bev, phev, hybrid, ice) or that it varies (mixed),
so a model's figure in a market report can say what it covers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "models.csv"


@dataclass(frozen=True)
class ModelMention:
    """A model named in a text, with the brand (company id and display name) that sells it."""

    text: str
    start: int
    end: int
    brand_id: str
    brand: str


def _pattern(name: str) -> str:
    parts = [re.escape(p) for p in re.split(r"\s+", name.strip())]
    body = r"\s?".join(parts) if name.upper().startswith("ID.") else r"\s+".join(parts)
    return rf"(?<![\w.#-]){body}(?![\w#]|-[A-Za-z])"


_MODEL_BEFORE = re.compile(r"(?:\b(?:the|its|their|his|her|a|new|all-new|of)\s+|-)$", re.I)
_MODEL_AFTER = re.compile(
    r"^(?:['’]s\b|\s+(?:sales|models?|SUVs?|sedans?|saloons?|hatchbacks?|pickups?|trucks?|crossovers?|"
    r"hybrids?|minivans?|wagons?|coupes?|EVs?|cars?|vehicles?|units|range|line-?up)\b|,\s+(?:a|an|the|which)\s)",
    re.I,
)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, str, bool]]]:
    """(model names by their first word, lower-cased; brand by model key)."""
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    by_key = {re.sub(r"\s+", "", r["model"]).lower(): (r["brand_id"], r["brand"], bool(r.get("ambiguous")))
              for r in rows}
    by_first: dict[str, list[str]] = {}
    for r in rows:
        by_first.setdefault(r["model"].split()[0].lower(), []).append(r["model"])
    return {k: tuple(v) for k, v in by_first.items()}, by_key


@lru_cache(maxsize=1)
def _powertrains() -> dict[tuple[str, str], str]:
    """Powertrain by (model key, brand id), where the table knows one (bev, phev, hybrid, ice, mixed)."""
    rows = csv.DictReader(DATA.open(encoding="utf-8"))
    return {(re.sub(r"\s+", "", r["model"]).lower(), r["brand_id"]): r["powertrain"]
            for r in rows if r.get("powertrain")}


def powertrain(model: str, brand_id: str | None) -> str | None:
    """What every car sold under this model name runs on, when one thing: "bev" for a Model Y, "phev" for a
    Volt; "mixed" for a name sold with several (a Peugeot 208), None when the table does not say."""
    return _powertrains().get((re.sub(r"\s+", "", model).lower(), brand_id or ""))


@cache
def _name_regex(name: str) -> re.Pattern[str]:
    return re.compile(_pattern(name), re.I)


def _matches(text: str, names: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """The matches of the names as one alternation, longest name first, would give: left to right, at each
    position the first name in that order that matches there, resuming after it. Each name's pattern is
    compiled once; compiling an alternation per sentence's set of candidate names cost most of the search."""
    rxs = [_name_regex(n) for n in sorted(names, key=len, reverse=True)]
    nxt = [rx.search(text) for rx in rxs]
    pos = 0
    while True:
        best: re.Match[str] | None = None
        for i, m in enumerate(nxt):
            if m is not None and m.start() < pos:
                m = nxt[i] = rxs[i].search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        pos = best.end()


def _candidates(text: str, by_first: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The model names whose first word occurs in `text` (a set lookup per word: the catalogue is
    large, most sentences name no model)."""
    found: set[str] = set()
    for low in set(text.lower().split()):
        bare = low.strip("\"'“”‘’([{*_,.;:!?)]}")
        for key in (low, low.strip("\"'“”‘’([{*_"), bare, bare[:-2] if bare.endswith(("'s", "’s")) else bare,
                    bare.split("/")[0]):
            names = by_first.get(key)
            if names:
                found.update(names)
    return tuple(sorted(found))


def _meant_as_model(text: str, start: int, end: int, brand: str) -> bool:
    """Whether an ambiguous name is used as a model name here."""
    before = text[max(0, start - 30):start]
    if before.rstrip().lower().endswith(brand.lower()) or _MODEL_BEFORE.search(before):
        return True
    return _MODEL_AFTER.match(text[end:end + 30]) is not None


def find_models(text: str) -> list[ModelMention]:
    """Known model names in `text`, left to right, longest first where they overlap."""
    by_first, by_key = _table()
    names = _candidates(text, by_first)
    if not names:
        return []
    out = []
    for m in _matches(text, names):
        key = re.sub(r"\s+", "", m.group()).lower()
        hit = by_key.get(key)
        if hit is None:
            continue
        if m.group()[:1].islower() and not re.match(r"[a-z]+[A-Z0-9-]", m.group()):
            continue  # "leaf", "seal", "born", "han": ordinary words, not the model
        if hit[2] and not _meant_as_model(text, m.start(), m.end(), hit[1]):
            continue  # "Focus on costs", "Song said": a word or a name, not the model
        out.append(ModelMention(m.group(), m.start(), m.end(), hit[0], hit[1]))
    return out


# A count's noun as a model in the plural: up to two capitalised words, then a last word ending in "s"
# ("5,377 Chevrolet Volts", "682 Vipers", "30,000 500Ls", "20,000 Model 3s").
_PLURAL_RUN = re.compile(r"\s+((?:[A-Z][\w.-]*\s+){0,2}[A-Z0-9][\w.-]*?)s\b(?!['’])")


def plural_model_at(text: str, pos: int) -> ModelMention | None:
    """The model a count at `pos` counts when its noun is the model's name in the plural ("GM sold 5,377
    Chevrolet Volts"): read as the singular after "the", so an ambiguous name (Leaf) counts as well."""
    m = _PLURAL_RUN.match(text, pos)
    if not m:
        return None
    lead = "the "
    probe = lead + m.group(1)
    for mm in find_models(probe):
        if mm.end == len(probe):
            start = m.start(1) + mm.start - len(lead)
            return ModelMention(text[start:m.end()], start, m.end(), mm.brand_id, mm.brand)
    return None
