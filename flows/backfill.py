"""The `backfill` flow: crawl a past date window chunk by chunk (weeks or months), resumable.

The backfill id is derived from (since, until, sources, chunk), so re-running the same backfill skips
the chunks already recorded as completed and carries on from the first unfinished one. Every step is
idempotent, so a chunk interrupted half-way is simply redone and adds no row twice.
"""

from __future__ import annotations

import hashlib
import json
from calendar import monthrange
from datetime import date, timedelta
from typing import Any, Literal

from prefect import flow
from prefect.logging import get_run_logger

from flows import steps
from flows.reports import Progress, merge_reports, publish_facts_table, publish_report, render_report
from flows.run_names import backfill_run_name
from flows.settings import load_settings
from flows.tasks import (
    facts_for,
    facts_key,
    ingest_window,
    iso,
    publish_task,
    record_failure,
    report_for,
)

REPORT_KEY = "backfill-report"
PROGRESS_KEY = "backfill-progress"
DONE = "done"  # chunk status in backfill_chunks (runs use "completed")
CHUNKS = ("week", "month")


def chunk_windows(since: date, until: date, chunk: str = "week") -> list[tuple[date, date]]:
    """[since, until] cut into inclusive windows at calendar boundaries (ISO weeks or months)."""
    if chunk not in CHUNKS:
        raise ValueError(f"chunk must be one of {', '.join(CHUNKS)}, not {chunk!r}")
    if since > until:
        raise ValueError(f"since {since.isoformat()} is after until {until.isoformat()}")
    windows: list[tuple[date, date]] = []
    start = since
    while start <= until:
        if chunk == "week":
            end = start + timedelta(days=6 - start.weekday())  # the Sunday of start's week
        else:
            end = start.replace(day=monthrange(start.year, start.month)[1])
        end = min(end, until)
        windows.append((start, end))
        start = end + timedelta(days=1)
    return windows


def backfill_id(since: date, until: date, sources: list[str] | None, chunk: str = "week") -> str:
    """A stable id for one backfill request: same window, sources and chunking → same id (resume)."""
    key = json.dumps(
        {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "sources": sorted(set(sources or [])),
            "chunk": chunk,
        },
        sort_keys=True,
    )
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    return f"backfill-{since:%Y%m%d}-{until:%Y%m%d}-{digest}"


@flow(
    name="backfill",
    description="Crawl a past window chunk by chunk; a re-run resumes after the last done chunk.",
    flow_run_name=backfill_run_name,
)
def backfill(
    since: date,
    until: date,
    sources: list[str] | None = None,
    chunk: Literal["week", "month"] = "week",
) -> dict[str, Any]:
    """Backfill [since, until] in week or month chunks; returns per-chunk stats and the backfill id."""
    logger = get_run_logger()
    steps.validate_window(since, until)
    windows = chunk_windows(since, until, chunk)
    settings = load_settings()
    bid = backfill_id(since, until, sources, chunk)
    status = steps.chunk_status(settings, bid)
    done = sum(1 for start, _ in windows if status.get(start) == DONE)
    params = {"since": iso(since), "until": iso(until), "sources": sources, "chunk": chunk}
    logger.info("backfill %s: %d %s chunks, %d already done", bid, len(windows), chunk, done)
    progress = Progress(PROGRESS_KEY, len(windows), f"{bid}: {done}/{len(windows)} chunks")
    progress.update(done, f"{bid}: {done}/{len(windows)} chunks done")

    run_ids: list[str] = []
    chunks: list[dict[str, Any]] = []
    for start, end in windows:
        if status.get(start) == DONE:
            logger.info("chunk %s..%s already done, skipped", start, end)
            chunks.append({"start": iso(start), "end": iso(end), "status": "skipped (done before)"})
            continue
        run_id = steps.new_run_id("backfill")
        run_ids.append(run_id)
        chunk_params = {"backfill_id": bid, "since": iso(start), "until": iso(end), "sources": sources}
        steps.start_run(settings, run_id, "backfill", chunk_params)
        steps.mark_chunk(settings, bid, start, end, sorted(sources or []), "running", run_id, {})
        stats: dict[str, Any] = {}
        try:
            ingest_window(settings, sources, run_id, start, end, stats, kind="backfill")
        except BaseException as exc:
            error = record_failure(settings, run_id, stats, exc)
            try:
                steps.mark_chunk(settings, bid, start, end, sorted(sources or []), "failed", run_id, stats)
            except Exception:  # noqa: BLE001 - the chunk's own error is the one to raise
                logger.exception("could not mark chunk %s failed", start)
            chunks.append({"start": iso(start), "end": iso(end), "status": "failed", "error": error})
            _publish(settings, bid, params, run_ids, chunks, f"failed in chunk {start}..{end} — {error}")
            raise
        steps.finish_run(settings, run_id, "completed", stats)
        steps.mark_chunk(settings, bid, start, end, sorted(sources or []), DONE, run_id, stats)
        done += 1
        chunks.append({"start": iso(start), "end": iso(end), "status": DONE, "run_id": run_id, **stats})
        progress.update(done, f"{bid}: {done}/{len(windows)} chunks done (last {start}..{end})")
        logger.info("chunk %s..%s done (%d/%d)", start, end, done, len(windows))

    if run_ids:
        publish_task(settings)
    report = _publish(settings, bid, params, run_ids, chunks, "completed")
    return {"backfill_id": bid, **params, "chunks": chunks, "run_ids": run_ids, "report": report}


def _publish(
    settings: Any,
    bid: str,
    params: dict[str, Any],
    run_ids: list[str],
    chunks: list[dict[str, Any]],
    status: str,
) -> dict[str, Any]:
    """The final "backfill-report": chunk table plus the merged report of the chunks run this time."""
    report = merge_reports(report_for(settings, r) for r in run_ids)
    crawl = merge_reports(c.get("crawl") or {} for c in chunks)
    stats = {
        "clean": merge_reports(c.get("clean") or {} for c in chunks),
        "extract": merge_reports(c.get("extract") or {} for c in chunks),
    }
    facts = facts_for(settings, run_ids)
    table_key = facts_key(REPORT_KEY)
    markdown = render_report(
        f"Backfill {bid}", params=params, crawl=crawl, report=report, stats=stats, status=status,
        facts=facts, facts_key=table_key,
    )
    rows = ["", "## Chunks", "", "| window | status | fetched | new articles |", "|---|---|---|---|"]
    for c in chunks:
        fetched = (c.get("crawl") or {}).get("fetched", "")
        articles = (c.get("clean") or {}).get("articles", "")
        rows.append(f"| {c['start']} – {c['end']} | {c['status']} | {fetched} | {articles} |")
    publish_report(REPORT_KEY, markdown + "\n".join(rows) + "\n", f"{bid}: {status}")
    publish_facts_table(table_key, facts, f"{bid}: every fact the chunks run this time extracted")
    return report
