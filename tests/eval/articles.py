"""The texts of the evaluation set, read by path from ../shared (never copied into the repository).

`auto_html` pages go through our own cleaner (transforms.clean), as in production; their date falls
back to the corpus' labels.csv when the page carries none.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from tests.eval.sample import DEV, HERE, HTML, SHARED

SAMPLE = HERE / "sample.jsonl"


def sample_rows(batches: Iterable[str] | None = None) -> list[dict]:
    """Rows of sample.jsonl (id, pool, file, split, batch), optionally only the given batches."""
    wanted = set(batches) if batches else None
    with SAMPLE.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if wanted is None or r["batch"] in wanted]


def dev_rows() -> list[dict]:
    """The shared dev set as rows of batch `dev` (tuning part)."""
    with DEV.open(encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh if line.strip()]
    dev = "eval/dev_articles.jsonl"
    return [{"id": i, "pool": _dev_pool(i), "file": dev, "split": "tune", "batch": "dev"} for i in ids]


def _dev_pool(article_id: str) -> str:
    if article_id.startswith("reuters21578"):
        return "reuters-1987"
    if article_id.startswith("bbc"):
        return "bbc-2004"
    if article_id.startswith("pushevs"):
        return "pushevs"
    return "seed"


def load_articles(rows: list[dict]) -> list[dict]:
    """Article dicts {id, url, title, published, text} for the given rows, in their order."""
    by_file: dict[str, set[str]] = {}
    for r in rows:
        by_file.setdefault(r["file"], set()).add(r["id"])
    found: dict[str, dict] = {}
    for name, ids in by_file.items():
        if name.startswith("auto_html/"):
            continue
        base = SHARED / ("" if name.startswith("eval/") else "corpus") / name
        with base.open(encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                if a["id"] in ids:
                    found[a["id"]] = {k: a.get(k) for k in ("id", "url", "title", "published", "text")}
    for r in rows:
        if r["file"].startswith("auto_html/"):
            found[r["id"]] = _html_article(r["id"], Path(r["file"]).name)
    return [found[r["id"]] for r in rows]


def _html_article(article_id: str, filename: str) -> dict:
    from transforms.clean import clean_page  # imported late: only html rows need trafilatura

    with (HTML / "labels.csv").open(encoding="utf-8") as fh:
        label = next(r for r in csv.DictReader(fh) if r["file"] == filename)
    art = clean_page(article_id, label["url"], (HTML / filename).read_bytes())
    text = getattr(art, "text", "") or ""
    published = getattr(art, "published", None)
    return {"id": article_id, "url": label["url"], "title": getattr(art, "title", None) or label["title"],
            "published": published.isoformat() if published else _month_start(label["published"]),
            "text": text}


def _month_start(value: str | None) -> str | None:
    """labels.csv dates are 'YYYY-MM' or 'YYYY-MM-DD'; a month stands for its first day."""
    if not value:
        return None
    return value if len(value) == 10 else f"{value}-01"


def export(batches: Iterable[str], out_dir: Path) -> list[Path]:
    """Write each batch's texts to out_dir/<batch>.jsonl for labellers (outside the repository)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for batch in batches:
        rows = sample_rows([batch]) if batch != "dev" else dev_rows()
        path = out_dir / f"{batch}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r, a in zip(rows, load_articles(rows), strict=True):
                fh.write(json.dumps({**a, "pool": r["pool"]}, ensure_ascii=False) + "\n")
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    # python -m tests.eval.articles t01 v02 ...  -> data/eval/texts/<batch>.jsonl
    for p in export(sys.argv[1:], Path("data/eval/texts")):
        print(p)
