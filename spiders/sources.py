"""News sources: where a site's sitemaps and feeds are, which URLs are articles, how politely to fetch.

Sources are declared in spiders/sources.toml; the `demo` entry points at the bundled demo site, whose
base URL is only known at run time ("{demo_url}" placeholders).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from spiders.urlpolicy import host_allowed

__all__ = ["Source", "host_allowed", "load_sources", "select_sources"]

DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")

# Politeness keys a source may override, and the Scrapy setting each one maps to.
POLITENESS_SETTINGS = {
    "download_delay": "DOWNLOAD_DELAY",
    "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "autothrottle_target": "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "autothrottle_start_delay": "AUTOTHROTTLE_START_DELAY",
    "autothrottle_max_delay": "AUTOTHROTTLE_MAX_DELAY",
    "download_timeout": "DOWNLOAD_TIMEOUT",
}


class UnknownSourceError(ValueError):
    """A source name that sources.toml does not declare."""


class SourceConfigError(ValueError):
    """sources.toml (or a source dict) is malformed."""


@dataclass(frozen=True)
class Source:
    """One news site: discovery URLs, the article URL shape, and politeness overrides."""

    name: str
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    language: str | None = None
    politeness: dict[str, float] = field(default_factory=dict)
    robots_sitemaps: bool = False  # also follow `Sitemap:` lines of the site's robots.txt
    verified: bool = False  # passed `autofacts sources check` (robots, discovery, sample articles)
    enabled: bool = False  # crawled when no source is named (the scheduled ingest): demo + verified

    def is_article(self, url: str) -> bool:
        """True when the URL's host is allowed and its path matches an article pattern."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not host_allowed(parts.hostname, self.allowed_domains):
            return False
        return any(re.search(p, parts.path or "/") for p in self.article_patterns)

    def scrapy_settings(self) -> dict[str, Any]:
        """The politeness overrides as Scrapy settings."""
        return {POLITENESS_SETTINGS[k]: v for k, v in self.politeness.items()}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (what the crawl subprocess receives)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        """The inverse of `to_dict`; raises SourceConfigError naming the bad field."""
        name = str(data.get("name") or "")
        if not name:
            raise SourceConfigError("source without a name")
        unknown = set(data) - {f for f in cls.__dataclass_fields__}
        if unknown:
            raise SourceConfigError(f"source {name!r}: unknown field(s) {sorted(unknown)}")
        politeness = dict(data.get("politeness") or {})
        bad = set(politeness) - set(POLITENESS_SETTINGS)
        if bad:
            raise SourceConfigError(
                f"source {name!r}: unknown politeness key(s) {sorted(bad)}; "
                f"valid: {sorted(POLITENESS_SETTINGS)}"
            )
        patterns = tuple(data.get("article_patterns") or ())
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise SourceConfigError(f"source {name!r}: bad article pattern {p!r}: {exc}") from None
        if not patterns:
            raise SourceConfigError(f"source {name!r}: no article_patterns")
        return cls(
            name=name,
            sitemaps=tuple(data.get("sitemaps") or ()),
            feeds=tuple(data.get("feeds") or ()),
            allowed_domains=tuple(d.lower() for d in data.get("allowed_domains") or ()),
            article_patterns=patterns,
            language=data.get("language"),
            politeness=politeness,
            robots_sitemaps=bool(data.get("robots_sitemaps", False)),
            verified=bool(data.get("verified", False)),
            # an entry without `enabled` is crawled by default only once it is verified
            enabled=bool(data.get("enabled", data.get("verified", False))),
        )


def load_sources(demo_url: str, path: Path | None = None) -> dict[str, Source]:
    """All sources of sources.toml (or `path`), with the demo entry bound to `demo_url`."""
    path = path or DEFAULT_SOURCES
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"{path}: {exc}") from None
    demo_url = demo_url.rstrip("/")
    demo_host = (urlsplit(demo_url).hostname or "").lower()
    sources: dict[str, Source] = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            raise SourceConfigError(f"{path}: {name!r} is not a table")
        entry = {"name": name, **entry}
        for key in ("sitemaps", "feeds"):
            entry[key] = [u.replace("{demo_url}", demo_url) for u in entry.get(key) or ()]
        if any("{demo_url}" in u for u in [*raw[name].get("sitemaps", []), *raw[name].get("feeds", [])]):
            entry["allowed_domains"] = [*entry.get("allowed_domains", []), demo_host]
        sources[name] = Source.from_dict(entry)
    return sources


def select_sources(names: list[str] | None, demo_url: str, path: Path | None = None) -> list[Source]:
    """The named sources in the order given; with no names, the enabled ones (demo + verified).

    A named source is crawled even when disabled: naming it is the user's explicit choice.
    """
    sources = load_sources(demo_url, path)
    if not names:
        enabled = [s for s in sources.values() if s.enabled]
        if not enabled:
            raise SourceConfigError(
                f"no source is enabled in {path or DEFAULT_SOURCES}: name one with --source NAME, "
                "or verify one with `autofacts sources check NAME --write`"
            )
        return enabled
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise UnknownSourceError(
            f"unknown source(s) {', '.join(unknown)}; valid: {', '.join(sorted(sources))}"
        )
    return [sources[n] for n in dict.fromkeys(names)]
