"""Hostile URLs never reach a host outside the source's allowed domains (issue 10, item 2).

Two real servers on loopback: the source's own site on 127.0.0.1 and a "foreign" one on 127.0.0.2.
The own site's sitemaps, robots.txt and redirects point at the foreign one in forms URL parsers read
differently (a backslash before `@`, userinfo, percent-encoded dots, IPv6 and numeric IP literals, mixed
case, trailing dots). The foreign server's request log must stay empty; the own pages still land.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from spiders.middlewares import URL_POLICY_PREFIX, UrlPolicyMiddleware
from spiders.news import classify_failure
from spiders.run import run_crawl
from spiders.sources import Source
from spiders.urlpolicy import UrlVerdict, host_allowed, vet_url
from tests.mockserver import FAST, MockServer

ALLOWED = ("127.0.0.1", "example.com")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.2:9100\\news\\x.html@127.0.0.1:9010/news/x.html", "bad_url:backslash"),
        ("http://127.0.0.2:9100\\@127.0.0.1:9010/x", "bad_url:backslash"),
        ("http:\\\\127.0.0.1/x", "bad_url:backslash"),
        ("http://127.0.0.1:9010@127.0.0.2:9100/x", "bad_url:userinfo"),
        ("http://user:pw@127.0.0.1:9010/x", "bad_url:userinfo"),
        ("http://127.0.0.2:9100#@127.0.0.1:9010/x", "offsite"),
        ("http://127.0.0.2:9100?@127.0.0.1:9010/x", "offsite"),
        ("http://127%2e0%2e0%2e2:9100/x", "bad_url:encoded_host"),
        ("http://127.0.0.1%2e:9100/x", "bad_url:encoded_host"),
        ("http://[::ffff:127.0.0.2]:9100/x", "offsite"),
        ("http://[::1]:9100/x", "offsite"),
        ("http://[127.0.0.1]/x", "bad_url:unparsable"),
        ("HTTP://127.0.0.2.:9100/x", "offsite"),
        ("http://EVIL.COM./x", "offsite"),
        ("http://2130706433/x", "bad_url:numeric_host"),  # 127.0.0.1 in disguise: still refused
        ("http://127.1/x", "bad_url:numeric_host"),
        ("http://0x7f.0.0.1/x", "bad_url:numeric_host"),
        ("http://127.000.0.1/x", "bad_url:numeric_host"),
        ("http://a b.example.com/x", "bad_url:whitespace"),
        ("http://x.127.0.0.1/x", "bad_url:numeric_host"),
        ("ftp://example.com/x", "bad_url:scheme"),
        ("http://127.0.0.1:99999/x", "bad_url:unparsable"),
        ("http:///x", "bad_url:no_host"),
        ("http://notexample.com/x", "offsite"),
    ],
)
def test_ambiguous_and_foreign_urls_are_refused(url, reason):
    assert vet_url(url, ALLOWED) == UrlVerdict(None, reason)


@pytest.mark.parametrize(
    ("url", "fetched"),
    [
        ("http://127.0.0.1:9010/news/x.html", "http://127.0.0.1:9010/news/x.html"),
        ("HTTP://127.0.0.1.:9010/news/x.html", "http://127.0.0.1:9010/news/x.html"),
        ("http://WWW.Example.COM./News/A.html", "http://www.example.com/News/A.html"),
        ("https://example.com/a b?q=ü", "https://example.com/a%20b?q=%C3%BC"),
    ],
)
def test_allowed_urls_are_fetched_in_the_form_that_was_checked(url, fetched):
    verdict = vet_url(url, ALLOWED)
    assert verdict.ok and verdict.url == fetched


def test_ip_allowed_domains_match_exactly_and_names_match_subdomains():
    assert host_allowed("127.0.0.1", ("127.0.0.1",)) and host_allowed("127.0.0.1.", ("127.0.0.1",))
    assert not host_allowed("x.127.0.0.1", ("127.0.0.1",))
    assert not host_allowed("127.0.0.1", ("0.0.1",))
    assert host_allowed("::1", ("[::1]",)) and host_allowed("[0:0::1]", ("::1",))
    assert host_allowed("www.example.com", ("example.com",)) and not host_allowed("badexample.com", ALLOWED)


def test_the_downloader_middleware_refuses_what_the_spider_let_through():
    crawler = get_crawler(Spider)
    crawler.spider = crawler._create_spider(name="x", allowed_domains=["127.0.0.1"])
    policy = UrlPolicyMiddleware.from_crawler(crawler)
    # a request built elsewhere (a redirect, a middleware, dont_filter=True): still checked as fetched
    hostile = Request("http://127.0.0.2:9100\\news\\x.html@127.0.0.1:9010/news/x.html", dont_filter=True)
    assert urlsplit(hostile.url).hostname == "127.0.0.2"  # what Scrapy would have connected to
    with pytest.raises(IgnoreRequest, match="offsite"):
        policy.process_request(hostile)
    assert classify_failure(Failure(IgnoreRequest(f"{URL_POLICY_PREFIX} http://x/: bad_url:userinfo"))) == (
        "bad_url:userinfo", 0)
    assert policy.process_request(Request("http://127.0.0.1:9010/news/x.html")) is None
    trailing_dot = Request("http://127.0.0.1.:9010/news/x.html")  # w3lib >= 2.6 drops the dot itself
    fixed = policy.process_request(trailing_dot) or trailing_dot
    assert fixed.url == "http://127.0.0.1:9010/news/x.html"
    assert crawler.stats.get_value("autofacts/url_refused/offsite") == 1


@pytest.mark.slow
def test_hostile_sitemaps_robots_and_redirects_never_reach_the_foreign_host(tmp_path):
    with MockServer("hostile", host="127.0.0.2") as foreign:
        netloc = foreign.base.removeprefix("http://")
        values = {"foreign": netloc, "foreign_port": netloc.rsplit(":", 1)[1]}
        with MockServer("hostile", values=values) as home:
            source = Source(
                name="hostile",
                sitemaps=(home.url("/sitemap.xml"),),
                robots_sitemaps=True,
                allowed_domains=("127.0.0.1",),
                article_patterns=(r"^/(news|fault)/",),
            )
            result = run_crawl([source], tmp_path / "landing", overrides=FAST)
            home_log, foreign_log = home.request_log(), foreign.request_log()
    rows = pa.concat_tables(pq.read_table(p) for p in result.files).to_pylist()
    fetched = {r["url"] for r in rows if r["error"] is None}
    assert fetched == {home.url(f"/news/{n}.html") for n in ("a", "b", "c")}
    assert [e["path"] for e in foreign_log] == []  # not one request, robots.txt included
    assert all(r["url"].startswith(home.base) for r in rows)
    redirects = {r["error"] for r in rows if "/fault/redirect" in r["url"]}
    assert redirects == {"offsite_redirect", "bad_url:backslash"}
    refused = result.stats["sources"]["hostile"]["url_refused"]
    assert refused["bad_url:backslash"] >= 4 and refused["bad_url:userinfo"] >= 3 and refused["offsite"] >= 3
    assert sum(e["path"] == "/sitemap-pages.xml" for e in home_log) == 1
