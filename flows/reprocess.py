"""The `reprocess` flow: re-clean and re-extract stored pages (no crawling), e.g. after a cleaner or
extractor change. Leaves a "reprocess-report" markdown artifact."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.logging import get_run_logger

from flows import steps
from flows.reports import publish_report, render_report
from flows.settings import load_settings
from flows.tasks import clean_task, extract_task, iso, publish_task, record_failure, report_for

REPORT_KEY = "reprocess-report"


@flow(name="reprocess", description="Re-clean and re-extract stored pages in a window; no crawling.")
def reprocess(since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Re-run clean and extract over every stored page (optionally only those dated in [since, until])."""
    logger = get_run_logger()
    steps.validate_window(since, until)
    settings = load_settings()
    run_id = steps.new_run_id("reprocess")
    params = {"since": iso(since), "until": iso(until)}
    steps.start_run(settings, run_id, "reprocess", params)
    logger.info("reprocess %s in %s", run_id, settings.db_path)
    stats: dict[str, Any] = {}
    try:
        stats["clean"] = clean_task(settings, run_id, since=since, until=until, all_pages=True)
        stats["extract"] = extract_task(settings, run_id, since=since, until=until, all_articles=True)
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
        f"Reprocess {run_id}",
        params=params,
        report=report,
        stats=stats,
        status=status,
        facts_label="Re-extracted",
    )
    publish_report(REPORT_KEY, markdown, f"reprocess {run_id}: {status}")
    return report
