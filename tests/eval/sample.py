"""Draw the labelled evaluation set from ../shared/corpus once, deterministically, and split it.

The draw is keyed by a fixed seed and each article's id (sha256), so re-running it gives the same
articles, batches and split. Articles over MAX_CHARS characters are left out (labelling cost).
The split is frozen: `tune` batches (t01..) may be read while fixing the extractor; `validation`
batches (v01..) may only be scored. Run:  python -m tests.eval.sample  (writes tests/eval/sample.jsonl);
`--draw N` appends the Nth, tuning-only draw (LATER_DRAWS, N = 2..35) as the next batches
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

SEED = "autofacts-eval-2026-12"
MAX_CHARS = 8000
BATCH_SIZE = 25
HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared"
TEXT = SHARED / "corpus" / "auto_text"
HTML = SHARED / "corpus" / "auto_html"
DEV = SHARED / "eval" / "dev_articles.jsonl"

# pool name -> (file under auto_text, articles drawn, of which validation)
POOLS: dict[str, tuple[str, int, int]] = {
    "reuters-2006-2013": ("reuters_2006_2013_auto.jsonl", 150, 69),
    "finance-2025": ("finance_news_2025_auto.jsonl", 70, 32),
    "pushevs": ("pushevs_2015_2026_ev_news.jsonl", 45, 21),
    "reuters-1987": ("reuters21578_1987_auto.jsonl", 35, 16),
    "bbc-2004": ("bbc_news_2004_2005_auto_business.jsonl", 18, 8),
}
HTML_POOL = ("auto-html", 10, 5)  # the English pages of auto_html, cleaned by transforms.clean

# Later draws, tuning only, appended after the first was labelled without touching its rows:
# nth draw -> pool -> [(cue the text must match, articles)]. 2: more examples for the learned scorer
# (batches t08..); 3: enriched for stories that name a cooperation or a sales figure (t16..); 4: random
# Reuters stories (t24..); 5: Reuters stories with sales figures (t26..); 6: 2025 wire and finance news
# and PushEVs (t28..), so that calibration is not Reuters alone. 4, 5 and 6 are the calibration batches
# (tests/eval/train.py). 7: Reuters 2006-2013 (the weakest source on validation) and PushEVs stories that
# name a cooperation or a sales figure (t31..), more training examples for the scorer. 8: Reuters 2006-2013,
# random and cooperation stories (t33..), the same again as the next honest estimate on that source. 9: the
# last 2025 finance stories, PushEVs and Reuters 2006-2013 sales stories (t35..). 10: random Reuters 2006-2013
# and PushEVs stories (t37..), scored once with the session's final extractor: its honest estimate. 11: random
# Reuters 2006-2013 and PushEVs stories again (t39..), the next session's honest estimate. 12: the same once
# more (t41..), scored first with that session's final extractor. 13: the same (t43..), the next
# session's honest estimate, labelled by two passes that read differently (LABELLING.md). 14: the same
# (t45..), labelled while the session worked and scored first with its final extractor. 15: the same
# (t47..), labelled while a session worked on speed (outputs unchanged), scored first with extractor 0.2.27.
# 16: the same (t49..), labelled while the next session mended CI, scored first with extractor 0.2.27.
# 17: the same (t51..), labelled while that session worked, scored first with extractor 0.2.28.
# 18: the same (t53..), scored first with that session's extractor 0.2.30. 19: the same (t55, 33 articles: the
# last 8 PushEVs stories short enough), scored first with that session's last extractor. 20: 50 random Reuters
# 2006-2013 stories (t56, t57), scored first with the same extractor, 0.2.32. 21: 50 random Reuters 2006-2013
# stories again (t58, t59), labelled while the next session worked, scored first with its extractor. 22: the
# same (t60, t61), labelled while that session worked and scored first with its final extractor. 23: the
# same (t62, t63), drawn after that extractor (0.2.40) was frozen and scored first with it. 24: the same (t64,
# t65). 25: 50 Reuters 2006-2013 stories that name a cooperation (t66, t67): random draws give about six
# partnership facts a batch, too few to tell one partnership rule from another. 26: 50 random Reuters
# 2006-2013 stories again (t68, t69), labelled while a session worked, scored first with its last extractor.
# 27: 25 Reuters 2006-2013 stories with a sales figure and 25 that name a cooperation (t70, t71), so that one
# batch holds enough facts of each kind to tell one rule from another. 28: 50 random Reuters 2006-2013
# stories (t72, t73), labelled while that session worked, scored first with its extractor then (0.2.63).
# 29: the same again (t74, t75), drawn after 0.2.64 and scored first with it, the session's last extractor.
# 30: 25 Reuters 2006-2013 stories with a sales figure and 25 that name a cooperation (t76, t77), as 27.
# 31: 25 random Reuters 2006-2013 stories and 25 that name a cooperation (t78, t79), drawn after 0.2.66.
# 32: 25 Reuters 2006-2013 stories with a sales figure and 25 random ones (t80, t81), drawn after 0.2.69.
# 33: 25 Reuters 2006-2013 stories naming a cooperation and 25 with a sales figure (t82, t83), after 0.2.70.
# 34: 50 random Reuters 2006-2013 stories (t84, t85), to be scored first with the session's last extractor.
# 35: 25 Reuters 2006-2013 stories with a sales figure and 25 naming a cooperation (t86, t87), the same.
LATER_DRAWS: dict[int, dict[str, list[tuple[str, int]]]] = {
    2: {"reuters-2006-2013": [("any", 100)], "finance-2025": [("any", 50)], "pushevs": [("any", 50)]},
    3: {"reuters-2006-2013": [("partnership", 60), ("sales", 60)], "finance-2025": [("any", 40)],
        "pushevs": [("partnership", 20), ("sales", 20)]},
    4: {"reuters-2006-2013": [("any", 50)]},
    5: {"reuters-2006-2013": [("sales", 50)]},
    6: {"finance-2025": [("any", 40)], "pushevs": [("any", 35)]},
    7: {"reuters-2006-2013": [("partnership", 25), ("sales", 25)], "pushevs": [("partnership", 25)]},
    8: {"reuters-2006-2013": [("any", 25), ("partnership", 25)]},
    9: {"finance-2025": [("any", 10)], "pushevs": [("any", 15)], "reuters-2006-2013": [("sales", 25)]},
    10: {"reuters-2006-2013": [("any", 30)], "pushevs": [("any", 20)]},
    11: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    12: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    13: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    14: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    15: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    16: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    17: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    18: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    19: {"reuters-2006-2013": [("any", 25)], "pushevs": [("any", 25)]},
    20: {"reuters-2006-2013": [("any", 50)]},
    21: {"reuters-2006-2013": [("any", 50)]},
    22: {"reuters-2006-2013": [("any", 50)]},
    23: {"reuters-2006-2013": [("any", 50)]},
    24: {"reuters-2006-2013": [("any", 50)]},
    25: {"reuters-2006-2013": [("partnership", 50)]},
    26: {"reuters-2006-2013": [("any", 50)]},
    27: {"reuters-2006-2013": [("sales", 25), ("partnership", 25)]},
    28: {"reuters-2006-2013": [("any", 50)]},
    29: {"reuters-2006-2013": [("any", 50)]},
    30: {"reuters-2006-2013": [("sales", 25), ("partnership", 25)]},
    31: {"reuters-2006-2013": [("any", 25), ("partnership", 25)]},
    32: {"reuters-2006-2013": [("sales", 25), ("any", 25)]},
    33: {"reuters-2006-2013": [("partnership", 25), ("sales", 25)]},
    34: {"reuters-2006-2013": [("any", 50)]},
    35: {"reuters-2006-2013": [("sales", 25), ("partnership", 25)]},
}
# the last batch each draw follows, so each is appended once and in order
_FOLLOWS = {2: 7, 3: 15, 4: 23, 5: 25, 6: 27, 7: 30, 8: 32, 9: 34, 10: 36, 11: 38, 12: 40, 13: 42, 14: 44,
            15: 46, 16: 48, 17: 50, 18: 52, 19: 54, 20: 55, 21: 57, 22: 59, 23: 61, 24: 63, 25: 65, 26: 67,
            27: 69, 28: 71, 29: 73, 30: 75, 31: 77, 32: 79, 33: 81, 34: 83, 35: 85}
CUES = {
    "partnership": r"\b(?:partner\w*|joint venture|alliance|tie-?up|supply (?:deal|agreement|contract)|"
                   r"memorandum of understanding|co-?develop\w*|cooperat\w*|collaborat\w*)\b",
    "sales": r"\b(?:sold|sales (?:rose|fell|of)|deliver(?:ed|ies)|registrations)\b[^.]{0,80}\d",
    "any": r".",
}


def rank(key: str, purpose: str) -> str:
    """A stable pseudo-random sort key for one article and one purpose (draw, split, batch)."""
    return hashlib.sha256(f"{SEED}:{purpose}:{key}".encode()).hexdigest()


def _dev_ids() -> set[str]:
    with DEV.open(encoding="utf-8") as fh:
        return {json.loads(line)["id"] for line in fh if line.strip()}


def draw() -> list[dict]:
    """Rows {id, pool, file, split, batch}: the new articles of the set, dev articles not included."""
    dev = _dev_ids()
    picked: list[dict] = []
    for pool, (name, n, n_val) in POOLS.items():
        with (TEXT / name).open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        ok = [r for r in rows if r["id"] not in dev and len(r.get("text") or "") <= MAX_CHARS]
        ok.sort(key=lambda r: rank(r["id"], "draw"))
        chosen = sorted(ok[:n], key=lambda r: rank(r["id"], "split"))
        for i, r in enumerate(chosen):
            picked.append({"id": r["id"], "pool": pool, "file": f"auto_text/{name}",
                           "split": "validation" if i < n_val else "tune"})
    with (HTML / "labels.csv").open(encoding="utf-8") as fh:
        english = [r["file"] for r in csv.DictReader(fh) if r["lang"] == "en"]
    pool, n, n_val = HTML_POOL
    chosen = sorted(english, key=lambda f: rank(f, "split"))[:n]
    for i, f in enumerate(chosen):
        picked.append({"id": f"html-{Path(f).stem}", "pool": pool, "file": f"auto_html/{f}",
                       "split": "validation" if i < n_val else "tune"})
    return _batch(picked)


def _batch(rows: list[dict]) -> list[dict]:
    """Number batches per split (t01.., v01..), each mixing pools in a stable order."""
    for split, prefix in (("tune", "t"), ("validation", "v")):
        part = sorted((r for r in rows if r["split"] == split), key=lambda r: rank(r["id"], "batch"))
        n_batches = max(1, round(len(part) / BATCH_SIZE))
        for i, r in enumerate(part):
            r["batch"] = f"{prefix}{i % n_batches + 1:02d}"
    return sorted(rows, key=lambda r: (r["batch"], r["id"]))


def draw_more(drawn: list[dict], nth: int) -> list[dict]:
    """The nth draw (LATER_DRAWS): per pool and cue, articles not drawn before whose text matches the cue,
    all tuning, numbered as the batches after the last one drawn."""
    taken = {r["id"] for r in drawn} | _dev_ids()
    picked: list[dict] = []
    for pool, wants in LATER_DRAWS[nth].items():
        name = POOLS[pool][0]
        with (TEXT / name).open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        ok = [r for r in rows if r["id"] not in taken and len(r.get("text") or "") <= MAX_CHARS]
        ok.sort(key=lambda r: rank(r["id"], f"draw-{nth}"))
        for cue, n in wants:
            rx = re.compile(CUES[cue], re.I)
            hits = [r for r in ok if r["id"] not in taken and rx.search(r.get("text") or "")][:n]
            taken |= {r["id"] for r in hits}
            picked += [{"id": r["id"], "pool": pool, "file": f"auto_text/{name}", "split": "tune"}
                       for r in hits]
    first = max(int(r["batch"][1:]) for r in drawn if r["batch"].startswith("t")) + 1
    picked.sort(key=lambda r: rank(r["id"], f"batch-{nth}"))
    n_batches = max(1, round(len(picked) / BATCH_SIZE))
    for i, r in enumerate(picked):
        r["batch"] = f"t{first + i % n_batches:02d}"
    return sorted(picked, key=lambda r: (r["batch"], r["id"]))


if __name__ == "__main__":
    import sys

    out = HERE / "sample.jsonl"
    if sys.argv[1:2] == ["--draw"] and len(sys.argv) == 3:
        nth = int(sys.argv[2])
        with out.open(encoding="utf-8") as fh:
            drawn = [json.loads(line) for line in fh if line.strip()]
        last = max(int(r["batch"][1:]) for r in drawn if r["batch"].startswith("t"))
        if _FOLLOWS.get(nth) != last:
            sys.exit(f"draw {nth} follows batch t{_FOLLOWS.get(nth, 0):02d}; the last batch is t{last:02d}")
        rows = drawn + draw_more(drawn, nth)
    else:
        rows = draw()
    with out.open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"{len(rows)} articles -> {out}")
