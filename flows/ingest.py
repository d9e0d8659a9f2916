"""The `ingest` flow: crawl the sources since the last successful ingest, then load, clean, extract, publish.

Scheduled every 6 hours (see prefect.yaml / flows/serve.py). Each run is recorded in the warehouse's
`runs` table and leaves an "ingest-report" markdown artifact in the Prefect UI.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from prefect import flow
from prefect.logging import get_run_logger

from flows import steps
from flows.reports import publish_report, render_report
from flows.settings import load_settings
from flows.tasks import (
    clean_task,
    crawl_task,
    extract_task,
    iso,
    load_task,
    publish_task,
    record_failure,
    report_for,
)

REPORT_KEY = "ingest-report"
# `since` reaches back one day before the last successful ingest started: sitemap and feed dates come
# in every time zone, and a page dated late "yesterday" UTC+8 must not fall between two runs. Known,
# unchanged pages cost a conditional GET at most, so the overlap adds nothing twice.
LOOKBACK = timedelta(days=1)


@flow(
    name="ingest", description="Crawl → load → clean → extract → publish, since the last successful ingest."
)
def ingest(
    sources: list[str] | None = None, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """One incremental ingest run; `since` defaults to the day before the last successful ingest started."""
    logger = get_run_logger()
    settings = load_settings()
    if since is None:
        last = steps.last_success(settings, "ingest")
        since = last.date() - LOOKBACK if last else None
        logger.info("since defaults to the last successful ingest: %s", iso(since) or "none (full crawl)")
    steps.validate_window(since, until)
    run_id = steps.new_run_id("ingest")
    params = {"sources": sources, "since": iso(since), "until": iso(until)}
    steps.start_run(settings, run_id, "ingest", params)
    logger.info("ingest %s into %s", run_id, settings.db_path)
    stats: dict[str, Any] = {}
    try:
        crawled = crawl_task(settings, sources, run_id, since, until)
        stats["crawl"] = dict(crawled.stats)
        stats["load"] = load_task(settings, list(crawled.files), run_id)
        stats["clean"] = clean_task(settings, run_id)
        stats["extract"] = extract_task(settings, run_id)
        publish_task(settings)
    except BaseException as exc:
        error = record_failure(settings, run_id, stats, exc)
        _publish(settings, run_id, params, stats, f"failed — {error}")
        raise
    steps.finish_run(settings, run_id, "completed", stats)
    report = _publish(settings, run_id, params, stats, "completed")
    return {"run_id": run_id, **params, **stats, "report": report}


def _publish(settings: Any, run_id: str, params: dict[str, Any], stats: dict[str, Any], status: str) -> dict:
    report = report_for(settings, run_id)
    markdown = render_report(
        f"Ingest {run_id}", params=params, crawl=stats.get("crawl"), report=report, stats=stats, status=status
    )
    publish_report(REPORT_KEY, markdown, f"ingest {run_id}: {status}")
    return report
