"""Discovery is bounded and polite (issue 10, item 3): an endless sitemap index stops at the run's
limits with the reason recorded, a crawl that runs out of time ends with what it has, and robots.txt's
`Crawl-delay` spaces the requests to its host (capped at ROBOTSTXT_CRAWL_DELAY_MAX)."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.test import get_crawler

from spiders.middlewares import RobotsCrawlDelayMiddleware
from spiders.run import run_crawl
from spiders.settings import CRAWL_DELAY_MAX, DEFAULTS, DISCOVERY_LIMITS
from spiders.sources import Source
from tests.mockserver import FAST, MockServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def faults_site():
    with MockServer("faults") as server:
        yield server


def _source(server: MockServer, *sitemaps: str, name: str = "limits") -> Source:
    return Source(
        name=name,
        sitemaps=tuple(server.url(p) for p in sitemaps),
        allowed_domains=("127.0.0.1",),
        article_patterns=(r"^/news/",),
    )


def _tree_requests(server: MockServer, since: int) -> list[str]:
    return [e["path"] for e in server.request_log()[since:] if e["path"].startswith("/fault/sitemap-tree/")]


def test_every_limit_has_a_default_setting():
    assert all(DEFAULTS[setting] > 0 for setting in DISCOVERY_LIMITS.values())
    assert DEFAULTS["ROBOTSTXT_CRAWL_DELAY_MAX"] == CRAWL_DELAY_MAX == 30.0
    assert DEFAULTS["CLOSESPIDER_TIMEOUT"] > 0


def test_an_endless_sitemap_index_stops_at_the_document_limit(faults_site, tmp_path):
    seen = len(faults_site.request_log())
    overrides = {**FAST, "AUTOFACTS_MAX_SITEMAP_DOCUMENTS": 25, "AUTOFACTS_MAX_SITEMAP_DEPTH": 50}
    result = run_crawl([_source(faults_site, "/fault/sitemap-tree/r.xml")], tmp_path, overrides=overrides)
    assert len(_tree_requests(faults_site, seen)) == 25
    limits = result.stats["sources"]["limits"]["limits"]
    assert limits["sitemap_documents"] > 0 and "sitemap_depth" not in limits


def test_an_endless_sitemap_index_stops_at_the_depth_limit(faults_site, tmp_path):
    seen = len(faults_site.request_log())
    overrides = {**FAST, "AUTOFACTS_MAX_SITEMAP_DEPTH": 3}
    result = run_crawl([_source(faults_site, "/fault/sitemap-tree/r.xml")], tmp_path, overrides=overrides)
    paths = _tree_requests(faults_site, seen)
    assert len(paths) == 1 + 2 + 4 + 8  # the declared index and three levels below it
    assert max(p.rsplit("/", 1)[1].count("-") for p in paths) == 3
    assert result.stats["sources"]["limits"]["limits"] == {"sitemap_depth": 16}


def test_discovered_urls_stop_at_the_url_limit(faults_site, tmp_path):
    overrides = {**FAST, "AUTOFACTS_MAX_DISCOVERED_URLS": 40}
    result = run_crawl([_source(faults_site, "/fault/urlset/500.xml")], tmp_path, overrides=overrides)
    assert (result.stats["discovered"], result.stats["requested"]) == (40, 40)
    assert result.stats["sources"]["limits"]["limits"] == {"discovered_urls": 460}


def test_a_crawl_out_of_time_ends_with_what_it_has_and_says_so(faults_site, tmp_path):
    overrides = {**FAST, "DOWNLOAD_DELAY": 0.2, "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "CLOSESPIDER_TIMEOUT": 2,
                 "AUTOFACTS_MAX_SITEMAP_DEPTH": 0, "AUTOFACTS_MAX_SITEMAP_DOCUMENTS": 0}
    result = run_crawl([_source(faults_site, "/fault/sitemap-tree/r.xml")], tmp_path, overrides=overrides)
    mine = result.stats["sources"]["limits"]
    assert mine["finish_reason"] == "closespider_timeout" and mine["limits"] == {"crawl_time": 1}


def test_discovery_time_limit_stops_new_discovery_requests(faults_site, tmp_path):
    overrides = {**FAST, "DOWNLOAD_DELAY": 0.2, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                 "AUTOFACTS_MAX_DISCOVERY_SECONDS": 1, "AUTOFACTS_MAX_SITEMAP_DEPTH": 0,
                 "AUTOFACTS_MAX_SITEMAP_DOCUMENTS": 0}
    result = run_crawl([_source(faults_site, "/fault/sitemap-tree/r.xml")], tmp_path, overrides=overrides)
    mine = result.stats["sources"]["limits"]
    assert mine["finish_reason"] == "finished" and mine["limits"]["discovery_time"] > 0


def test_crawl_delay_spaces_the_requests_to_its_host(tmp_path):
    with MockServer("polite") as server:
        source = Source(name="polite", sitemaps=(server.url("/sitemap.xml"),), allowed_domains=("127.0.0.1",),
                        article_patterns=(r"^/news/",))
        result = run_crawl([source], tmp_path, overrides=FAST)  # no download delay of our own
        log = server.request_log()
    assert result.stats["fetched"] == 5
    assert result.stats["sources"]["polite"]["crawl_delay"] == {server.base.removeprefix("http://"): 1.0}
    times = [e["at"] for e in log if e["path"] != "/robots.txt"]
    assert len(times) == 6  # the sitemap and five pages
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.8, gaps


def test_crawl_delay_is_capped():
    crawler = get_crawler(Spider, {"ROBOTSTXT_OBEY": True, "ROBOTSTXT_CRAWL_DELAY_MAX": 4})
    crawler.spider = crawler._create_spider(name="x")
    mw = RobotsCrawlDelayMiddleware.from_crawler(crawler)
    mw._parsers["a.example"] = ProtegoRobotParser(b"User-agent: *\nCrawl-delay: 3600\n", None)
    mw._parsers["b.example"] = ProtegoRobotParser(b"User-agent: *\nCrawl-delay: 2.5\n", None)
    mw._parsers["c.example"] = ProtegoRobotParser(b"User-agent: *\nDisallow: /x\n", None)
    mw._parsers["d.example"] = None  # robots.txt could not be fetched
    delays = {h: mw.crawl_delay(f"{h}.example", Request(f"http://{h}.example/")) for h in "abcd"}
    assert delays == {"a": 4.0, "b": 2.5, "c": 0.0, "d": 0.0}
