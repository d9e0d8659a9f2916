"""The `backfill` flow: discover once, then fetch a past date window chunk by chunk, resumable.

Each source's sitemaps and feeds are read once per backfill (conditional GET with the validators stored
in `discovery_documents`, so an unchanged sitemap costs a 304); the URLs found are partitioned by date
into week or month chunks; a chunk with no URLs is done at once, without a crawl process; chunks with
URLs are fetched in groups of about GROUP_URLS URLs (the adaptive chunk size). A chunk is `done` only
when its fetches succeeded or failed for page-level reasons; when a source could not be discovered or
most of its fetches failed, the chunk stays `failed` and the next run of the same backfill retries it.

The backfill id is derived from (since, until, sources, chunk), so re-running the same backfill skips
the chunks already recorded as completed and carries on from the first unfinished one. Every step is
idempotent, so a chunk interrupted half-way is simply redone and adds no row twice.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from calendar import monthrange
from datetime import date, timedelta
from typing import Any, Literal

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.states import Failed

from flows import outcomes, steps
from flows.reports import Progress, merge_reports, publish_facts_table, publish_report, render_report
from flows.run_names import backfill_run_name
from flows.runners import task_runner
from flows.settings import load_settings
from flows.tasks import (
    CRAWL_TIMEOUT,
    clean_task,
    extract_task,
    facts_for,
    facts_key,
    iso,
    load_task,
    publish_task,
    record_failure,
    record_outcomes_task,
    relay,
    report_for,
)
from spiders.crawl import DISCOVERED_FILE
from spiders.news import parse_when
from spiders.sources import select_sources

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


GROUP_URLS = 500  # URLs per crawl process: consecutive chunks are fetched together up to this many


def partition(
    windows: list[tuple[date, date]], entries: list[tuple[str, str, str | None, str]]
) -> dict[date, list[tuple[str, str, str | None, str]]]:
    """Discovered (source, url, lastmod, via) entries by the chunk (start date) their date falls in;
    undated entries go to the first chunk, entries outside every chunk nowhere."""
    starts = [start for start, _ in windows]
    out: dict[date, list] = {start: [] for start in starts}
    for entry in entries:
        when = parse_when(entry[2])
        if when is None:
            out[starts[0]].append(entry)
            continue
        i = bisect_right(starts, when.date()) - 1
        if i >= 0 and when.date() <= windows[i][1]:
            out[starts[i]].append(entry)
    return out


def fetch_groups(
    windows: list[tuple[date, date]], by_chunk: dict[date, list], target: int | None = None
) -> list[list[tuple[date, date]]]:
    """Consecutive chunks with URLs joined until a group holds about `target` URLs (the adaptive
    chunk size: a sparse decade becomes a few crawls); chunks without URLs are in no group."""
    target = target or GROUP_URLS
    groups: list[list[tuple[date, date]]] = []
    current: list[tuple[date, date]] = []
    size = 0
    for window in windows:
        n = len(by_chunk.get(window[0]) or [])
        if not n:
            continue
        if current and size + n > target:
            groups.append(current)
            current, size = [], 0
        current.append(window)
        size += n
    if current:
        groups.append(current)
    return groups


@task(
    name="discover", retries=1, retry_delay_seconds=30, timeout_seconds=CRAWL_TIMEOUT, cache_policy=NO_CACHE
)
def discover_task(
    settings: Any, sources: list[str] | None, run_id: str, since: date, until: date
) -> dict[str, Any]:
    """Read every sitemap and feed once (conditional GET with the stored validators); store them and
    return {"stats", "entries": [(source, url, lastmod, via)], "documents": n}."""
    from warehouse.coverage import known_documents, store_documents
    from warehouse.db import writer

    chosen = [s.name for s in select_sources(sources, settings.demo_url)]
    folder = settings.landing_dir / run_id
    folder.mkdir(parents=True, exist_ok=True)
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        known = known_documents(con, chosen)
    documents_file = folder / "known_documents.json"
    documents_file.write_text(json.dumps(known), encoding="utf-8")
    result = steps.crawl(
        settings,
        sources,
        run_id=run_id,
        since=since,
        until=until,
        log=relay(),
        overrides={"AUTOFACTS_MODE": "discover", "AUTOFACTS_DOCUMENTS_FILE": str(documents_file)},
    )
    listed = json.loads((result.batch_dir / DISCOVERED_FILE).read_text(encoding="utf-8"))
    entries = [
        (name, url, lastmod, via) for name, got in listed.items() for url, lastmod, via in got["entries"]
    ]
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        n = sum(store_documents(con, name, got["documents"], run_id) for name, got in listed.items())
    get_run_logger().info(
        "discovered %d URLs in window from %d new or changed sitemaps/feeds", len(entries), n
    )
    return {"stats": dict(result.stats), "entries": entries}


@task(name="fetch", retries=1, retry_delay_seconds=30, timeout_seconds=CRAWL_TIMEOUT, cache_policy=NO_CACHE)
def fetch_task(settings: Any, sources: list[str] | None, run_id: str, entries: list) -> Any:
    """Fetch the listed article URLs (conditional GET for known pages), no discovery."""
    by_source: dict[str, list] = {}
    for name, url, lastmod, via in entries:
        by_source.setdefault(name, []).append((url, lastmod, via))
    folder = settings.landing_dir / run_id
    folder.mkdir(parents=True, exist_ok=True)
    urls_file = folder / "urls.json"
    urls_file.write_text(json.dumps(by_source), encoding="utf-8")
    names = sorted(by_source)
    result = steps.crawl(
        settings,
        names,
        run_id=run_id,
        log=relay(),
        overrides={"AUTOFACTS_MODE": "urls", "AUTOFACTS_URLS_FILE": str(urls_file)},
    )
    get_run_logger().info("fetch %s: %d URLs of %s", run_id, len(entries), ", ".join(names))
    return result


def _mark(
    settings: Any, bid: str, marks: list[tuple[date, date, str, str | None, dict]], names: list[str]
) -> None:
    """Record many chunks' status in one short transaction."""
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        for start, end, status, run_id, stats in marks:
            wh.mark_chunk(con, bid, start, end, names, status, run_id or "", stats)


@flow(
    name="backfill",
    description="Discover once, then fetch a past window chunk by chunk; a re-run retries what is not done.",
    flow_run_name=backfill_run_name,
    task_runner=task_runner(load_settings()),  # AUTOFACTS_TASK_RUNNER: this machine, or Dask
)
def backfill(
    since: date,
    until: date,
    sources: list[str] | None = None,
    chunk: Literal["week", "month"] = "week",
) -> Any:
    """Backfill [since, until]: discover each source once, partition the URLs into week or month chunks,
    fetch them in adaptive groups; a chunk without URLs is done at once, a chunk whose source failed
    stays failed (retried on the next run). Returns per-chunk stats and the backfill id."""
    logger = get_run_logger()
    steps.validate_window(since, until)
    windows = chunk_windows(since, until, chunk)
    settings = load_settings()
    bid = backfill_id(since, until, sources, chunk)
    status = steps.chunk_status(settings, bid)
    pending = [w for w in windows if status.get(w[0]) != DONE]
    params = {"since": iso(since), "until": iso(until), "sources": sources, "chunk": chunk}
    done = len(windows) - len(pending)
    logger.info("backfill %s: %d %s chunks, %d already done", bid, len(windows), chunk, done)
    progress = Progress(PROGRESS_KEY, len(windows), f"{bid}: {done}/{len(windows)} chunks")
    progress.update(done, f"{bid}: {done}/{len(windows)} chunks done")
    names = sorted(sources or [])
    chunks: dict[date, dict[str, Any]] = {
        start: {"start": iso(start), "end": iso(end), "status": "skipped (done before)"}
        for start, end in windows
        if status.get(start) == DONE
    }
    run_ids: list[str] = []
    outcomes_rows: list[dict[str, Any]] = []
    if pending:
        run_id = steps.new_run_id("backfill")
        run_ids.append(run_id)
        first, last = pending[0][0], pending[-1][1]
        steps.start_run(
            settings,
            run_id,
            "backfill",
            {
                "backfill_id": bid,
                "phase": "discover",
                "since": iso(first),
                "until": iso(last),
                "sources": sources,
            },
        )
        stats: dict[str, Any] = {}
        try:
            found = discover_task(settings, sources, run_id, first, last)
            stats["crawl"] = found["stats"]
            stats["source_outcomes"] = record_outcomes_task(
                settings, found["stats"], run_id, "backfill", first, last
            )
        except BaseException as exc:
            error = record_failure(settings, run_id, stats, exc)
            _mark(settings, bid, [(s, e, "failed", run_id, {"error": error}) for s, e in pending], names)
            for s, e in pending:
                chunks[s] = {"start": iso(s), "end": iso(e), "status": "failed", "error": error}
            _publish(settings, bid, params, run_ids, _ordered(chunks), f"failed in discovery — {error}")
            raise
        discovery_failed = [r for r in stats["source_outcomes"] if r["status"] != "ok"]
        outcomes_rows += stats["source_outcomes"]
        run_state = "failed" if discovery_failed else "completed"
        if discovery_failed:
            stats["error"] = outcomes.failure_message(discovery_failed)
        steps.finish_run(settings, run_id, run_state, stats)
        by_chunk = partition(pending, found["entries"])
        # A chunk without URLs needs no crawl: done, unless a source could not be discovered at all.
        empty = [(s, e) for s, e in pending if not by_chunk[s]]
        empty_status = "failed" if discovery_failed else DONE
        _mark(settings, bid, [(s, e, empty_status, run_id, {"urls": 0}) for s, e in empty], names)
        for s, e in empty:
            chunks[s] = {
                "start": iso(s),
                "end": iso(e),
                "status": empty_status,
                "urls": 0,
                "run_id": run_id,
                **({"error": stats["error"]} if discovery_failed else {}),
            }
        done += 0 if discovery_failed else len(empty)
        progress.update(done, f"{bid}: {done}/{len(windows)} chunks done")
        for group in fetch_groups(pending, by_chunk):
            done += _fetch_group(
                settings,
                bid,
                names,
                group,
                by_chunk,
                chunks,
                run_ids,
                outcomes_rows,
                discovery_failed,
                params,
            )
            progress.update(done, f"{bid}: {done}/{len(windows)} chunks done (last {group[-1][1]})")
        publish_task(settings)
    ordered = _ordered(chunks)
    failed = [c for c in ordered if c["status"] == "failed"]
    final = "completed" if not failed else f"{len(failed)} of {len(windows)} chunks failed"
    bad = [r for r in outcomes_rows if r["status"] != "ok"]
    if bad:
        final += " — " + outcomes.failure_message(bad)
    report = _publish(settings, bid, params, run_ids, ordered, final, outcomes_rows)
    result = {
        "backfill_id": bid,
        **params,
        "chunks": ordered,
        "run_ids": run_ids,
        "report": report,
        "source_outcomes": outcomes_rows,
        "status": "completed" if not failed else "failed",
    }
    if failed:
        result["error"] = final
        return Failed(message=final, data=result)
    return result


def _fetch_group(
    settings: Any,
    bid: str,
    names: list[str],
    group: list[tuple[date, date]],
    by_chunk: dict[date, list],
    chunks: dict[date, dict[str, Any]],
    run_ids: list[str],
    outcomes_rows: list[dict[str, Any]],
    discovery_failed: list[dict[str, Any]],
    params: dict[str, Any],
) -> int:
    """Fetch one group of chunks in one crawl, load, clean, extract; mark its chunks; returns how many
    are done (a group whose sources failed, or with a source that could not be discovered, is failed)."""
    logger = get_run_logger()
    entries = [e for s, _ in group for e in by_chunk[s]]
    start, end = group[0][0], group[-1][1]
    run_id = steps.new_run_id("backfill")
    run_ids.append(run_id)
    steps.start_run(
        settings,
        run_id,
        "backfill",
        {
            "backfill_id": bid,
            "since": iso(start),
            "until": iso(end),
            "chunks": len(group),
            "urls": len(entries),
        },
    )
    _mark(settings, bid, [(s, e, "running", run_id, {}) for s, e in group], names)
    stats: dict[str, Any] = {}
    try:
        crawled = fetch_task(settings, None, run_id, entries)
        stats["crawl"] = dict(crawled.stats)
        stats["load"] = load_task(settings, list(crawled.files), run_id)
        stats["clean"] = clean_task(settings, run_id)
        stats["extract"] = extract_task(settings, run_id)
        stats["source_outcomes"] = record_outcomes_task(
            settings, stats["crawl"], run_id, "backfill", start, end
        )
    except BaseException as exc:
        error = record_failure(settings, run_id, stats, exc)
        _mark(settings, bid, [(s, e, "failed", run_id, stats) for s, e in group], names)
        for s, e in group:
            chunks[s] = {"start": iso(s), "end": iso(e), "status": "failed", "error": error, "run_id": run_id}
        _publish(
            settings, bid, params, run_ids, _ordered(chunks), f"failed in chunk {start}..{end} — {error}"
        )
        raise
    outcomes_rows += stats["source_outcomes"]
    bad = [r for r in stats["source_outcomes"] if r["status"] != "ok"] + discovery_failed
    state = "failed" if bad else DONE
    if bad:
        stats["error"] = outcomes.failure_message(bad)
    steps.finish_run(
        settings,
        run_id,
        "completed" if not bad else outcomes.run_status(stats["source_outcomes"] + discovery_failed),
        stats,
    )
    marks = []
    for s, e in group:
        n = len(by_chunk[s])
        marks.append((s, e, state, run_id, {"urls": n}))
        chunks[s] = {
            "start": iso(s),
            "end": iso(e),
            "status": state,
            "urls": n,
            "run_id": run_id,
            **(
                {"crawl": stats["crawl"], "clean": stats["clean"], "extract": stats["extract"]}
                if s == group[0][0]
                else {}
            ),
            **({"error": stats["error"]} if bad else {}),
        }
    _mark(settings, bid, marks, names)
    logger.info("chunks %s..%s (%d, %d URLs): %s", start, end, len(group), len(entries), state)
    return len(group) if state == DONE else 0


def _collapse_empty(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive chunks with no URLs and the same status as one row (`n` chunks)."""
    out: list[dict[str, Any]] = []
    for c in chunks:
        prev = out[-1] if out else None
        if prev and c.get("urls") == 0 and prev.get("urls") == 0 and prev["status"] == c["status"]:
            prev.update(end=c["end"], n=prev.get("n", 1) + 1)
        else:
            out.append(dict(c))
    return out


def _ordered(chunks: dict[date, dict[str, Any]]) -> list[dict[str, Any]]:
    return [chunks[k] for k in sorted(chunks)]


def _publish(
    settings: Any,
    bid: str,
    params: dict[str, Any],
    run_ids: list[str],
    chunks: list[dict[str, Any]],
    status: str,
    source_rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The final "backfill-report": one row per source (its outcomes merged over discovery and fetch
    groups), the chunk table (runs of empty chunks on one line) and the merged report of the runs."""
    report = merge_reports(report_for(settings, r) for r in run_ids)
    crawl = merge_reports(c.get("crawl") or {} for c in chunks)
    stats = {
        "clean": merge_reports(c.get("clean") or {} for c in chunks),
        "extract": merge_reports(c.get("extract") or {} for c in chunks),
        "source_outcomes": outcomes.merge_rows(source_rows or []),
    }
    facts = facts_for(settings, run_ids)
    table_key = facts_key(REPORT_KEY)
    markdown = render_report(
        f"Backfill {bid}",
        params=params,
        crawl=crawl,
        report=report,
        stats=stats,
        status=status,
        facts=facts,
        facts_key=table_key,
    )
    rows = [
        "",
        "## Chunks",
        "",
        "| window | status | URLs | fetched | new articles |",
        "|---|---|---|---|---|",
    ]
    for c in _collapse_empty(chunks):
        fetched = (c.get("crawl") or {}).get("fetched", "")
        articles = (c.get("clean") or {}).get("articles", "")
        status_text = c["status"] + (f" ({c['n']} chunks)" if c.get("n", 1) > 1 else "")
        rows.append(
            f"| {c['start']} – {c['end']} | {status_text} | {c.get('urls', '')} | {fetched} | {articles} |"
        )
    publish_report(REPORT_KEY, markdown + "\n".join(rows) + "\n", f"{bid}: {status}")
    publish_facts_table(table_key, facts, f"{bid}: every fact the chunks run this time extracted")
    return report
