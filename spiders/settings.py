"""Scrapy settings for the autofacts news spider: polite by default (robots.txt, AutoThrottle, retries
that back off and honour Retry-After, size and time limits), overridable per source and per run."""

from __future__ import annotations

from typing import Any

USER_AGENT = "autofacts/0.1 (+https://github.com/autofacts/autofacts; news research crawler)"

# Discovery limits, per source and run: a broken or hostile site (a sitemap index whose entries keep
# naming new sitemaps) cannot make discovery endless. A limit that is hit stops that kind of discovery
# for the source, is logged once and counted as the crawl stat `limits.<name>` (autofacts/limit/<name>).
DISCOVERY_LIMITS = {
    "sitemap_documents": "AUTOFACTS_MAX_SITEMAP_DOCUMENTS",  # sitemaps + feeds requested
    "sitemap_depth": "AUTOFACTS_MAX_SITEMAP_DEPTH",  # index nesting below a declared document
    "discovered_urls": "AUTOFACTS_MAX_DISCOVERED_URLS",  # distinct article URLs taken from entries
    "discovery_time": "AUTOFACTS_MAX_DISCOVERY_SECONDS",  # no new discovery request after this
}
# The whole crawl subprocess is killed after this many seconds (run_crawl's default `timeout`); each
# source's crawl closes gracefully a little earlier (CLOSESPIDER_TIMEOUT → limit `crawl_time`).
CRAWL_TIMEOUT = 3 * 3600
# robots.txt `Crawl-delay` is honoured per host up to this many seconds (a larger value is capped).
CRAWL_DELAY_MAX = 30.0

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "autofacts",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    # Politeness: one or two requests at a time per site, AutoThrottle adapts the delay to latency.
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 1.0,
    "DOWNLOAD_DELAY_JITTER": 0.5,  # ±50% (Scrapy 2.19 replaces RANDOMIZE_DOWNLOAD_DELAY with this)
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    # Limits: a page that takes too long or is too big lands as a failure ("timeout", "too_large").
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,
    "DOWNLOAD_FAIL_ON_DATALOSS": True,  # a short body raises ResponseDataLossError → "truncated"
    # Retries: 429 and 5xx (and network errors), with exponential backoff and Retry-After, capped.
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 3,
    "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
    "RETRY_BACKOFF_BASE": 1.0,  # seconds before the first retry; doubles each time
    "RETRY_BACKOFF_MAX": 60.0,  # cap of the computed backoff
    "RETRY_AFTER_MAX": 60.0,  # cap of a server's Retry-After (seconds)
    "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",  # the page still lands, with its error code
    "REDIRECT_MAX_TIMES": 5,
    # Limits (see DISCOVERY_LIMITS above); 0 turns one off.
    "AUTOFACTS_MAX_SITEMAP_DOCUMENTS": 2000,
    "AUTOFACTS_MAX_SITEMAP_DEPTH": 5,
    "AUTOFACTS_MAX_DISCOVERED_URLS": 500_000,
    "AUTOFACTS_MAX_DISCOVERY_SECONDS": 3600,
    "CLOSESPIDER_TIMEOUT": CRAWL_TIMEOUT - 15 * 60,  # a source's whole crawl: ends it with what it has
    "ROBOTSTXT_CRAWL_DELAY_MAX": CRAWL_DELAY_MAX,
    # Scrapy silently drops over-long URLs (no errback); let the server answer instead, so the page lands.
    "URLLENGTH_LIMIT": 0,
    # Conditional requests are sent by the spider from the warehouse's known pages; no HTTP cache.
    "HTTPCACHE_ENABLED": False,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,  # no listening port in a batch job
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "%(levelname)s %(name)s: %(message)s",
    "LOGSTATS_INTERVAL": 10.0,  # "Crawled N pages" lines: the CLI's progress bar, Prefect's run log
    "DOWNLOADER_MIDDLEWARES": {
        "spiders.middlewares.UrlPolicyMiddleware": 40,  # before offsite (50) and robots.txt (100)
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "spiders.middlewares.RobotsCrawlDelayMiddleware": 100,  # robots.txt rules and its Crawl-delay
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "spiders.middlewares.BackoffRetryMiddleware": 550,
    },
    "ITEM_PIPELINES": {"spiders.landing.LandingPipeline": 300},
    "LANDING_BATCH_SIZE": 200,  # pages per Parquet file
}


def build_settings(
    source_settings: dict[str, Any] | None = None, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Defaults, then a source's politeness settings, then the run's explicit overrides."""
    settings = dict(DEFAULTS)
    settings["DOWNLOADER_MIDDLEWARES"] = dict(DEFAULTS["DOWNLOADER_MIDDLEWARES"])
    settings.update(source_settings or {})
    settings.update(overrides or {})
    return settings
