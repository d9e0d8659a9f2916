"""`make bench` at real size: realistic pages (tests/benchmarks/realistic.py) through the real path.

Each figure is printed next to a baseline measured in the same run, on the same pages:

  clean    transforms.clean.clean_page vs trafilatura.extract, in 1 process and in N (AUTOFACTS_WORKERS)
  load     warehouse.load_landing vs DuckDB's own CREATE TABLE AS SELECT * FROM read_parquet(...)
  import   `autofacts import` of the Reuters pool as JSON Lines (articles/s) and of a WARC built from
           the demo site (pages/s), each against single-process trafilatura.extract
  path     WARC → import/load → clean → extract → publish at 1k and 10k pages (100k with BENCH_FULL=1):
           per stage wall, pages/s, cores busy (CPU time of the process tree / wall) and peak RSS
           (sum over the process tree, sampled every 0.1 s)

Stages run as subprocesses with a fresh warehouse per size, so each stage's memory is its own.
BENCH_SIZES=1000,10000 overrides the sizes; the machine's load average is printed with each table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil

from tests.benchmarks import realistic

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "corpus" / "auto_text" / "reuters_2006_2013_auto.jsonl"
SAMPLE = 300  # pages for the clean-vs-trafilatura comparison


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    out: str = ""

    @property
    def cores(self) -> float:
        return self.cpu / self.wall if self.wall else 0.0


class _Sampler(threading.Thread):
    """Peak RSS of a process and all its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.cpu, self._halt = pid, 0, 0.0, threading.Event()
        self._cpu: dict[int, float] = {}

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                        t = p.cpu_times()
                        self._cpu[p.pid] = t.user + t.system
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            self._halt.wait(0.1)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run(code: str, env: dict[str, str]) -> Measure:
    """Run Python `code` in a subprocess; wall, CPU time of the process tree, peak tree RSS."""
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode:
        raise SystemExit(f"stage failed ({proc.returncode}): {code[:80]}")
    return Measure(wall, cpu, sampler.peak / 2**20, out)


STAGES = {
    "import": """
from pathlib import Path
from flows.settings import load_settings
from flows.imports import import_archives
import json
print(json.dumps(import_archives(load_settings(), [Path({warc!r})], run_id="bench-import")))
""",
    "clean": """
from flows.settings import load_settings
from flows import steps
import json
print(json.dumps(steps.clean(load_settings(), run_id="bench-clean")))
""",
    "extract": """
from flows.settings import load_settings
from flows import steps
import json
print(json.dumps(steps.extract(load_settings(), run_id="bench-extract")))
""",
    "publish": """
from flows.settings import load_settings
from flows import steps
steps.publish(load_settings())
print("{}")
""",
}


def bench_path(n: int, work: Path, env: dict[str, str]) -> dict[str, Measure]:
    """The whole path at n pages, stage by stage, into a fresh warehouse."""
    warc = work / f"pages-{n}.warc.gz"
    if not warc.exists():
        realistic.write_warc(warc, n)
    data = work / f"data-{n}"
    env = {**env, "AUTOFACTS_DATA": str(data), "AUTOFACTS_DB": str(data / "autofacts.duckdb")}
    out: dict[str, Measure] = {}
    for stage, code in STAGES.items():
        out[stage] = run(code.replace("{warc!r}", repr(str(warc))), env)
    counts = run(
        "from warehouse.db import connect; from flows.settings import load_settings; import json\n"
        "c = connect(load_settings().db_path, read_only=True)\n"
        "print(json.dumps({t: c.execute(f'SELECT count(*) FROM {t}').fetchone()[0] for t in "
        "('pages', 'articles', 'skipped_pages', 'partnership_mentions', 'sales_mentions')}))",
        env,
    )
    out["counts"] = counts
    return out


def print_path(n: int, stages: dict[str, Measure]) -> None:
    print(f"\n## whole path, {n} realistic pages (load average {os.getloadavg()[0]:.2f})\n")
    print("| stage | wall s | pages/s | cores busy | peak RSS MB |")
    print("|---|---|---|---|---|")
    total = Measure(0, 0, 0)
    for stage in STAGES:
        m = stages[stage]
        total.wall += m.wall
        total.cpu += m.cpu
        total.peak_mb = max(total.peak_mb, m.peak_mb)
        print(f"| {stage} | {m.wall:.1f} | {n / m.wall:.1f} | {m.cores:.2f} | {m.peak_mb:.0f} |")
    print(
        f"| **whole path** | {total.wall:.1f} | {n / total.wall:.1f} | {total.cores:.2f}"
        f" | {total.peak_mb:.0f} |"
    )
    print(f"\nrows: {stages['counts'].out.strip()}")


# ------------------------------------------------------------------ clean vs trafilatura


def _traf(html: bytes) -> int:
    import trafilatura

    return len(trafilatura.extract(html.decode("utf-8", "replace")) or "")


def _ours(args: tuple[str, bytes]) -> int:
    from transforms.clean import clean_page

    url, html = args
    return 1 if hasattr(clean_page("x", url, html, {"content-type": "text/html"}), "text") else 0


def bench_clean(workers: int) -> float:
    """Pages/s of trafilatura.extract on one core (the yardstick for the targets), with ratios printed."""
    sample = list(realistic.pages(SAMPLE, start=10_000_000))
    htmls = [p.html for p in sample]
    pairs = [(p.url, p.html) for p in sample]

    def rate(fn, items, n_proc: int) -> float:
        t0 = time.perf_counter()
        if n_proc == 1:
            for x in items:
                fn(x)
        else:
            with ProcessPoolExecutor(n_proc) as pool:
                list(pool.map(fn, items, chunksize=10))
        return len(items) / (time.perf_counter() - t0)

    traf1 = rate(_traf, htmls, 1)
    ours1 = rate(_ours, pairs, 1)
    trafn = rate(_traf, htmls, workers)
    oursn = rate(_ours, pairs, workers)
    print(f"\n## clean, {SAMPLE} realistic pages (avg {sum(map(len, htmls)) / len(htmls) / 1e3:.0f} kB)\n")
    print(
        f"clean_page, 1 process:      {ours1:6.1f} pages/s = {ours1 / traf1:.2f}x trafilatura.extract "
        f"({traf1:.1f}/s)"
    )
    print(
        f"clean_page, {workers} processes: {oursn:6.1f} pages/s = {oursn / trafn:.2f}x trafilatura.extract "
        f"in {workers} processes ({trafn:.1f}/s), {oursn / traf1:.2f}x single-process trafilatura"
    )
    return traf1


# ------------------------------------------------------------------ load vs read_parquet


def bench_load(work: Path, env: dict[str, str], n: int) -> None:
    """Our load of the landing files vs DuckDB's own CTAS from the same files."""
    landing = sorted((work / f"data-{n}" / "landing").glob("*/pages-*.parquet"))
    if not landing:
        return
    files = [str(p) for p in landing]
    db = work / "ctas.duckdb"
    db.unlink(missing_ok=True)
    base = run(
        "import duckdb, sys\n"
        f"c = duckdb.connect({str(db)!r})\n"
        f"c.execute('CREATE TABLE t AS SELECT * FROM read_parquet(?)', [{files!r}])\n",
        env,
    )
    data = work / "load-only"
    ours = run(
        "from pathlib import Path\n"
        "from warehouse.db import writer\n"
        "from warehouse.pages import load_landing\n"
        f"with writer(Path({str(data / 'autofacts.duckdb')!r})) as con:\n"
        f"    load_landing(con, [Path(f) for f in {files!r}])\n",
        env,
    )
    print(f"\n## load, {n} landed pages ({sum(p.stat().st_size for p in landing) / 1e6:.0f} MB Parquet)\n")
    print(
        f"load_landing: {ours.wall:.1f} s, peak {ours.peak_mb:.0f} MB = {ours.wall / base.wall:.2f}x the time"
        " "
        f"and {ours.peak_mb / max(base.peak_mb, 1):.2f}x the memory of DuckDB CTAS read_parquet "
        f"({base.wall:.1f} s, {base.peak_mb:.0f} MB)"
    )


# ------------------------------------------------------------------ import rates


def bench_import(work: Path, env: dict[str, str], traf1: float) -> None:
    print("\n## autofacts import\n")
    if REUTERS.exists():
        data = work / "reuters"
        e = {**env, "AUTOFACTS_DATA": str(data), "AUTOFACTS_DB": str(data / "autofacts.duckdb")}
        m = run(f"from flows.cli import main; import sys; sys.exit(main(['import', {str(REUTERS)!r}]))", e)
        summary = json.loads(m.out)
        n = summary["import"]["jsonl"]["lines"]
        print(
            f"Reuters pool as JSON Lines: {n} articles in {m.wall:.1f} s (import + extract + publish) = "
            f"{n / m.wall:.1f} articles/s, {summary['import']['jsonl']['articles']} stored, "
            f"{summary['extract'].get('articles', 0)} extracted; peak {m.peak_mb:.0f} MB"
        )
    warc = work / "demo.warc.gz"
    from spiders.demo_site import DEMO_ROOT
    from tests.warcs import Response, write_warc

    pages = sorted((Path(DEMO_ROOT) / "news").glob("*.html"))
    write_warc(
        warc,
        [Response(f"http://demo.test/news/{i}/{p.name}", p.read_bytes()) for i in range(30) for p in pages],
    )
    data = work / "demo-warc"
    e = {**env, "AUTOFACTS_DATA": str(data), "AUTOFACTS_DB": str(data / "autofacts.duckdb")}
    m = run(f"from flows.cli import main; import sys; sys.exit(main(['import', {str(warc)!r}]))", e)
    n = len(pages) * 30
    print(
        f"demo site as a WARC ({n} pages, 30 copies of each of {len(pages)}): {m.wall:.1f} s = "
        f"{n / m.wall:.1f} pages/s through the whole path (single-process trafilatura: {traf1:.1f} pages/s "
        "on realistic pages)"
    )


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if s]
    if os.environ.get("BENCH_FULL") == "1" and 100_000 not in sizes:
        sizes.append(100_000)
    workers = int(os.environ.get("AUTOFACTS_WORKERS") or os.cpu_count() or 1)
    env = dict(os.environ)
    print(
        f"realistic pages from {'../shared' if realistic.BENCH_HTML.is_dir() else 'the demo site (fallback)'}"
        ";"
        f" {workers} workers; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}"
    )
    traf1 = bench_clean(workers)
    with tempfile.TemporaryDirectory(prefix="autofacts-bench-", dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        bench_import(work, env, traf1)
        for n in sizes:
            stages = bench_path(n, work, env)
            print_path(n, stages)
            path_rate = n / sum(stages[s].wall for s in STAGES)
            print(
                f"whole path: {path_rate:.1f} pages/s = {path_rate / traf1:.2f}x single-process "
                f"trafilatura.extract ({traf1:.1f} pages/s)"
            )
            bench_load(work, env, n)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
