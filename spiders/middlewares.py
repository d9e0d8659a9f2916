"""Downloader middlewares: the URL policy checked on every request (spiders/urlpolicy.py), robots.txt
with its Crawl-delay honoured per host, and retries
that wait before trying again (exponential backoff, or the server's Retry-After on 429/503), with every
wait capped by a setting so a server cannot park the crawl; a 429 or 503 also raises the site's download
delay (Scrapy's AutoThrottle only watches latency)."""

from __future__ import annotations

import logging
import random
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet import task

from spiders.urlpolicy import vet_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or HTTP-date); None when absent/invalid."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


URL_POLICY_PREFIX = "url policy refused"


class UrlPolicyMiddleware:
    """Refuses every request (discovery, robots.txt, article, redirect; `dont_filter` or not) whose URL,
    as it would be fetched, is ambiguous or outside the spider's allowed domains: the backstop behind the
    spider's own checks, so no code path can reach a foreign host. Runs before robots.txt is fetched."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> Request | None:
        spider = self.crawler.spider
        verdict = vet_url(request.url, list(getattr(spider, "allowed_domains", None) or ()))
        if verdict.ok:
            if verdict.url != request.url:  # e.g. a trailing dot: fetch exactly the form that was checked
                return request.replace(url=verdict.url, dont_filter=True)
            return None
        self.crawler.stats.inc_value(f"autofacts/url_refused/{verdict.reason}")
        logger.warning("%s %s: %s", URL_POLICY_PREFIX, request.url, verdict.reason)
        raise IgnoreRequest(f"{URL_POLICY_PREFIX} {request.url}: {verdict.reason}")


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class RobotsCrawlDelayMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, plus the site's `Crawl-delay`: requests to one host start at least
    that many seconds apart (capped at ROBOTSTXT_CRAWL_DELAY_MAX), whatever AutoThrottle or the jittered
    download delay would allow. Scrapy's own middleware reads robots.txt but ignores the delay."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.delay_max = crawler.settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 30.0)
        self._next_start: dict[str, float] = {}  # host:port → monotonic time the next request may start

    def crawl_delay(self, netloc: str, request: Request) -> float:
        """The capped Crawl-delay robots.txt asks of our user agent on `netloc` (0 if none or unknown)."""
        parser = self._parsers.get(netloc)
        ask = getattr(parser, "crawl_delay", None)
        if ask is None:
            return 0.0
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        try:
            delay = ask(agent)
        except (TypeError, ValueError):
            return 0.0
        if not delay or delay <= 0:
            return 0.0
        if self.crawler.stats.get_value(f"autofacts/crawl_delay/{netloc}") is None:
            logger.info("Crawl-delay of %s: %.1fs%s", netloc, delay,
                        f" (capped at {self.delay_max:g}s)" if delay > self.delay_max else "")
            self.crawler.stats.set_value(f"autofacts/crawl_delay/{netloc}", min(delay, self.delay_max))
        return min(float(delay), self.delay_max)

    async def process_request(self, request: Request, spider: object = None) -> None:  # type: ignore[override]
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt"):
            return  # robots.txt itself
        netloc = urlparse_cached(request).netloc
        delay = self.crawl_delay(netloc, request)
        if delay <= 0:
            return
        now = time.monotonic()
        start = max(now, self._next_start.get(netloc, 0.0))
        self._next_start[netloc] = start + delay  # reserved before waiting: concurrent requests queue up
        if start > now:
            await _sleep(start - now)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but each retry is delayed: Retry-After when the server sends one,
    else RETRY_BACKOFF_BASE * 2**attempt (jittered); both capped (RETRY_AFTER_MAX, RETRY_BACKOFF_MAX)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        o = super().from_crawler(crawler)
        s = crawler.settings
        o.backoff_base = s.getfloat("RETRY_BACKOFF_BASE", 1.0)
        o.backoff_max = s.getfloat("RETRY_BACKOFF_MAX", 60.0)
        o.retry_after_max = s.getfloat("RETRY_AFTER_MAX", 60.0)
        return o

    def retry_delay(self, request: Request, response: Response | None = None) -> float:
        """Seconds to wait before retrying `request` (after `response`, if any)."""
        if response is not None:
            asked = parse_retry_after(response.headers.get("Retry-After"))
            if asked is not None:
                return min(asked, self.retry_after_max)
        attempt = request.meta.get("retry_times", 0)
        delay = self.backoff_base * (2**attempt)
        return min(delay * random.uniform(0.8, 1.2), self.backoff_max)

    async def _wait(self, seconds: float, request: Request, reason: str) -> None:
        if seconds <= 0:
            return
        logger.info("Retrying %s in %.1fs (%s)", request.url, seconds, reason)
        self.crawler.stats.inc_value("retry/wait_seconds", seconds)
        await _sleep(seconds)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        delay = self.retry_delay(request, response)
        if response.status in (429, 503):
            self.slow_down(request, delay)
        retry = self._retry(request, reason)
        if retry is None:
            return response
        await self._wait(delay, request, reason)
        return retry

    def slow_down(self, request: Request, delay: float) -> None:
        """Raise the site's download delay after a 429/503 (AutoThrottle only reacts to latency, so it
        would not slow down by itself); AutoThrottle then eases it back as 200s arrive."""
        engine = getattr(self.crawler, "engine", None)
        key = request.meta.get("download_slot")
        slot = engine.downloader.slots.get(key) if engine is not None and key else None
        if slot is None:
            return
        ceiling = max(self.retry_after_max, self.crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0))
        new_delay = min(max(slot.delay, delay), ceiling)
        if new_delay > slot.delay:
            logger.info("Slowing down %s: download delay %.1fs → %.1fs", key, slot.delay, new_delay)
            slot.delay = new_delay

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        await self._wait(self.retry_delay(request), request, type(exception).__name__)
        return retry
