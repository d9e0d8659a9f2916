"""The bundled demo site over real HTTP: robots, sitemaps, feed, conditional GET, and its labels."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from spiders.demo_site import DEMO_ROOT, start

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "demo_expected.jsonl"


@pytest.fixture(scope="module")
def site():
    server, base = start()
    yield base
    server.shutdown()
    server.server_close()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def locs(xml: bytes) -> list[str]:
    return [el.text for el in ET.fromstring(xml).iter(f"{SM}loc")]


def all_listed_urls(base: str) -> list[str]:
    urls = []
    for sitemap in locs(get(f"{base}/sitemap.xml")[2]):
        body = get(sitemap)[2]
        urls += locs(gzip.decompress(body) if sitemap.endswith(".gz") else body)
    urls += [el.text for el in ET.fromstring(get(f"{base}/feed.xml")[2]).iter("link")]
    return urls


def test_robots_disallows_private_and_names_the_sitemap(site):
    status, headers, body = get(f"{site}/robots.txt")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /private/" in text
    assert f"Sitemap: {site}/sitemap.xml" in text
    assert "{{BASE_URL}}" not in text


def test_sitemap_index_points_to_news_and_gzipped_archive(site):
    root = ET.fromstring(get(f"{site}/sitemap.xml")[2])
    assert root.tag == f"{SM}sitemapindex"
    assert locs(ET.tostring(root)) == [f"{site}/sitemap-news.xml", f"{site}/sitemap-archive.xml.gz"]
    assert all(el.text for el in root.iter(f"{SM}lastmod"))


def test_news_sitemap_has_publication_dates(site):
    root = ET.fromstring(get(f"{site}/sitemap-news.xml")[2])
    urls = list(root.iter(f"{SM}url"))
    assert urls and all(u.find(f"{SM}loc").text.startswith(f"{site}/news/") for u in urls)
    assert all(u.find(f"{NEWS}news/{NEWS}publication_date") is not None for u in urls)


def test_gzipped_archive_sitemap_decompresses_to_absolute_urls(site):
    status, headers, body = get(f"{site}/sitemap-archive.xml.gz")
    assert status == 200 and body[:2] == b"\x1f\x8b"
    urls = locs(gzip.decompress(body))
    assert len(urls) > 10 and all(u.startswith(f"{site}/") for u in urls)
    assert any("/news/" in u for u in urls) and f"{site}/about.html" in urls


def test_feed_is_rss_with_dates_and_absolute_links(site):
    channel = ET.fromstring(get(f"{site}/feed.xml")[2]).find("channel")
    items = channel.findall("item")
    assert len(items) == 15
    assert all(i.find("pubDate").text and i.find("link").text.startswith(f"{site}/news/") for i in items)


def test_article_is_cached_by_etag(site):
    url = f"{site}/news/byd-december-2022-sales.html"
    status, headers, body = get(url)
    assert status == 200 and b"<article>" in body and headers["ETag"] and headers["Last-Modified"]
    again, headers2, body2 = get(url, {"If-None-Match": headers["ETag"]})
    assert again == 304 and body2 == b""


def test_substituted_files_also_answer_304(site):
    _, headers, _ = get(f"{site}/sitemap-archive.xml.gz")
    status, _, body = get(f"{site}/sitemap-archive.xml.gz", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    # Same content, same ETag: a second request gets the identical validator.
    assert get(f"{site}/sitemap-archive.xml.gz")[1]["ETag"] == headers["ETag"]


def test_every_listed_url_exists_and_none_is_private(site):
    urls = all_listed_urls(site)
    assert len(set(urls)) > 30
    for url in set(urls):
        assert "/private/" not in url
        assert get(url)[0] == 200, url


def test_missing_page_is_404(site):
    assert get(f"{site}/news/no-such-story.html")[0] == 404


def test_labels_cover_exactly_the_article_pages():
    slugs = {p.stem for p in (DEMO_ROOT / "news").glob("*.html")}
    labels = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {doc["id"] for doc in labels} == slugs
    for doc in labels:
        for fact in doc["partnerships"]:
            assert fact["a"] and fact["b"] and fact["status"] in {"active", "talks", "ended"}
        for fact in doc["sales"]:
            assert fact["entity"] and fact["units"] > 0 and fact["period_start"] <= fact["period_end"]


def test_sitemaps_list_every_article(site):
    listed = {u.rsplit("/", 1)[-1].removesuffix(".html") for u in all_listed_urls(site) if "/news/" in u}
    assert listed == {p.stem for p in (DEMO_ROOT / "news").glob("*.html")}
