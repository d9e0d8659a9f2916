"""Sitemap and feed parsing: indexes, gzip, Google News dates, RSS 2.0, RSS 1.0, Atom; failure codes."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from twisted.python.failure import Failure

from spiders.middlewares import parse_retry_after
from spiders.news import classify_failure, parse_discovery, parse_when


def test_parse_when_accepts_w3c_and_rfc822_dates():
    assert parse_when("2026-01-10") == datetime(2026, 1, 10, tzinfo=UTC)
    assert parse_when("2026-01-10T08:00:00+08:00") == datetime(2026, 1, 10, tzinfo=UTC)
    assert parse_when("2026-01-10T08:00Z") == datetime(2026, 1, 10, 8, tzinfo=UTC)
    assert parse_when("Tue, 13 Jan 2026 10:00:00 GMT") == datetime(2026, 1, 13, 10, tzinfo=UTC)
    assert parse_when("Tue, 13 Jan 2026 10:00:00 +0100") == datetime(2026, 1, 13, 9, tzinfo=UTC)
    assert parse_when("yesterday") is None and parse_when("") is None and parse_when(None) is None


def test_sitemap_index_and_gzipped_urlset():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://x.example/a.xml.gz</loc><lastmod>2026-01-02</lastmod></sitemap>
      <sitemap><loc>https://x.example/b.xml</loc></sitemap></sitemapindex>"""
    kind, entries = parse_discovery(index)
    assert kind == "sitemapindex"
    assert [e["loc"] for e in entries] == ["https://x.example/a.xml.gz", "https://x.example/b.xml"]
    assert entries[1]["lastmod"] is None
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://x.example/n/1 </loc><lastmod>2026-01-02T03:04:05Z</lastmod></url></urlset>"""
    kind, entries = parse_discovery(gzip.compress(urlset))
    assert kind == "urlset"
    assert entries == [{"loc": "https://x.example/n/1", "lastmod": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)}]


def test_google_news_sitemap_uses_publication_date_and_ignores_image_locs():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
      <url><image:image><image:loc>https://x.example/i.jpg</image:loc></image:image>
        <loc>https://x.example/n/2</loc>
        <news:news><news:publication_date>2026-01-09T23:00:00-01:00</news:publication_date></news:news>
      </url></urlset>"""
    assert parse_discovery(body) == (
        "urlset",
        [{"loc": "https://x.example/n/2", "lastmod": datetime(2026, 1, 10, tzinfo=UTC)}],
    )


def test_rss2_rss1_and_atom_feeds():
    rss = b"""<rss version="2.0"><channel><item><link>https://x.example/n/3</link>
      <pubDate>Tue, 13 Jan 2026 10:00:00 GMT</pubDate></item>
      <item><guid>https://x.example/n/4</guid></item>
      <item><guid isPermaLink="false">abc</guid></item></channel></rss>"""
    kind, entries = parse_discovery(rss)
    assert kind == "feed"
    assert [(e["loc"], e["lastmod"]) for e in entries] == [
        ("https://x.example/n/3", datetime(2026, 1, 13, 10, tzinfo=UTC)),
        ("https://x.example/n/4", None),
    ]
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><item rdf:about="https://x.example/n/5">
      <link>https://x.example/n/5</link><dc:date>2026-01-05</dc:date></item></rdf:RDF>"""
    assert parse_discovery(rdf)[1] == [
        {"loc": "https://x.example/n/5", "lastmod": datetime(2026, 1, 5, tzinfo=UTC)}
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link rel="enclosure" href="https://x.example/a.mp3"/><link href="https://x.example/n/6"/>
      <published>2026-01-01T00:00:00Z</published><updated>2026-01-06T00:00:00Z</updated></entry></feed>"""
    assert parse_discovery(atom)[1] == [
        {"loc": "https://x.example/n/6", "lastmod": datetime(2026, 1, 6, tzinfo=UTC)}
    ]


def test_html_and_broken_xml_are_not_discovery_documents():
    assert parse_discovery(b"<html><body>not a sitemap</body></html>") == ("unknown", [])
    assert parse_discovery(b"   ") == ("unknown", [])
    kind, entries = parse_discovery(b"<urlset><url><loc>https://x.example/n/7</loc></url><url><loc>")
    assert kind == "urlset" and entries[0]["loc"] == "https://x.example/n/7"


def test_failures_map_to_landing_error_codes():
    assert classify_failure(Failure(DownloadTimeoutError("slow"))) == ("timeout", 0)
    assert classify_failure(Failure(DownloadCancelledError("big"))) == ("too_large", 0)
    assert classify_failure(Failure(IgnoreRequest("Forbidden by robots.txt"))) == ("robots_disallowed", 0)
    assert classify_failure(Failure(ConnectionRefusedError()))[0] == "connection_error"
    assert classify_failure(Failure(KeyError("?")))[0] == "fetch_error"


def test_retry_after_seconds_and_http_dates():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(b"7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
