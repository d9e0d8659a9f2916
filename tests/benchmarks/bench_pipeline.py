"""`make bench`: throughput of each stage against a baseline measured in the same run, same site of
real-size pages (tests/benchmarks/realistic.py).

Machines here are noisy, so every figure is printed next to a baseline doing the bare minimum of
the same work, in the same process and minute:

  crawl    our spider (politeness off) vs a bare Scrapy spider that only fetches the same URLs
  clean    transforms.clean.clean_page vs trafilatura.extract with default options
  load     warehouse.load.load_landing vs DuckDB reading the same Parquet into a table
  extract  transforms.extract.extract_article on the dev set (or demo articles) vs the 100/s target
  e2e      the whole plain pipeline on the site: articles/min
Peak memory (this process and its children) closes the report.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

N_PAGES = 240
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}


def build_site(root: Path, n: int) -> list[str]:
    """n real-size article pages (tests/benchmarks/realistic.py: real publishers' markup, ~165 kB, with
    distinct auto-news text), laid out like the demo site (so its source fits)."""
    from tests.benchmarks import realistic

    (root / "news").mkdir(parents=True)
    paths = []
    for i, page in enumerate(realistic.pages(n, start=20_000_000)):
        path = f"/news/bench-{i:04d}.html"
        (root / path.lstrip("/")).write_bytes(page.html)
        paths.append(path)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return paths


def write_sitemap(root: Path, base: str, paths: list[str]) -> None:
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>2024-05-01</lastmod></url>" for p in paths)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        encoding="utf-8",
    )


BARE_SPIDER = textwrap.dedent(
    """
    import json, scrapy
    class Bare(scrapy.Spider):
        name = "bare"
        custom_settings = {"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False,
                           "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "TELNETCONSOLE_ENABLED": False}
        async def start(self):
            for url in json.load(open(self.urls)):
                yield scrapy.Request(url)
        def parse(self, response):
            yield {"url": response.url, "n": len(response.body)}
    """
)


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def bench_crawl(site: Path, base: str, paths: list[str], settings) -> tuple[list[Path], float, float]:
    from spiders.run import run_crawl
    from spiders.sources import select_sources

    sources = select_sources(["demo"], base)  # the bench site has the demo site's layout
    result, ours = timed(run_crawl, sources, settings.landing_dir, run_id="bench-crawl", overrides=FAST)
    fetched = result.stats.get("fetched", 0)
    with tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "urls.json"
        urls.write_text(json.dumps([base + p for p in paths]))
        spider = Path(tmp) / "bare.py"
        spider.write_text(BARE_SPIDER)
        items = Path(tmp) / "items.jsonl"
        proc, bare = timed(
            subprocess.run,
            [sys.executable, "-m", "scrapy", "runspider", str(spider), "-O", f"{items}:jsonlines",
             "-a", f"urls={urls}"],
            check=False, capture_output=True, text=True, cwd=tmp,
        )
        got = len(items.read_text().splitlines()) if items.exists() else 0
        if got != len(paths):
            raise SystemExit(f"bare spider fetched {got}/{len(paths)} pages:\n{proc.stderr[-2000:]}")
    report("crawl", fetched / ours, len(paths) / bare, "pages/s", "bare Scrapy fetch")
    return result.files, ours, bare


def bench_load(files: list[Path], settings) -> None:
    import duckdb

    from warehouse import load as wh
    from warehouse.db import connect

    con = connect(settings.db_path)
    try:
        counts, ours = timed(wh.load_landing, con, files)
    finally:
        con.close()
    rows = sum(duckdb.execute(f"SELECT count(*) FROM read_parquet('{f}')").fetchone()[0] for f in files)
    raw = duckdb.connect(str(settings.data_dir / "raw.duckdb"))
    listing = ", ".join(f"'{f}'" for f in files)
    _, base = timed(raw.execute, f"CREATE TABLE t AS SELECT * FROM read_parquet([{listing}])")
    raw.close()
    report("load", rows / ours, rows / base, "rows/s", "DuckDB read_parquet → table")


def bench_clean(files: list[Path]) -> None:
    import duckdb
    import trafilatura

    from transforms.clean import clean_page

    listing = ", ".join(f"'{f}'" for f in files)
    rows = duckdb.sql(
        f"SELECT page_id, url, body, headers FROM read_parquet([{listing}]) WHERE body IS NOT NULL"
    ).fetchall()
    _, ours = timed(lambda: [clean_page(r[0], r[1], r[2], json.loads(r[3] or "{}")) for r in rows])
    _, base = timed(lambda: [trafilatura.extract(r[2]) for r in rows])
    report("clean", len(rows) / ours, len(rows) / base, "pages/s", "trafilatura.extract defaults")


def bench_extract() -> None:
    from transforms.extract import extract_article, forget_texts

    dev = SHARED / "eval" / "dev_articles.jsonl"
    if dev.exists():
        articles = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
        label = "dev set"
    else:
        articles = [{"id": "x", "title": "Acme sells cars", "text": "Acme sold 1,000 cars in 2023. " * 40}]
        label = "synthetic"
    extract_article(articles[0])  # warm caches (company table, regexes)

    def three_cold_passes() -> None:
        for _ in range(3):
            forget_texts()  # each pass reads the texts as new ones
            for a in articles:
                extract_article(a)

    _, secs = timed(three_cold_passes)
    rate = 3 * len(articles) / secs
    print(f"extract  {rate:10.1f} articles/s on the {label}, 1 core target 100/s   ratio {rate / 100:5.2f}")


def bench_e2e(site_settings) -> None:
    from flows import steps

    result, secs = timed(steps.run_pipeline, site_settings, ["demo"])
    per_min = result["clean"].get("articles", 0) / secs * 60
    print(f"e2e      {per_min:10.1f} articles/min (whole plain pipeline)")


def report(stage: str, ours: float, base: float, unit: str, what: str) -> None:
    print(f"{stage:<8} {ours:10.1f} {unit:<8} baseline ({what}) {base:10.1f}   ratio {ours / base:5.2f}")


def main() -> int:
    from flows.settings import load_settings
    from spiders.site_server import serve_in_thread

    work = Path(tempfile.mkdtemp(prefix="autofacts-bench-"))
    try:
        site = work / "site"
        paths = build_site(site, N_PAGES)
        server, base = serve_in_thread(site)
        write_sitemap(site, base, paths)
        settings = load_settings({"AUTOFACTS_DATA": str(work / "data")})
        settings.data_dir.mkdir(parents=True)
        print(f"fixture site: {len(paths)} article pages at {base}\n")
        files, _, _ = bench_crawl(site, base, paths, settings)
        bench_clean(files)
        bench_load(files, settings)
        bench_extract()
        e2e_settings = dataclasses.replace(
            load_settings({"AUTOFACTS_DATA": str(work / "e2e")}), demo_url=base
        )
        bench_e2e(e2e_settings)
        server.shutdown()
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\npeak memory: {me:.0f} MiB (this process), {kids:.0f} MiB (largest child: Scrapy)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
