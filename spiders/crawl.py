"""`python -m spiders.crawl --config FILE`: one crawl run in its own process (Twisted's reactor cannot
restart), one Scrapy crawler per source, all landing into landing_dir/<run_id>/; ends with stats.json.

The config file is JSON written by spiders.run.run_crawl: run_id, landing_dir, sources (Source dicts),
since/until (ISO dates or null), since_by_source (source name → ISO date or null: that source's own
start, overriding since), known_pages (Parquet path or null), overrides (Scrapy settings).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from spiders.landing import batch_files, write_stats
from spiders.lifeline import die_with_parent
from spiders.settings import build_settings
from spiders.sources import POLITENESS_SETTINGS, Source

logger = logging.getLogger("spiders.crawl")

DISCOVERED_FILE = "discovered.json"  # discover mode: {source: {"entries": [[url, lastmod, via]], ...}}
STAT_KEYS = ("discovered", "requested", "fetched", "not_modified", "unchanged", "out_of_window", "bytes")


def load_known(path: Path) -> dict[str, dict[str, Any]]:
    """Known pages exported by the warehouse: url → {etag, last_modified, lastmod (aware UTC or None)}."""
    table = pq.read_table(path)
    missing = {"url"} - set(table.column_names)
    if missing:
        raise ValueError(f"{path}: known-pages file lacks column(s) {sorted(missing)}")
    known: dict[str, dict[str, Any]] = {}
    for row in table.to_pylist():
        if not row.get("url"):
            continue
        lastmod = row.get("lastmod")
        if isinstance(lastmod, datetime):
            lastmod = lastmod.replace(tzinfo=UTC) if lastmod.tzinfo is None else lastmod.astimezone(UTC)
        else:
            lastmod = None
        known[row["url"]] = {
            "etag": row.get("etag") or None,
            "last_modified": row.get("last_modified") or None,
            "lastmod": lastmod,
        }
    return known


# Discovery outcomes of a source (stats.json sources.<name>.discovery, warehouse source_runs.discovery).
DISCOVERY_OUTCOMES = ("ok", "unreachable", "robots_denied", "bot_wall", "empty")


def discovery_outcome(mine: dict[str, Any]) -> str:
    """ok (article URLs found), empty (documents read, no article URL), or why no document could be read:
    robots_denied (robots.txt forbids them), bot_wall (a challenge page answered), unreachable (the rest:
    DNS, connection, timeouts, HTTP errors, unparsable answers)."""
    if mine["discovery_ok"] > 0 or not mine["discovery_failed"]:
        return "ok" if mine["discovered"] > 0 else "empty"
    reasons = mine["discovery_failed_by"]
    if "robots_disallowed" in reasons:
        return "robots_denied"
    if "bot_wall" in reasons:
        return "bot_wall"
    return "unreachable"


def summarize(per_source: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Run totals from each crawler's Scrapy stats (keys autofacts/<name>)."""
    total: dict[str, Any] = {k: 0 for k in STAT_KEYS}
    total["failed"] = {}
    total["discovery_failed"] = 0
    total["downloaded_bytes"] = 0
    sources: dict[str, Any] = {}
    for name, stats in per_source.items():
        mine: dict[str, Any] = {k: int(stats.get(f"autofacts/{k}", 0)) for k in STAT_KEYS}
        mine["failed"] = {
            key.removeprefix("autofacts/failed/"): int(v)
            for key, v in stats.items()
            if key.startswith("autofacts/failed/")
        }
        mine["discovery_failed"] = int(stats.get("autofacts/discovery_failed", 0))
        mine["discovery_ok"] = int(stats.get("autofacts/discovery_ok", 0))
        mine["discovery_not_modified"] = int(stats.get("autofacts/discovery_not_modified", 0))
        mine["discovery_failed_by"] = {
            key.removeprefix("autofacts/discovery_failed_by/"): int(v)
            for key, v in stats.items()
            if key.startswith("autofacts/discovery_failed_by/")
        }
        mine["in_window"] = mine["discovered"] - mine["out_of_window"]
        mine["discovery"] = discovery_outcome(mine)
        mine["url_refused"] = {  # URLs the URL policy refused, by reason (offsite, bad_url:<why>)
            key.removeprefix("autofacts/url_refused/"): int(v)
            for key, v in stats.items()
            if key.startswith("autofacts/url_refused/")
        }
        mine["downloaded_bytes"] = int(stats.get("downloader/response_bytes", 0))
        mine["retries"] = int(stats.get("retry/count", 0))
        mine["spider_errors"] = int(stats.get("spider_exceptions/count", 0))
        mine["finish_reason"] = stats.get("finish_reason")
        mine["limits"] = {  # discovery/crawl limits hit (spiders.settings.DISCOVERY_LIMITS), with counts
            key.removeprefix("autofacts/limit/"): int(v)
            for key, v in stats.items()
            if key.startswith("autofacts/limit/")
        }
        if mine["finish_reason"] == "closespider_timeout":
            mine["limits"]["crawl_time"] = 1
        mine["crawl_delay"] = {
            key.removeprefix("autofacts/crawl_delay/"): float(v)
            for key, v in stats.items()
            if key.startswith("autofacts/crawl_delay/")
        }
        sources[name] = mine
        for k in (*STAT_KEYS, "discovery_failed", "downloaded_bytes"):
            total[k] += mine[k]
        for reason, n in mine["failed"].items():
            total["failed"][reason] = total["failed"].get(reason, 0) + n
    total["sources"] = sources
    return total


class NoTraceback(logging.Filter):
    """Keep a log record's message, drop its traceback: an unreachable site is one line, not thirty
    (Scrapy's robots.txt middleware logs every refused connection with a full traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


def main(argv: list[str] | None = None) -> int:
    parent = os.environ.get("AUTOFACTS_CRAWL_PARENT")  # set by spiders.run: never outlive that process
    if parent and parent.isdigit():
        die_with_parent(int(parent))
    parser = argparse.ArgumentParser(prog="python -m spiders.crawl", description=__doc__)
    parser.add_argument("--config", required=True, type=Path, help="crawl config JSON (see module doc)")
    args = parser.parse_args(argv)
    config = json.loads(args.config.read_text(encoding="utf-8"))

    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.settings import Settings

    from spiders.news import NewsSpider

    run_id = config["run_id"]
    landing_dir = Path(config["landing_dir"])
    batch_dir = landing_dir / run_id
    batch_dir.mkdir(parents=True, exist_ok=True)
    overrides = dict(config.get("overrides") or {})
    landing = {"LANDING_DIR": str(landing_dir), "LANDING_RUN_ID": run_id}
    sources = [Source.from_dict(s) for s in config["sources"]]
    known = load_known(Path(config["known_pages"])) if config.get("known_pages") else {}

    process = CrawlerProcess(build_settings(None, {**overrides, **landing, "LOG_INSTALL_ROOT_HANDLER": True}))
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(NoTraceback())
    logger.info(
        "run %s: %d source(s) %s, window %s..%s, %d known page(s)",
        run_id, len(sources), ",".join(s.name for s in sources),
        config.get("since") or "-", config.get("until") or "-", len(known),
    )
    started = datetime.now(UTC)
    crawlers: dict[str, Crawler] = {}
    for i, source in enumerate(sources):
        # "spider" priority: CrawlerProcess.crawl() merges the process settings into a given Crawler and
        # would otherwise overwrite this source's politeness settings with the (equal-priority) defaults.
        settings = Settings()
        values = build_settings(source.scrapy_settings(), {**overrides, **landing})
        settings.setdict(values, priority="spider")
        crawler = Crawler(NewsSpider, settings, init_reactor=i == 0)
        crawlers[source.name] = crawler
        process.crawl(
            crawler,
            source=source.to_dict(),
            run_id=run_id,
            since=(config.get("since_by_source") or {}).get(source.name, config.get("since")),
            until=config.get("until"),
            known=known,
        )
    process.start()

    per_source = {name: dict(c.stats.get_stats()) if c.stats else {} for name, c in crawlers.items()}
    stats = summarize(per_source)
    for name, crawler in crawlers.items():  # the politeness each source actually ran with
        stats["sources"][name]["settings"] = {
            key: crawler.settings.get(key) for key in (*POLITENESS_SETTINGS.values(), "ROBOTSTXT_OBEY")
        }
    stats.update(
        run_id=run_id,
        started_at=started.isoformat(),
        finished_at=datetime.now(UTC).isoformat(),
        since=config.get("since"),
        until=config.get("until"),
        files=[p.name for p in batch_files(batch_dir)],
    )
    if overrides.get("AUTOFACTS_MODE") == "discover":  # what a backfill partitions into chunks
        listed = {
            name: {"entries": c.spider.discovered_entries, "documents": c.spider.documents_read}
            for name, c in crawlers.items() if c.spider is not None
        }
        (batch_dir / DISCOVERED_FILE).write_text(json.dumps(listed), encoding="utf-8")
    write_stats(batch_dir, stats)
    # a crawl that hit its time limit ends with what it fetched (recorded as limits.crawl_time), not failed
    ended = ("finished", "closespider_timeout")
    unfinished = [n for n, s in stats["sources"].items() if s["finish_reason"] not in ended]
    logger.info(
        "run %s done: discovered=%d requested=%d fetched=%d not_modified=%d unchanged=%d "
        "out_of_window=%d failed=%s files=%d",
        run_id, stats["discovered"], stats["requested"], stats["fetched"], stats["not_modified"],
        stats["unchanged"], stats["out_of_window"], json.dumps(stats["failed"], sort_keys=True),
        len(stats["files"]),
    )
    if unfinished:
        logger.error("crawl did not finish for: %s", ", ".join(unfinished))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
