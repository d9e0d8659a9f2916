"""`autofacts sources check NAME`: try one source the way a crawl would, before trusting it to a schedule.

Fetches robots.txt, every sitemap and feed (one level of sitemap indexes), counts the URLs that
match the article patterns, then fetches, cleans and extracts three sample articles. Plain urllib
(no Scrapy process): a check fetches a handful of documents, sequentially, with the crawler's user
agent and timeouts. The result says "verified" or lists what failed.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from spiders.news import parse_discovery
from spiders.settings import USER_AGENT
from spiders.sources import DEFAULT_SOURCES, Source

SAMPLES = 3
TIMEOUT = 20.0  # seconds per request
MAX_BYTES = 10 * 1024 * 1024  # the crawl's DOWNLOAD_MAXSIZE
MAX_CHILD_SITEMAPS = 5  # newest children of a sitemap index read by a check


@dataclass
class Document:
    """One discovery document (sitemap, sitemap index or feed) and what it listed."""

    url: str
    kind: str = ""  # sitemapindex | urlset | feed | unknown
    entries: int = 0
    article_urls: int = 0
    error: str | None = None


@dataclass
class Sample:
    """One sample article: what cleaning and extraction made of it."""

    url: str
    title: str | None = None
    published: str | None = None
    facts: list[str] = field(default_factory=list)
    n_facts: int = 0
    error: str | None = None  # a fetch failure or the cleaner's skip reason


@dataclass
class CheckResult:
    """Everything `sources check` found for one source; `verified` when nothing failed."""

    source: str
    robots: list[str] = field(default_factory=list)  # one line per host
    documents: list[Document] = field(default_factory=list)
    article_urls: int = 0
    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.problems


class FetchError(Exception):
    """A document that could not be fetched: the message is a short reason (`http_404`, `timeout`, …)."""


def fetch(url: str, timeout: float = TIMEOUT) -> tuple[bytes, dict[str, str]]:
    """GET `url` with the crawler's user agent; (body, headers) or FetchError with a short reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            body = resp.read(MAX_BYTES + 1)
            headers = {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        raise FetchError(f"http_{exc.code}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FetchError("timeout") from None
        if isinstance(reason, ConnectionRefusedError):
            raise FetchError("connection_refused") from None
        text = str(getattr(reason, "strerror", None) or reason)
        raise FetchError(f"unreachable ({text})") from None
    except TimeoutError:
        raise FetchError("timeout") from None
    except OSError as exc:
        raise FetchError(f"unreachable ({exc.strerror or exc})") from None
    if len(body) > MAX_BYTES:
        raise FetchError("too_large")
    return body, headers


def _robots_for(hosts: list[str], result: CheckResult) -> dict[str, urllib.robotparser.RobotFileParser]:
    """robots.txt of each scheme://host; a missing one (4xx) allows everything, an unreachable one fails."""
    parsers: dict[str, urllib.robotparser.RobotFileParser] = {}
    for base in hosts:
        url = base + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        try:
            body, _ = fetch(url)
        except FetchError as exc:
            if str(exc).startswith("http_4"):
                parser.parse([])
                parsers[base] = parser
                result.robots.append(f"{url}: {exc} (no robots.txt: everything allowed)")
            else:
                result.robots.append(f"{url}: {exc}")
                result.problems.append(f"robots.txt: {url}: {exc}")
            continue
        parser.parse(body.decode("utf-8", "replace").splitlines())
        parsers[base] = parser
        sitemaps = parser.site_maps() or []
        result.robots.append(f"{url}: ok ({len(sitemaps)} Sitemap line(s))")
    return parsers


def _base(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _allowed(parsers: dict[str, urllib.robotparser.RobotFileParser], url: str) -> bool:
    parser = parsers.get(_base(url))
    return parser is None or parser.can_fetch(USER_AGENT, url)


def check_source(source: Source, samples: int = SAMPLES, timeout: float = TIMEOUT) -> CheckResult:
    """Run the check for `source` (network access to its hosts); never raises for a site's failure."""
    result = CheckResult(source.name)
    discovery = [*source.sitemaps, *source.feeds]
    hosts = list(dict.fromkeys(_base(u) for u in discovery))
    if not discovery:
        result.problems.append("no sitemaps or feeds configured")
        return result
    parsers = _robots_for(hosts, result)
    if source.robots_sitemaps:
        discovery += [u for p in parsers.values() for u in (p.site_maps() or []) if u not in discovery]

    articles: dict[str, datetime | None] = {}
    for url in discovery:
        doc = Document(url)
        result.documents.append(doc)
        if not _allowed(parsers, url):
            doc.error = "disallowed by robots.txt"
            result.problems.append(f"{url}: disallowed by robots.txt")
            continue
        _read_document(source, doc, articles, parsers, timeout)
        if doc.error:
            result.problems.append(f"{url}: {doc.error}")
    result.article_urls = len(articles)
    if not articles:
        result.problems.append("no URL in the sitemaps or feeds matches the article patterns")
        return result

    oldest = datetime.min.replace(tzinfo=UTC)
    newest = sorted(articles, key=lambda u: (articles[u] or oldest, u), reverse=True)
    allowed = [u for u in newest if _allowed(parsers, u)]
    if not allowed:
        result.problems.append("robots.txt disallows every article URL found")
        return result
    for url in allowed[:samples]:
        sample = _sample(url, timeout)
        result.samples.append(sample)
        if sample.error:
            result.problems.append(f"sample {url}: {sample.error}")
        elif not sample.title or not sample.published:
            missing = " and ".join(w for w, v in (("title", sample.title), ("date", sample.published))
                                   if not v)
            result.problems.append(f"sample {url}: no {missing} found")
    return result


def _read_document(
    source: Source,
    doc: Document,
    articles: dict[str, datetime | None],
    parsers: dict[str, urllib.robotparser.RobotFileParser],
    timeout: float,
) -> None:
    """Fetch and parse one discovery document, following a sitemap index one level down."""
    try:
        body, _ = fetch(doc.url, timeout)
        doc.kind, entries = parse_discovery(body)
    except FetchError as exc:
        doc.error = str(exc)
        return
    except Exception as exc:  # noqa: BLE001 - a malformed document is a finding, not a crash
        doc.error = f"unparsable ({type(exc).__name__})"
        return
    if doc.kind == "unknown":
        doc.error = "neither a sitemap nor a feed"
        return
    doc.entries = len(entries)
    if doc.kind == "sitemapindex":
        children = sorted(entries, key=lambda e: e.get("lastmod") or datetime.min.replace(tzinfo=UTC),
                          reverse=True)[:MAX_CHILD_SITEMAPS]
        for child in children:
            if not _allowed(parsers, child["loc"]):
                continue
            sub = Document(child["loc"])
            _read_document(source, sub, articles, parsers, timeout)
            doc.article_urls += sub.article_urls
            if sub.error and not doc.error:
                doc.error = f"child sitemap {sub.url}: {sub.error}"
        return
    for entry in entries:
        if source.is_article(entry["loc"]):
            doc.article_urls += 1
            articles.setdefault(entry["loc"], entry.get("lastmod"))


def _sample(url: str, timeout: float) -> Sample:
    """Fetch one article, clean it and extract its facts."""
    from transforms.clean import clean_page
    from transforms.extract import extract_article
    from transforms.records import Article

    sample = Sample(url)
    try:
        body, headers = fetch(url, timeout)
    except FetchError as exc:
        sample.error = str(exc)
        return sample
    cleaned = clean_page(url, url, body, headers)
    if not isinstance(cleaned, Article):
        sample.error = f"not cleaned to an article: {cleaned.reason}"
        return sample
    sample.title = cleaned.title
    sample.published = cleaned.published.isoformat() if cleaned.published else None
    facts = extract_article(cleaned.to_contract())
    sample.n_facts = len(facts.partnerships) + len(facts.sales)
    sample.facts = [f"partnership: {p.company_a} + {p.company_b} ({p.kind or 'partnership'}, {p.status})"
                    for p in facts.partnerships[:2]]
    sample.facts += [f"sales: {s.entity} {s.units:,} {s.metric} {s.period_start}..{s.period_end}"
                     for s in facts.sales[:2]]
    return sample


def render_check(result: CheckResult) -> list[str]:
    """The check as the lines `autofacts sources check` prints."""
    lines = [f"source {result.source}"]
    lines += [f"  robots  {line}" for line in result.robots]
    for doc in result.documents:
        what = doc.error or f"{doc.kind}, {doc.entries} entries, {doc.article_urls} article URLs"
        lines.append(f"  fetch   {doc.url}: {what}")
    lines.append(f"  article URLs matching the patterns: {result.article_urls}")
    for n, s in enumerate(result.samples, 1):
        lines.append(f"  sample {n}: {s.url}")
        if s.error:
            lines.append(f"    failed: {s.error}")
            continue
        lines.append(f"    title: {s.title or '(none)'}")
        lines.append(f"    date:  {s.published or '(none)'}")
        lines.append(f"    facts: {s.n_facts}" + ("" if s.facts else " (none in this article)"))
        lines += [f"      - {f}" for f in s.facts]
    if result.verified:
        lines.append("verified")
    else:
        lines.append(f"NOT verified: {len(result.problems)} problem(s)")
        lines += [f"  - {p}" for p in result.problems]
    return lines


_TABLE = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")
_KEY = re.compile(r"^(?P<key>verified|enabled)\s*=")


def mark_verified(name: str, path: Path | None = None, checked_on: str | None = None) -> None:
    """Set `verified = true` and `enabled = true` in `name`'s table of sources.toml, keeping the rest.

    A line-level edit (tomllib cannot write, and rewriting would drop the file's comments).
    """
    path = path or DEFAULT_SOURCES
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if (m := _TABLE.match(line)) and m["name"] == name), None)
    if start is None:
        raise KeyError(name)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    body = [line for line in lines[start + 1 : end] if not _KEY.match(line)]
    while body and not body[-1].strip():
        body.pop()
    stamp = checked_on or datetime.now(UTC).date().isoformat()
    body += [f"verified = true  # autofacts sources check, {stamp}\n", "enabled = true\n"]
    tail = lines[end:]
    if tail and not tail[0].lstrip().startswith("[" + name + "."):
        body.append("\n")
    path.write_text("".join(lines[: start + 1] + body + tail), encoding="utf-8")


def describe(source: Source) -> dict[str, Any]:
    """One row of `autofacts sources list`."""
    return {
        "name": source.name,
        "enabled": source.enabled,
        "verified": source.verified,
        "sitemaps": len(source.sitemaps),
        "feeds": len(source.feeds),
        "domains": ", ".join(source.allowed_domains),
    }
