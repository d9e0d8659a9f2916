"""The `ingest` flow: crawl each source since its own last covered day, then load, clean, extract, publish.

Each source starts one day before its watermark (warehouse.coverage: the last day its ingests covered
without a gap; a failed window holds it back until a later run fills it); a source never ingested
starts 30 days back (flows.outcomes.DEFAULT_LOOKBACK_DAYS). The run ends Failed ("Partial" when only
some sources failed, the message naming them) when a source could not be discovered or most of its
fetches failed.

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

from flows import outcomes, steps
from flows.run_names import ingest_run_name
from flows.runners import task_runner
from flows.settings import load_settings
from flows.tasks import (
    honest_state,
    ingest_window,
    iso,
    publish_run_report,
    run_recorded,
)

REPORT_KEY = "ingest-report"
# `since` reaches back one day before the source's watermark: sitemap and feed dates come
# in every time zone, and a page dated late "yesterday" UTC+8 must not fall between two runs. Known,
# unchanged pages cost a conditional GET at most, so the overlap adds nothing twice.
LOOKBACK = timedelta(days=1)


@flow(
    name="ingest",
    description="Crawl → load → clean → extract → publish, each source since its own watermark.",
    flow_run_name=ingest_run_name,
    task_runner=task_runner(load_settings()),  # AUTOFACTS_TASK_RUNNER: this machine, or Dask
)
def ingest(
    sources: list[str] | None = None, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """One incremental ingest run; `since` defaults, per source, to the day before its watermark."""
    logger = get_run_logger()
    settings = load_settings()
    steps.validate_window(since, until)
    start: date | dict[str, date | None] | None = since
    windows: dict[str, str | None] = {}
    if since is None:
        try:
            start = outcomes.ingest_since(settings, sources, LOOKBACK.days)
        except ValueError:  # an unknown source: the crawl task reports it (recorded, one line)
            start = None
        else:
            windows = {name: iso(d) for name, d in start.items()}
            logger.info("since, per source (its own watermark, or %d days back when new): %s",
                        outcomes.DEFAULT_LOOKBACK_DAYS, windows)
    params = {"sources": sources, "since": iso(since), "until": iso(until)}

    def body(run_id: str, stats: dict[str, Any]) -> None:
        stats["since_by_source"] = windows
        ingest_window(settings, sources, run_id, start, until, stats)

    def publish(run_id: str, stats: dict[str, Any], status: str) -> dict[str, Any]:
        return publish_run_report(
            settings, REPORT_KEY, f"Ingest {run_id}", run_id, params, stats, status, crawl=stats.get("crawl")
        )

    return honest_state(run_recorded(settings, "ingest", params, body, publish))
