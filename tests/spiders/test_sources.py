"""Sources config: the demo entry binds to the demo URL, names are validated, real entries exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from spiders.sources import (
    Source,
    SourceConfigError,
    UnknownSourceError,
    host_allowed,
    load_sources,
    select_sources,
)

DEMO = "http://127.0.0.1:8765"


def test_demo_source_is_bound_to_the_demo_url():
    demo = load_sources(DEMO + "/")["demo"]
    assert demo.sitemaps == (f"{DEMO}/sitemap.xml",)
    assert demo.feeds == (f"{DEMO}/feed.xml",)
    assert demo.allowed_domains == ("127.0.0.1",)
    assert demo.is_article(f"{DEMO}/news/byd-sales.html")
    assert not demo.is_article(f"{DEMO}/category/sales.html")
    assert not demo.is_article("http://elsewhere.example/news/byd-sales.html")


def test_real_sources_are_declared_but_unverified():
    sources = load_sources(DEMO)
    real = [s for name, s in sources.items() if name != "demo"]
    assert len(real) >= 8
    for s in real:
        assert s.sitemaps or s.feeds, s.name
        assert s.allowed_domains and s.article_patterns, s.name
        assert s.verified is False and s.enabled is False, s.name  # never on the schedule unchecked
    assert sources["electrek"].is_article("https://electrek.co/2025/01/02/tesla-deliveries-q4/")
    assert not sources["electrek"].is_article("https://electrek.co/guides/tesla/")


def test_select_sources_keeps_order_and_rejects_unknown_names():
    assert [s.name for s in select_sources(["electrek", "demo"], DEMO)] == ["electrek", "demo"]
    assert [s.name for s in select_sources(None, DEMO)] == ["demo"]  # no names: the enabled ones only
    with pytest.raises(UnknownSourceError) as err:
        select_sources(["demo", "nope"], DEMO)
    message = str(err.value)
    assert "\n" not in message and "nope" in message and "cnevpost" in message
    assert isinstance(err.value, ValueError)


def test_politeness_maps_to_scrapy_settings_and_round_trips():
    gasgoo = load_sources(DEMO)["gasgoo"]
    assert gasgoo.scrapy_settings() == {"DOWNLOAD_DELAY": 3.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}
    assert Source.from_dict(gasgoo.to_dict()) == gasgoo


def test_bad_config_names_the_problem(tmp_path: Path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[x]\nsitemaps = ["https://x.example/s.xml"]\narticle_patterns = ["("]\n')
    with pytest.raises(SourceConfigError, match="bad article pattern"):
        load_sources(DEMO, bad)
    bad.write_text('[x]\nfeeds = []\narticle_patterns = ["/"]\n[x.politeness]\nspeed = 3\n')
    with pytest.raises(SourceConfigError, match="unknown politeness key"):
        load_sources(DEMO, bad)


def test_host_allowed_includes_subdomains_only():
    assert host_allowed("www.electrive.com", ("electrive.com",))
    assert host_allowed("electrive.com", ("electrive.com",))
    assert not host_allowed("notelectrive.com", ("electrive.com",))
    assert not host_allowed(None, ("electrive.com",))


def test_enabled_defaults_to_verified_and_can_be_set(tmp_path: Path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[a]\nfeeds = ["https://a.example/feed"]\narticle_patterns = ["/"]\nverified = true\n'
        '[b]\nfeeds = ["https://b.example/feed"]\narticle_patterns = ["/"]\n'
        '[c]\nfeeds = ["https://c.example/feed"]\narticle_patterns = ["/"]\nenabled = true\n'
        '[d]\nfeeds = ["https://d.example/feed"]\narticle_patterns = ["/"]\n'
        'verified = true\nenabled = false\n'
    )
    assert [s.name for s in select_sources(None, DEMO, path)] == ["a", "c"]
    assert [s.name for s in select_sources(["d", "b"], DEMO, path)] == ["d", "b"]  # named: crawled anyway
    path.write_text('[b]\nfeeds = ["https://b.example/feed"]\narticle_patterns = ["/"]\n')
    with pytest.raises(SourceConfigError, match="no source is enabled"):
        select_sources(None, DEMO, path)
