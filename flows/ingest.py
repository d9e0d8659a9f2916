"""The `ingest` flow: crawl the sources since the last successful ingest, then load, clean, extract, publish.

With no `sources`, the enabled entries of spiders/sources.toml are crawled (the demo source and the
verified ones), so the schedule never reaches a site nobody has checked.

Scheduled every 6 hours (see prefect.yaml / flows/serve.py). Each run is recorded in the warehouse's
`runs` table and leaves an "ingest-report" markdown artifact in the Prefect UI.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from prefect import flow
from prefect.logging import get_run_logger

from flows import steps
from flows.run_names import ingest_run_name
from flows.settings import load_settings
from flows.tasks import (
    ingest_window,
    iso,
    publish_run_report,
    run_recorded,
)

REPORT_KEY = "ingest-report"
# `since` reaches back one day before the last successful ingest started: sitemap and feed dates come
# in every time zone, and a page dated late "yesterday" UTC+8 must not fall between two runs. Known,
# unchanged pages cost a conditional GET at most, so the overlap adds nothing twice.
LOOKBACK = timedelta(days=1)


@flow(
    name="ingest",
    description="Crawl → load → clean → extract → publish, since the last successful ingest.",
    flow_run_name=ingest_run_name,
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
    params = {"sources": sources, "since": iso(since), "until": iso(until)}

    def body(run_id: str, stats: dict[str, Any]) -> None:
        ingest_window(settings, sources, run_id, since, until, stats)

    def publish(run_id: str, stats: dict[str, Any], status: str) -> dict[str, Any]:
        return publish_run_report(
            settings, REPORT_KEY, f"Ingest {run_id}", run_id, params, stats, status, crawl=stats.get("crawl")
        )

    return run_recorded(settings, "ingest", params, body, publish)
