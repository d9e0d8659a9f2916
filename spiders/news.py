"""The generic news spider: discovers article URLs in a source's sitemaps and feeds, and lands every
requested article page (or the reason it could not be fetched) as one row for the landing pipeline.

Discovery reads sitemap indexes, gzipped sitemaps, Google News sitemaps (news:publication_date),
RSS 2.0, RSS 1.0 and Atom. Entries outside the date window or unchanged since the warehouse last saw
them are not requested; known pages are re-fetched conditionally (If-None-Match / If-Modified-Since).
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.internet.error import (
    ConnectError,
    ConnectionDone,
    ConnectionLost,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from spiders.botwall import bot_wall
from spiders.landing import headers_json, page_id, utcnow
from spiders.middlewares import URL_POLICY_PREFIX
from spiders.settings import DISCOVERY_LIMITS
from spiders.sources import Source
from spiders.urlpolicy import vet_url

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
DISCOVERY_MAXSIZE = 50 * 1024 * 1024  # sitemaps may be up to 50 MB uncompressed (sitemaps.org)


# --- discovery parsing -------------------------------------------------------------------------


def parse_when(text: str | None) -> datetime | None:
    """A sitemap/feed timestamp (W3C/ISO 8601 or RFC 822) as an aware UTC datetime; None if unparsable."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(elem: etree._Element, *names: str) -> str | None:
    """Text of the first child named so: direct children first, then deeper (news:publication_date)."""
    for name in names:
        for candidates in (iter(elem), elem.iterdescendants()):
            for child in candidates:
                if _local(child.tag) == name and (child.text or "").strip():
                    return child.text.strip()
    return None


_PARSER_OPTS = {
    "recover": True,
    "resolve_entities": False,
    "no_network": True,
    "remove_comments": True,
    "remove_pis": True,
    "huge_tree": False,
}


def parse_discovery(body: bytes, max_size: int = DISCOVERY_MAXSIZE) -> tuple[str, list[dict[str, Any]]]:
    """Classify a sitemap/feed document and list its entries.

    Returns (kind, entries): kind is "sitemapindex", "urlset", "feed" or "unknown"; each entry is
    {"loc": url, "lastmod": datetime | None}. Gzipped bodies are decompressed (bounded by max_size).
    """
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_size=max_size)
    body = body.lstrip()
    if not body:
        return "unknown", []
    root = etree.fromstring(body, etree.XMLParser(**_PARSER_OPTS))
    if root is None:
        return "unknown", []
    tag = _local(root.tag)
    entries: list[dict[str, Any]] = []
    if tag in ("sitemapindex", "urlset"):
        child = "sitemap" if tag == "sitemapindex" else "url"
        for el in root:
            if _local(el.tag) != child:
                continue
            loc = _child_text(el, "loc")
            if loc:
                when = parse_when(_child_text(el, "lastmod")) or parse_when(
                    _child_text(el, "publication_date")
                )
                entries.append({"loc": loc, "lastmod": when})
        return tag, entries
    if tag in ("rss", "rdf", "feed"):
        for el in root.iter():
            name = _local(el.tag)
            if name == "item":  # RSS 2.0 / RSS 1.0
                loc = _child_text(el, "link") or el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
                if not loc:
                    guid = next((c for c in el if _local(c.tag) == "guid"), None)
                    if guid is not None and guid.get("isPermaLink", "true") == "true":
                        loc = (guid.text or "").strip() or None
                when = parse_when(_child_text(el, "pubdate", "date", "updated", "published"))
            elif name == "entry":  # Atom
                loc = None
                for link in el:
                    if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate":
                        loc = link.get("href")
                        break
                when = parse_when(_child_text(el, "updated", "published"))
            else:
                continue
            if loc:
                entries.append({"loc": loc.strip(), "lastmod": when})
        return "feed", entries
    return "unknown", []


# --- failures ----------------------------------------------------------------------------------


def classify_failure(failure: Failure) -> tuple[str, int]:
    """The landing error code and HTTP status (0: no response) for a failed request."""
    exc = failure.value
    response = getattr(exc, "response", None)
    status = int(response.status) if response is not None else 0
    if isinstance(exc, HttpError) and response is not None:
        return f"http_{response.status}", status
    if isinstance(exc, DownloadTimeoutError | TimeoutError | TCPTimedOutError):
        return "timeout", status
    if isinstance(exc, DownloadCancelledError):
        return "too_large", status
    if isinstance(exc, ResponseDataLossError):
        return "truncated", status
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return "dns_error", status
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if text.startswith(URL_POLICY_PREFIX):  # "url policy refused <url>: <reason>"
            return text.rsplit(": ", 1)[-1], status
        if "robots.txt" in text:
            return "robots_disallowed", status
        if "DOWNLOAD_MAXSIZE" in text or "max size" in text:
            return "too_large", status
        if "offsite" in text.lower():
            return "offsite_redirect", status
        return "fetch_error", status
    if isinstance(
        exc,
        DownloadConnectionRefusedError | DownloadFailedError | ConnectError | ConnectionLost | ConnectionDone,
    ):
        return "connection_error", status
    if isinstance(exc, ConnectionError | OSError):
        return "connection_error", status
    return "fetch_error", status


def _is_html(content_type: str) -> bool:
    ctype = content_type.split(";", 1)[0].strip().lower()
    return not ctype or ctype in HTML_TYPES


# --- the spider --------------------------------------------------------------------------------


class NewsSpider(scrapy.Spider):
    """One source's crawl: discovery → filtered, conditional article requests → landed rows."""

    name = "news"

    def __init__(
        self,
        source: dict[str, Any],
        run_id: str,
        since: str | None = None,
        until: str | None = None,
        known: dict[str, dict[str, Any]] | None = None,
        **kwargs: Any,
    ):
        self.source = Source.from_dict(source)
        super().__init__(name=self.source.name, **kwargs)
        self.run_id = run_id
        self.allowed_domains = list(self.source.allowed_domains)
        self.since = date.fromisoformat(since) if since else None
        self.until = date.fromisoformat(until) if until else None
        self.known = known or {}
        self._seen: set[str] = set()
        self._documents = 0  # discovery documents (sitemaps, feeds) requested
        self.mode = "crawl"
        self.known_documents: dict[str, dict[str, Any]] = {}  # url → etag, last_modified, kind, entries
        self.documents_read: list[dict[str, Any]] = []  # sitemaps/feeds read (discover mode keeps them)
        self.discovered_entries: list[tuple[str, str | None, str]] = []  # (url, lastmod, via) in window
        self._limits_hit: set[str] = set()
        self._started = time.monotonic()

    # stats ------------------------------------------------------------------------------------
    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"autofacts/{key}", count)

    def _vet(self, url: str) -> str | None:
        """`url` as it will be fetched, or None (counted by reason) when the URL policy refuses it."""
        verdict = vet_url(url, self.allowed_domains)
        if not verdict.ok:
            self._inc(f"url_refused/{verdict.reason}")
            logger.info("refusing %s: %s", url, verdict.reason)
        return verdict.url

    def _over_limit(self, name: str, value: float) -> bool:
        """True when `value` is past the run's discovery limit `name` (DISCOVERY_LIMITS; 0: no limit);
        each refusal is counted as autofacts/limit/<name>, the first one logged."""
        limit = self.settings.getfloat(DISCOVERY_LIMITS[name], 0)
        if not limit or value < limit:
            return False
        self._inc(f"limit/{name}")
        if name not in self._limits_hit:
            self._limits_hit.add(name)
            logger.warning("%s: discovery limit %s (%g) reached, not following further entries",
                           self.source.name, name, limit)
        return True

    # discovery --------------------------------------------------------------------------------
    def _discovery_request(self, url: str, kind: str, depth: int = 0) -> Request | None:
        vetted = self._vet(url)
        if vetted is None:
            return None
        if (
            self._over_limit("sitemap_depth", depth - 1)  # indexes nested up to the limit are followed
            or self._over_limit("sitemap_documents", self._documents)
            or self._over_limit("discovery_time", time.monotonic() - self._started)
        ):
            return None
        self._documents += 1
        known = self.known_documents.get(vetted) or {}
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return Request(
            vetted,
            callback=self.parse_discovery,
            errback=self.discovery_failed,
            headers=headers,
            meta={
                "autofacts_discovery": kind,
                "autofacts_depth": depth,
                "download_maxsize": DISCOVERY_MAXSIZE,
                "handle_httpstatus_list": [304] if known else [],
            },
        )

    def _load_mode(self) -> None:
        """The crawl's mode from its settings: `crawl` (discover and fetch), `discover` (only list the
        URLs discovered, and the sitemaps/feeds read, for a backfill to partition), or `urls` (fetch the
        listed URLs, no discovery). Known documents (validators and entries) make discovery conditional."""
        self.mode = self.settings.get("AUTOFACTS_MODE") or "crawl"
        documents = self.settings.get("AUTOFACTS_DOCUMENTS_FILE")
        if documents:
            mine = json.loads(Path(documents).read_text(encoding="utf-8")).get(self.source.name) or {}
            self.known_documents = mine

    async def start(self) -> AsyncIterator[Any]:
        self._load_mode()
        if self.mode == "urls":  # a backfill chunk: the URLs were discovered once, before
            listed = json.loads(Path(self.settings.get("AUTOFACTS_URLS_FILE")).read_text(encoding="utf-8"))
            for url, lastmod, via in listed.get(self.source.name) or []:
                request = self._article_request(url, parse_when(lastmod), via)
                if request is not None:
                    yield request
            return
        declared = [(u, "sitemap") for u in self.source.sitemaps] + [(u, "feed") for u in self.source.feeds]
        for url, kind in declared:
            request = self._discovery_request(url, kind)
            if request is not None:
                yield request
        if self.source.robots_sitemaps:
            origins = {
                f"{p.scheme}://{p.netloc}"
                for p in map(urlsplit, [*self.source.sitemaps, *self.source.feeds])
                if p.scheme in ("http", "https")
            } or {f"https://{d}" for d in self.source.allowed_domains}
            for origin in sorted(origins):
                yield Request(
                    origin + "/robots.txt",
                    callback=self.parse_robots,
                    errback=self.discovery_failed,
                    meta={"autofacts_discovery": "robots"},
                )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            request = self._discovery_request(url, "sitemap")
            if request is not None:
                yield request

    def _discovery_error(self, url: str, reason: str, detail: Any = "") -> None:
        """Count a discovery document that gave no entries: total and by reason (dns_error, bot_wall, …)."""
        self._inc("discovery_failed")
        self._inc(f"discovery_failed_by/{reason}")
        logger.warning("discovery %s failed: %s%s", url, reason, f" ({detail})" if detail else "")

    def discovery_failed(self, failure: Failure) -> None:
        error, _ = classify_failure(failure)
        self._discovery_error(failure.request.url, error, failure.value)

    def parse_discovery(self, response: Response) -> Iterator[Request]:
        known = self.known_documents.get(response.url)
        if response.status == 304 and known:  # unchanged since the stored copy: its entries stand
            kind = known["kind"]
            entries = [{"loc": e["loc"], "lastmod": parse_when(e.get("lastmod"))} for e in known["entries"]]
            self._inc("discovery_not_modified")
            yield from self._follow(response, kind, entries)
            return
        wall = bot_wall(response.body) if response.body[:2] != b"\x1f\x8b" else None
        if wall:
            self._discovery_error(response.url, "bot_wall", wall)
            return
        try:
            kind, entries = parse_discovery(response.body)
        except _DecompressionMaxSizeExceeded:
            self._discovery_error(response.url, "too_large", "after decompression")
            return
        except (etree.XMLSyntaxError, ValueError, OSError, EOFError, zlib.error) as exc:  # bad XML / gzip
            self._discovery_error(response.url, "unparsable", exc)
            return
        logger.info("discovery %s: %s with %d entries", response.url, kind, len(entries))
        if self.mode == "discover" and kind != "unknown":
            self.documents_read.append({
                "url": response.url, "kind": kind,
                "etag": (response.headers.get("ETag") or b"").decode("latin-1") or None,
                "last_modified": (response.headers.get("Last-Modified") or b"").decode("latin-1") or None,
                "entries": [{"loc": e["loc"], "lastmod": e["lastmod"].isoformat() if e["lastmod"] else None}
                            for e in entries],
            })
        yield from self._follow(response, kind, entries)

    def _follow(self, response: Response, kind: str, entries: list[dict[str, Any]]) -> Iterator[Request]:
        """Child sitemaps of an index, article requests of a urlset or feed."""
        if kind == "sitemapindex":
            for entry in entries:
                loc, when = response.urljoin(entry["loc"]), entry["lastmod"]
                if when is not None and self.since is not None and when.date() < self.since:
                    self._inc("sitemaps_skipped_old")
                    continue
                request = self._discovery_request(loc, "sitemap", response.meta.get("autofacts_depth", 0) + 1)
                if request is not None:
                    yield request
        elif kind in ("urlset", "feed"):
            via = "sitemap" if kind == "urlset" else "feed"
            for entry in entries:
                request = self._article_request(response.urljoin(entry["loc"]), entry["lastmod"], via)
                if request is not None:
                    yield request
        else:
            self._discovery_error(response.url, "not_a_sitemap", "neither a sitemap nor a feed")
            return
        if response.meta.get("autofacts_discovery") != "robots":
            self._inc("discovery_ok")

    def in_window(self, when: datetime | None) -> bool:
        """True when `when` is inside [since, until] (dates, inclusive), or unknown."""
        if when is None:
            return True
        day = when.astimezone(UTC).date()
        return not ((self.since and day < self.since) or (self.until and day > self.until))

    def _article_request(self, url: str, lastmod: datetime | None, via: str) -> Request | None:
        url = self._vet(url.split("#", 1)[0])
        if url is None:
            return None
        if not self.source.is_article(url):
            self._inc("not_article")
            return None
        if url in self._seen or self._over_limit("discovered_urls", len(self._seen)):
            return None
        self._seen.add(url)
        self._inc("discovered")
        if not self.in_window(lastmod):
            self._inc("out_of_window")
            return None
        if self.mode == "discover":  # listed for the backfill to partition, fetched chunk by chunk
            self.discovered_entries.append((url, lastmod.isoformat() if lastmod else None, via))
            return None
        known = self.known.get(url)
        headers: dict[str, str] = {}
        if known:
            known_lastmod = known.get("lastmod")
            if lastmod is not None and known_lastmod is not None and lastmod <= known_lastmod:
                self._inc("unchanged")
                return None
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        self._inc("requested")
        return Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            headers=headers,
            dont_filter=True,  # de-duplicated above; redirects are handled here, not by Scrapy
            meta={
                "autofacts": {"url": url, "via": via, "lastmod": lastmod, "hops": 0},
                "dont_redirect": True,
                "handle_httpstatus_all": True,
            },
        )

    # pages ------------------------------------------------------------------------------------
    def _row(
        self,
        info: dict[str, Any],
        *,
        final_url: str,
        status: int,
        headers: Any = None,
        body: bytes | None = None,
        error: str | None = None,
    ) -> dict[str, Any]:
        if error is None:
            self._inc("fetched")
            self._inc("bytes", len(body or b""))
        elif error == "not_modified":
            self._inc("not_modified")
        else:
            self._inc(f"failed/{error}")
            logger.info("page %s landed as %s", info["url"], error)
        return {
            "run_id": self.run_id,
            "source": self.source.name,
            "page_id": page_id(info["url"]),
            "url": info["url"],
            "final_url": final_url,
            "status": status,
            "headers": headers_json(headers),
            "body": body,
            "fetched_at": utcnow(),
            "discovered_via": info["via"],
            "lastmod": info["lastmod"],
            "error": error,
        }

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Land the response (or follow an on-site redirect); a bug here still lands a row."""
        try:
            yield from self._parse_page(response)
        except Exception:
            logger.exception("could not land %s", response.url)
            yield self._row(response.meta["autofacts"], final_url=response.url, status=response.status,
                            headers=response.headers, error="fetch_error")

    def _parse_page(self, response: Response) -> Iterator[Any]:
        info = response.meta["autofacts"]
        status = response.status
        row = {"final_url": response.url, "status": status, "headers": response.headers}
        if status == 304:
            yield self._row(info, **row, error="not_modified")
            return
        location = response.headers.get("Location")
        if 300 <= status < 400 and location:
            target = response.urljoin(location.decode("latin-1"))
            verdict = vet_url(target, self.allowed_domains)
            if not verdict.ok:
                error = "offsite_redirect" if verdict.reason == "offsite" else verdict.reason
                yield self._row(info, final_url=target, status=status, headers=response.headers, error=error)
                return
            target = verdict.url
            if info["hops"] >= self.settings.getint("REDIRECT_MAX_TIMES", 5):
                yield self._row(info, **row, error=f"http_{status}")
                return
            yield response.request.replace(
                url=target,
                headers={},  # conditional headers belonged to the original URL
                meta={**response.meta, "autofacts": {**info, "hops": info["hops"] + 1}},
            )
            return
        if not 200 <= status < 300:
            yield self._row(info, **row, error=f"http_{status}")
            return
        if "dataloss" in response.flags:
            yield self._row(info, **row, error="truncated")
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if not _is_html(content_type):
            yield self._row(info, **row, error="not_html")
            return
        wall = bot_wall(response.body)
        if wall:  # a challenge or consent page answered 200: a blocked fetch, never an article
            logger.warning("page %s is a bot/consent wall (%s)", info["url"], wall)
            yield self._row(info, **row, error="bot_wall")
            return
        yield self._row(info, **row, body=response.body)

    def page_failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        request = failure.request
        info = request.meta["autofacts"]
        error, status = classify_failure(failure)
        response = getattr(failure.value, "response", None)
        yield self._row(
            info,
            final_url=request.url,
            status=status,
            headers=response.headers if response is not None else None,
            error=error,
        )
