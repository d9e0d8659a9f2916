"""`make eval`: run the extractor over the labelled set and report P/R/F1 per kind.

Rows: the tuning part, the frozen validation part, each source pool (per split) and each batch.
Errors go to data/eval/errors_tune.txt; validation errors are written only with
--validation-errors (reading them while fixing the extractor would spoil the split).
--record-first-run appends the scores of batches never scored before to first_runs.md.

    python -m tests.eval.evaluate [--batches t01 v02 ...] [--record-first-run] [--min-f1 0.85]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from tests.eval.articles import dev_rows, load_articles, sample_rows
from tests.eval.sample import DEV, HERE
from tests.eval.scoring import HEADER, KINDS, Scores, score_docs, shared_scorer

GOLD_DIR = HERE / "gold"
FIRST_RUNS = HERE / "first_runs.md"
OUT = Path("data/eval")


def labelled_rows(batches: Iterable[str] | None = None) -> list[dict]:
    """Rows of every batch that has gold (the dev set counts as batch `dev`), optionally filtered."""
    wanted = set(batches) if batches else None
    rows = [r for r in dev_rows() + sample_rows() if wanted is None or r["batch"] in wanted]
    have = {p.stem for p in GOLD_DIR.glob("*.jsonl")} | {"dev"}
    return [r for r in rows if r["batch"] in have]


def text_key(article: dict) -> str:
    """A key equal for two copies of one story (the corpus holds a few under different ids)."""
    body = " ".join((article.get("text") or "").split())[:2000]
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def without_leaks(rows: list[dict], articles: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows less the validation articles whose text is also a tuning article's (read while tuning, so no
    longer unseen), and the ids left out."""
    tune = {text_key(a) for r, a in zip(rows, articles, strict=True) if r["split"] != "validation"}
    leaked = [r["id"] for r, a in zip(rows, articles, strict=True)
              if r["split"] == "validation" and text_key(a) in tune]
    return [r for r in rows if r["id"] not in leaked], leaked


def load_gold(rows: list[dict]) -> dict[str, dict]:
    """Gold lines by article id for the given rows."""
    sc = shared_scorer()
    gold: dict[str, dict] = {}
    if any(r["batch"] == "dev" for r in rows):
        gold.update(sc.load(str(DEV.with_name("dev_gold.jsonl"))))
    for batch in sorted({r["batch"] for r in rows} - {"dev"}):
        gold.update(sc.load(str(GOLD_DIR / f"{batch}.jsonl")))
    ids = {r["id"] for r in rows}
    return {k: v for k, v in gold.items() if k in ids}


def predict(articles: list[dict]) -> dict[str, dict]:
    """The extractor's contract lines by article id (stated facts), with every fact it kept
    (stated or for review) under "_all" for the calibration table."""
    from transforms.extract import extract_article

    out = {}
    for a in articles:
        facts = extract_article(a)
        line = facts.to_contract()
        line["_all"] = {"partnerships": [p.to_contract() for p in facts.partnerships],
                        "sales": [s.to_contract() for s in facts.sales]}
        out[a["id"]] = line
    return out


BANDS = ((0.2, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 1.01))


def calibration(rows: list[dict], gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, list[tuple]]:
    """Per kind and confidence band: (band, facts, right) over every fact kept, where right means it
    matches a gold fact (optional ones included)."""
    sc = shared_scorer()
    match = {"partnerships": sc.partnership_match, "sales": sc.sales_match}
    out: dict[str, list[tuple]] = {}
    for kind in KINDS:
        counts = {b: [0, 0] for b in BANDS}
        for r in rows:
            for p in pred.get(r["id"], {}).get("_all", {}).get(kind, []):
                band = next((b for b in BANDS if b[0] <= p["confidence"] < b[1]), None)
                if band is None:
                    continue
                counts[band][0] += 1
                counts[band][1] += any(match[kind](p, g) for g in gold[r["id"]].get(kind, []))
        out[kind] = [(f"{lo:.1f}-{min(hi, 1.0):.1f}", n, right) for (lo, hi), (n, right) in counts.items()]
    return out


def groups(rows: list[dict]) -> dict[str, list[str]]:
    """Named groups of article ids: splits, pools per split, batches."""
    out: dict[str, list[str]] = {}
    for r in rows:
        split = "validation" if r["split"] == "validation" else "tune"
        for key in (split, f"{split} / {r['pool']}", f"batch {r['batch']}"):
            out.setdefault(key, []).append(r["id"])
    order = sorted(out, key=lambda k: (k not in ("tune", "validation"), k.startswith("batch"), k))
    return {k: out[k] for k in order}


def evaluate(rows: list[dict], gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, Scores]:
    """Scores per group."""
    sc = shared_scorer()
    return {name: score_docs({i: gold[i] for i in ids}, pred, sc) for name, ids in groups(rows).items()}


_REGION_ALIASES = {"us": "united states", "u s": "united states", "usa": "united states",
                   "america": "united states",
                   "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom",
                   "great britain": "united kingdom", "european union": "eu", "mainland china": "china"}


def _region_key(value: object) -> str | None:
    if not value:
        return None
    key = " ".join(str(value).lower().replace(".", " ").split())
    return _REGION_ALIASES.get(key, key)


def _segment_key(value: object) -> str:
    seg = str(value or "total").lower()
    return "other" if seg.startswith("other") else seg


def attributes(rows: list[dict], gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, tuple[int, int]]:
    """For sales the extractor got right (entity, units, period), as (agreeing, compared): the regions it
    states that agree with the gold's ("right or null": a null region is not compared), the regions the
    gold states that it states too, and the segments that agree."""
    sc = shared_scorer()
    out = {"region stated and right": [0, 0], "gold region found": [0, 0], "segment": [0, 0]}
    for r in rows:
        preds = pred.get(r["id"], {}).get("sales", [])
        for g in gold[r["id"]].get("sales", []):
            if g.get("optional"):
                continue
            p = next((p for p in preds if sc.sales_match(p, g)), None)
            if p is None:
                continue
            pr, gr = _region_key(p.get("region")), _region_key(g.get("region"))
            if "region" not in g:
                pass  # the shared dev gold has no region
            elif pr is not None:
                out["region stated and right"][1] += 1
                out["region stated and right"][0] += pr == gr
            if gr is not None and "region" in g:
                out["gold region found"][1] += 1
                out["gold region found"][0] += pr == gr
            if "segment" in g:
                out["segment"][1] += 1
                out["segment"][0] += _segment_key(p.get("segment")) == _segment_key(g.get("segment"))
    return {k: (v[0], v[1]) for k, v in out.items()}


def record_first_runs(results: dict[str, Scores], version: str) -> list[str]:
    """Append batches never scored before to first_runs.md; returns their names. The shared dev set is
    not one: it was tuned on before this evaluation existed, so it has no first run to record."""
    text = FIRST_RUNS.read_text(encoding="utf-8") if FIRST_RUNS.exists() else _first_runs_intro()
    new = []
    for name, s in results.items():
        if name.startswith("batch ") and name != "batch dev" and f"| {name} |" not in text:
            text += s.row(name) + f" {version} | {dt.date.today().isoformat()} |\n"
            new.append(name)
    FIRST_RUNS.write_text(text, encoding="utf-8")
    return new


def _first_runs_intro() -> str:
    return (
        "# First-run scores\n\nEach batch's score the first time it was scored, before any change made "
        "for it: the honest estimate on unseen news. Rows are appended by\n"
        "`python -m tests.eval.evaluate --record-first-run`, never edited.\n\n"
        + HEADER.replace("|\n|---|---|---|---|---|", "| extractor | date |\n|---|---|---|---|---|---|---|")
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batches", nargs="*", help="only these batches (t01, v03, dev, ...)")
    ap.add_argument("--record-first-run", action="store_true", help="append unseen batches to first_runs.md")
    ap.add_argument(
        "--validation-errors", action="store_true", help="also write data/eval/errors_validation.txt"
    )
    ap.add_argument("--min-f1", type=float, help="exit 1 when a validation or tuning F1 is below this")
    args = ap.parse_args(argv)

    from transforms.extract import EXTRACTOR_VERSION

    rows = labelled_rows(args.batches)
    if not rows:
        print("no labelled batches selected", file=sys.stderr)
        return 2
    everything = labelled_rows()
    _, leaked = without_leaks(everything, load_articles(everything))
    rows = [r for r in rows if r["id"] not in leaked]
    gold = load_gold(rows)
    pred = predict(load_articles(rows))
    results = evaluate(rows, gold, pred)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "predictions.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({k: v for k, v in pred[r["id"]].items() if k != "_all"}) + "\n"
                      for r in rows)
    report = f"extractor {EXTRACTOR_VERSION}\n\n{HEADER}\n" + "\n".join(s.row(n) for n, s in results.items())
    if leaked:
        report += (f"\n\n{len(leaked)} validation articles are copies of tuning ones and are left out: "
                   + ", ".join(leaked))
    for split in ("tune", "validation"):
        part = [r for r in rows if (r["split"] == "validation") == (split == "validation")]
        if part:
            attrs = attributes(part, gold, pred)
            report += f"\n\n{split}: of the sales it got right, " + ", ".join(
                f"{field} agrees with gold in {a}/{n} ({a / n:.0%})" if n else f"{field}: none compared"
                for field, (a, n) in attrs.items())
            report += f"\n{split}: calibration, share of kept facts right per confidence band:"
            for kind, bands in calibration(part, gold, pred).items():
                report += f"\n  {kind:13s} " + "  ".join(
                    f"{band}: {right}/{n}" + (f" ({right / n:.0%})" if n else "") for band, n, right in bands)
    (OUT / "report.md").write_text(report + "\n", encoding="utf-8")
    print(report)
    for split in ("tune", "validation"):
        if split in results and (split == "tune" or args.validation_errors):
            (OUT / f"errors_{split}.txt").write_text(
                "\n".join(results[split].errors) + "\n", encoding="utf-8"
            )
    print(
        f"\nerrors: {OUT / 'errors_tune.txt'}"
        + (" and errors_validation.txt" if args.validation_errors else "")
    )
    if args.record_first_run:
        new = record_first_runs(results, EXTRACTOR_VERSION)
        print(f"first runs recorded: {', '.join(new) or 'none new'}")
    if args.min_f1 is not None:
        low = [
            (n, k)
            for n in ("tune", "validation")
            if n in results
            for k, v in results[n].by_kind.items()
            if v["f1"] < args.min_f1
        ]
        if low:
            print(f"below {args.min_f1}: {low}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
