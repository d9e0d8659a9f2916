"""End to end: run_crawl → `python -m spiders.crawl` (real Scrapy) → real HTTP on 127.0.0.1 (the mock
server subprocess) → landing Parquet files. One crawl of the fault site covers all fault cases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spiders.landing import LANDING_SCHEMA, known_pages_from_landing, page_id
from spiders.run import CrawlError, run_crawl
from spiders.settings import USER_AGENT
from spiders.sources import Source
from tests.mockserver import CHARSET_PAGES, FAST, FAULT_OVERRIDES, OFFSITE_TARGET, MockServer, fault_source

pytestmark = pytest.mark.slow

WINDOW = {"since": date(2026, 1, 1), "until": date(2026, 1, 31)}


def rows_of(files: list[Path]) -> dict[str, dict]:
    table = pa.concat_tables(pq.read_table(p) for p in files)
    assert table.schema.equals(LANDING_SCHEMA)
    rows = table.to_pylist()
    by_url = {r["url"]: r for r in rows}
    assert len(by_url) == len(rows), "a page landed twice"
    return by_url


@pytest.fixture(scope="module")
def news_site():
    with MockServer("news") as server:
        yield server


@pytest.fixture(scope="module")
def news_source(news_site) -> Source:
    return Source(
        name="fixture-news",
        sitemaps=(),  # found through the `Sitemap:` line of robots.txt
        robots_sitemaps=True,
        feeds=(news_site.url("/feed.xml"), news_site.url("/atom.xml")),
        allowed_domains=("127.0.0.1",),
        article_patterns=(r"^/news/[^/]+\.html$",),
        politeness={"download_timeout": 7, "download_delay": 5},  # the run's overrides win over the delay
    )


@pytest.fixture(scope="module")
def first_crawl(news_source, tmp_path_factory):
    lines: list[str] = []
    result = run_crawl(
        [news_source], tmp_path_factory.mktemp("landing"), **WINDOW, overrides=FAST, log=lines.append
    )
    return result, lines


def test_crawl_discovers_via_sitemap_index_gz_and_feeds_within_window(first_crawl, news_site):
    result, lines = first_crawl
    base = news_site.base
    rows = rows_of(result.files)
    fetched = {u.removeprefix(base + "/news/") for u, r in rows.items() if r["error"] is None}
    # alpha: news:publication_date; charlie: gzipped archive sitemap; delta: RSS; echo: Atom; undated: no date
    assert fetched == {"alpha.html", "bravo.html", "charlie.html", "delta.html", "echo.html", "undated.html"}
    assert set(rows) == {base + "/news/" + name for name in fetched}  # nothing outside the window landed
    stats = result.stats
    assert (stats["discovered"], stats["requested"], stats["fetched"]) == (9, 6, 6)
    assert (stats["out_of_window"], stats["unchanged"], stats["not_modified"]) == (3, 0, 0)
    assert stats["failed"] == {}
    assert stats["bytes"] == sum(len(r["body"]) for r in rows.values())

    alpha = rows[base + "/news/alpha.html"]
    assert alpha["page_id"] == page_id(alpha["url"]) and alpha["run_id"] == result.run_id
    assert alpha["status"] == 200 and alpha["source"] == "fixture-news"
    assert alpha["lastmod"] == datetime(2026, 1, 10, tzinfo=UTC)
    assert alpha["body"] == (Path(__file__).parents[1] / "fixtures/sites/news/news/alpha.html").read_bytes()
    headers = json.loads(alpha["headers"])
    assert headers["etag"] and headers["last-modified"] and headers["content-type"].startswith("text/html")
    assert rows[base + "/news/charlie.html"]["discovered_via"] == "sitemap"
    assert rows[base + "/news/echo.html"]["discovered_via"] == "feed"
    assert rows[base + "/news/undated.html"]["lastmod"] is None

    ran_with = stats["sources"]["fixture-news"]["settings"]
    assert (ran_with["DOWNLOAD_TIMEOUT"], ran_with["DOWNLOAD_DELAY"]) == (7, 0)
    assert ran_with["ROBOTSTXT_OBEY"] is True
    assert (result.batch_dir / "stats.json").is_file()
    assert result.batch_dir.name == result.run_id
    assert any("done: discovered=9" in line for line in lines)  # the subprocess's log is relayed
    agents = {e["user_agent"] for e in news_site.request_log()}
    assert agents == {USER_AGENT}
    assert not any(e["path"].startswith("/sitemap-2017") for e in news_site.request_log())


def test_second_crawl_downloads_no_article_bodies(first_crawl, news_site, news_source, tmp_path):
    result, _ = first_crawl
    known = known_pages_from_landing(result.files).to_pylist()
    # pretend the warehouse saw bravo before its last change: it must be re-requested conditionally
    for row in known:
        if row["url"].endswith("/bravo.html"):
            row["lastmod"] = datetime(2025, 12, 1, tzinfo=UTC)
    known_path = tmp_path / "known.parquet"
    pq.write_table(pa.Table.from_pylist(known, schema=known_pages_from_landing([]).schema), known_path)
    seen_before = len(news_site.request_log())

    again = run_crawl([news_source], tmp_path / "landing", **WINDOW, known_pages=known_path, overrides=FAST)

    stats = again.stats
    assert (stats["fetched"], stats["bytes"], stats["failed"]) == (0, 0, {})
    assert (stats["unchanged"], stats["not_modified"], stats["requested"]) == (4, 2, 2)
    rows = rows_of(again.files)
    assert {u.rsplit("/", 1)[1] for u in rows} == {"bravo.html", "undated.html"}
    for row in rows.values():
        assert (row["status"], row["error"], row["body"]) == (304, "not_modified", None)
    article_hits = [e for e in news_site.request_log()[seen_before:] if e["path"].startswith("/news/")]
    assert sorted(e["status"] for e in article_hits) == [304, 304]
    assert all(e["if_none_match"] for e in article_hits)

    # the 304 re-validated bravo at its new lastmod: a third crawl does not ask for it again
    known_path.unlink()
    pq.write_table(known_pages_from_landing([*result.files, *again.files]), known_path)
    third = run_crawl([news_source], tmp_path / "landing", **WINDOW, known_pages=known_path, overrides=FAST)
    assert (third.stats["unchanged"], third.stats["not_modified"], third.stats["fetched"]) == (5, 1, 0)


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    with MockServer("faults") as server:
        source = fault_source(server)
        overrides = FAULT_OVERRIDES
        lines: list[str] = []
        landing = tmp_path_factory.mktemp("landing")
        result = run_crawl([source], landing, overrides=overrides, log=lines.append)
        yield result, server.base, server.request_log(), lines


CASES = {
    "/news/malformed.html": (200, None),
    "/fault/flaky-500": (200, None),
    "/fault/always-503": (503, "http_503"),
    "/fault/429": (200, None),
    "/fault/slow": (0, "timeout"),
    "/fault/truncated": (0, "truncated"),
    "/fault/huge": (0, "too_large"),
    "/fault/huge-stream": (0, "too_large"),
    "/fault/pdf": (200, "not_html"),
    "/fault/redirect-offsite": (302, "offsite_redirect"),
    "/fault/redirect-local": (200, None),
    "/fault/missing": (404, "http_404"),
    "/fault/hangup": (0, "connection_error"),
    "/private/secret.html": (0, "robots_disallowed"),
    **{path: (200, None) for path in CHARSET_PAGES},
}


def test_every_fault_lands_as_a_row_with_its_reason(fault_crawl):
    result, base, _, _ = fault_crawl
    rows = rows_of(result.files)
    dns_url = "http://autofacts-test.invalid/news/nowhere.html"
    assert set(rows) == {base + p for p in CASES} | {dns_url}
    got = {p: (rows[base + p]["status"], rows[base + p]["error"]) for p in CASES}
    assert got == CASES
    assert rows[dns_url]["error"] == "dns_error"
    for row in rows.values():
        assert (row["body"] is not None) == (row["error"] is None), row["url"]
    stats = result.stats
    assert stats["requested"] == len(rows) and stats["fetched"] == sum(e is None for _, e in CASES.values())
    assert sum(stats["failed"].values()) == len(rows) - stats["fetched"]
    assert stats["discovery_failed"] == 2
    assert stats["sources"]["faults"]["spider_errors"] == 0


def test_fault_details(fault_crawl):
    result, base, log, lines = fault_crawl
    rows = rows_of(result.files)
    for path, (ctype, body) in CHARSET_PAGES.items():  # bytes land untouched, whatever the charset
        assert rows[base + path]["body"] == body
        assert json.loads(rows[base + path]["headers"])["content-type"] == ctype
    assert rows[base + "/news/malformed.html"]["body"].startswith(b"<html><head><title>Broken")
    offsite = rows[base + "/fault/redirect-offsite"]
    assert offsite["final_url"] == OFFSITE_TARGET
    local = rows[base + "/fault/redirect-local"]
    assert local["final_url"] == base + "/news/malformed.html?via=redirect"
    assert local["page_id"] == page_id(base + "/fault/redirect-local")
    statuses = {}
    for entry in log:
        statuses.setdefault(entry["path"], []).append(entry["status"])
    assert statuses["/fault/flaky-500"] == [500, 200]  # retried after a 500
    assert statuses["/fault/429"] == [429, 200]  # retried after Retry-After
    assert any("/fault/429 in 1.0s" in line for line in lines)  # waited what Retry-After asked
    assert any("Slowing down 127.0.0.1" in line for line in lines)  # and the whole site slowed down
    assert statuses["/fault/always-503"] == [503, 503]  # RETRY_TIMES=1, then landed as http_503
    assert "/private/secret.html" not in statuses  # robots.txt obeyed: never requested
    assert not any(p.startswith("/stolen") for p in statuses)


def test_crawl_errors_carry_the_last_log_lines(tmp_path, news_source):
    bad = tmp_path / "known.parquet"
    pq.write_table(pa.table({"link": ["http://x.example/"]}), bad)
    with pytest.raises(CrawlError, match="lacks column"):
        run_crawl([news_source], tmp_path / "landing", known_pages=bad, overrides=FAST)


def test_demo_source_crawls_the_bundled_demo_site_twice(tmp_path):
    from spiders.demo_site import start
    from spiders.sources import select_sources

    server, base = start()
    try:
        [demo] = select_sources(["demo"], base)
        first = run_crawl([demo], tmp_path / "landing")
        assert first.stats["fetched"] > 0 and first.stats["failed"] == {}
        assert first.stats["fetched"] == first.stats["requested"] == first.stats["discovered"]
        known = tmp_path / "known.parquet"
        pq.write_table(known_pages_from_landing(first.files), known)
        second = run_crawl([demo], tmp_path / "landing", known_pages=known)
        assert (second.stats["fetched"], second.stats["bytes"]) == (0, 0)
        assert second.stats["unchanged"] + second.stats["not_modified"] == first.stats["fetched"]
    finally:
        server.shutdown()


def test_a_crawl_past_its_timeout_is_stopped_and_raises(tmp_path, news_source):
    with pytest.raises(CrawlError, match="timed out"):
        run_crawl([news_source], tmp_path / "landing", overrides=FAST, timeout=0.2)
