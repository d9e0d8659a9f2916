"""The `reprocess` flow: re-clean and re-extract stored pages (no crawling), e.g. after a cleaner or
extractor change. Leaves a "reprocess-report" markdown artifact."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from flows import steps
from flows.run_names import reprocess_run_name
from flows.runners import task_runner
from flows.settings import load_settings
from flows.tasks import clean_task, extract_task, iso, publish_run_report, run_recorded

REPORT_KEY = "reprocess-report"


@flow(
    name="reprocess",
    description="Re-clean and re-extract stored pages in a window; no crawling.",
    flow_run_name=reprocess_run_name,
    task_runner=task_runner(load_settings()),  # AUTOFACTS_TASK_RUNNER: this machine, or Dask
)
def reprocess(since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Re-run clean and extract over every stored page (optionally only those dated in [since, until])."""
    steps.validate_window(since, until)
    settings = load_settings()
    params = {"since": iso(since), "until": iso(until)}

    def body(run_id: str, stats: dict[str, Any]) -> None:
        stats["clean"] = clean_task(settings, run_id, since=since, until=until, all_pages=True)
        stats["extract"] = extract_task(settings, run_id, since=since, until=until, all_articles=True)

    def publish(run_id: str, stats: dict[str, Any], status: str) -> dict[str, Any]:
        return publish_run_report(
            settings, REPORT_KEY, f"Reprocess {run_id}", run_id, params, stats, status,
            facts_label="Re-extracted",
        )

    return run_recorded(settings, "reprocess", params, body, publish)
