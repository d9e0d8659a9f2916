"""canonical_url: courlan normalisation, tracking/fragments stripped, same-site rel=canonical preferred."""

from __future__ import annotations

from transforms.urls import canonical_url, same_site


def test_normalises_scheme_host_port_and_strips_tracking_and_fragment():
    url = "HTTP://WWW.Example.COM:80/news/a.html?utm_source=rss&id=7&fbclid=abc&gclid=x#comments"
    assert canonical_url(url) == "http://www.example.com/news/a.html?id=7"


def test_query_order_is_normalised():
    assert canonical_url("https://example.com/a?b=2&a=1") == canonical_url("https://example.com/a?a=1&b=2")


def test_same_site_canonical_is_preferred_and_resolved():
    url = "https://www.example.com/news/story.html?ref=homepage"
    assert canonical_url(url, "/news/story-canonical.html") == "https://www.example.com/news/story-canonical.html"
    assert canonical_url(url, "https://m.example.com/news/story.html") == "https://m.example.com/news/story.html"


def test_foreign_homepage_and_junk_canonicals_are_ignored():
    url = "https://www.example.com/news/story.html"
    assert canonical_url(url, "https://aggregator.example.org/story.html") == url
    assert canonical_url(url, "https://www.example.com/") == url
    assert canonical_url(url, "javascript:void(0)") == url
    assert canonical_url(url, "  ") == url


def test_bad_urls_come_back_unchanged():
    assert canonical_url("not a url") == "not a url"
    assert canonical_url("http://[::1") == "http://[::1"


def test_same_site():
    assert same_site("https://news.example.co.uk/a", "https://www.example.co.uk/b")
    assert not same_site("https://example.com/a", "https://example.org/a")
