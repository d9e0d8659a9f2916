"""Quality and speed of the CLEAN stage against plain trafilatura on the article-extraction benchmark.

    .venv/bin/python -m tests.benchmarks.bench_clean [--rounds N] [--keep DIR]

Reads ../shared/corpus/extraction_benchmark/scrapinghub_article_extraction_benchmark (181 pages)
by path, decodes each page once, then in the same process runs `clean_records` (our stage, with
dedupe) and `trafilatura.extract` with default options over the same strings, in alternating
rounds (best round kept: the machine is shared). Both outputs are scored with the benchmark's own
../shared/eval/score_clean.py, loaded by path. Prints F1 for both and the pages/s ratio; the gate
is clean_f1 >= 0.96 at >= 0.8x trafilatura's pages/s.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import runpy
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

from transforms.clean import clean_records
from transforms.encoding import decode_html

SHARED = Path(__file__).resolve().parents[3] / "shared"
BENCH = SHARED / "corpus" / "extraction_benchmark" / "scrapinghub_article_extraction_benchmark"
SCORER = SHARED / "eval" / "score_clean.py"


def load_pages() -> list[dict]:
    """The benchmark as `autofacts clean` input records: {"id", "url", "html"}."""
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, gold in truth.items():
        raw = gzip.decompress((BENCH / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append({"id": page_id, "url": gold.get("url", ""), "html": decode_html(raw)})
    return pages


def score(lines: list[dict], workdir: Path, name: str) -> str:
    """The official scorer's two summary lines for these output lines."""
    path = workdir / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    scorer = runpy.run_path(str(SCORER))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scorer["main"]([str(BENCH / "ground-truth.json"), str(path)])
    return out.getvalue().strip()


def run_ours(pages: list[dict]) -> tuple[list[dict], float]:
    start = time.perf_counter()
    lines = list(clean_records(pages))
    return lines, time.perf_counter() - start


def run_trafilatura(pages: list[dict]) -> tuple[list[dict], float]:
    start = time.perf_counter()
    lines = [{"id": p["id"], "text": trafilatura.extract(p["html"], url=p["url"]) or ""} for p in pages]
    return lines, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds per extractor (best kept)")
    parser.add_argument("--keep", type=Path, help="write both outputs (JSONL) into this folder")
    args = parser.parse_args(argv)
    if not BENCH.is_dir() or not SCORER.is_file():
        print(f"bench_clean: ../shared benchmark not found at {BENCH}", file=sys.stderr)
        return 2

    pages = load_pages()
    ours_t, base_t = [], []
    ours = base = []
    for _ in range(max(1, args.rounds)):
        base, t = run_trafilatura(pages)
        base_t.append(t)
        ours, t = run_ours(pages)
        ours_t.append(t)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        ours_score = score(ours, workdir, "clean")
        base_score = score(base, workdir, "trafilatura")

    skipped = [line for line in ours if "skipped" in line]
    ours_pps, base_pps = len(pages) / min(ours_t), len(pages) / min(base_t)
    print(f"pages: {len(pages)}; skipped by clean: {len(skipped)} {[s['skipped'] for s in skipped]}")
    print(f"autofacts clean       : {' '.join(ours_score.split())}  {ours_pps:.1f} pages/s")
    print(f"trafilatura.extract() : {' '.join(base_score.split())}  {base_pps:.1f} pages/s")
    print(f"speed ratio (clean / trafilatura default): {ours_pps / base_pps:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
