"""Prefect task wrappers around the plain pipeline steps in flows/steps.py.

Each task is one batch step (never one task per article): it adds retries with backoff where the
network or the warehouse's writer lock can fail transiently, a timeout, and relays the step's log
lines (including Scrapy's subprocess output) to the Prefect run logger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.tasks import exponential_backoff

from flows import outcomes, steps, work
from flows.console import ProgressLine
from flows.pool import IN_FLIGHT_PER_WORKER, Mapper, in_order, process_mapper
from flows.runners import is_dask
from flows.settings import Settings
from warehouse.db import add_wait_listener

# Timeouts (seconds): generous ceilings that only stop a stuck run, not a slow one.
CRAWL_TIMEOUT = 3 * 3600
WAREHOUSE_TIMEOUT = 3600
BOOKKEEPING_TIMEOUT = 600


def _lock_or_io_error(exc: BaseException) -> bool:
    """True for failures worth retrying in a warehouse step: a lock wait that timed out, or I/O."""
    if isinstance(exc, TimeoutError | OSError | ConnectionError):  # filelock.Timeout is a TimeoutError
        return True
    import duckdb

    from warehouse.db import WarehouseLockedError

    return isinstance(exc, WarehouseLockedError | duckdb.IOException | duckdb.TransactionException)


def _exception_of(state: Any) -> BaseException | None:
    try:
        result = state.result(raise_on_failure=False)
    except BaseException as exc:  # noqa: BLE001 - a result that cannot be read is itself the error
        return exc
    return result if isinstance(result, BaseException) else None


def retry_transient(_task: Any, _task_run: Any, state: Any) -> bool:
    """Retry condition for warehouse steps: only lock timeouts and I/O errors, never a bug or bad input."""
    exc = _exception_of(state)
    return exc is not None and _lock_or_io_error(exc)


def retry_unless_bad_input(_task: Any, _task_run: Any, state: Any) -> bool:
    """Retry condition for the crawl: anything network-ish may pass, a bad argument (ValueError) won't."""
    exc = _exception_of(state)
    return not isinstance(exc, ValueError | TypeError | KeyError)


def _wait_notice_to_run_log(message: str) -> None:
    """warehouse.db's "waiting for …" notices also go to the Prefect run log (shown in the UI)."""
    from prefect.exceptions import MissingContextError

    try:
        get_run_logger().warning(message)
    except MissingContextError:
        pass


add_wait_listener(_wait_notice_to_run_log)


def relay() -> Callable[[str], None]:
    """A `log` callback that forwards a step's lines to the current Prefect run logger."""
    logger = get_run_logger()

    def _log(line: str) -> None:
        if isinstance(line, ProgressLine):  # keeps its progress fields for the terminal
            logger.info(line)
            return
        line = line.rstrip()
        if line:
            logger.info(line)

    return _log


def warehouse_task(name: str, *, retries: int = 2, timeout: int = WAREHOUSE_TIMEOUT) -> Any:
    """A Prefect task for a warehouse step: retried with backoff only on lock timeouts and I/O errors."""
    return task(
        name=name,
        retries=retries,
        retry_delay_seconds=exponential_backoff(backoff_factor=5),
        retry_jitter_factor=0.5,
        retry_condition_fn=retry_transient,
        timeout_seconds=timeout,
        cache_policy=NO_CACHE,
    )


@task(
    name="crawl",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=30),
    retry_jitter_factor=0.5,
    retry_condition_fn=retry_unless_bad_input,
    timeout_seconds=CRAWL_TIMEOUT,
    cache_policy=NO_CACHE,
)
def crawl_task(
    settings: Settings, sources: list[str] | None, run_id: str, since: date | None, until: date | None
) -> Any:
    """Fetch the sources into a landing batch; Scrapy's log lines go to the Prefect logger."""
    result = steps.crawl(settings, sources, run_id=run_id, since=since, until=until, log=relay())
    get_run_logger().info("crawl %s: %s", run_id, _brief(result.stats))
    return result


@warehouse_task("load", retries=3)
def load_task(settings: Settings, files: list[Path], run_id: str) -> dict[str, Any]:
    """Landing files → warehouse pages (idempotent: re-loading a file adds nothing)."""
    stats = steps.load(settings, list(files), run_id=run_id)
    get_run_logger().info("load %s: %d files, %s", run_id, len(files), _brief(stats))
    return stats


@task(name="clean-batch", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def clean_batch_task(batch: work.CleanBatch) -> work.CleanedBatch:
    """Clean one batch of pages (on a Dask worker); the flow's process stores the result."""
    return work.clean_batch(batch)


@task(name="extract-batch", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def extract_batch_task(batch: work.ExtractBatch) -> list:
    """Extract facts from one batch of articles (on a Dask worker); the flow's process stores them."""
    return work.extract_batch(batch)


_BATCH_TASKS = {work.clean_batch: clean_batch_task, work.extract_batch: extract_batch_task}


def batch_mapper(settings: Settings) -> Mapper:
    """Where clean and extract batches run: as Prefect tasks on the flow's Dask cluster when the flow runs
    on a DaskTaskRunner, else in this machine's process pool of AUTOFACTS_WORKERS processes.

    Either way the results come back in order, a bounded number of batches ahead, to the one process
    that writes the warehouse.
    """
    from prefect.context import FlowRunContext

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    if runner is None or not is_dask(runner):
        return process_mapper(settings.workers)
    try:
        workers = len(runner.client.scheduler_info().get("workers") or {}) or settings.workers
    except Exception:  # noqa: BLE001 - the count only sizes how far ahead batches are submitted
        workers = settings.workers

    def mapper(fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        return in_order(_BATCH_TASKS[fn].submit, items, workers * IN_FLIGHT_PER_WORKER)

    return mapper


@warehouse_task("clean")
def clean_task(
    settings: Settings,
    run_id: str,
    since: date | None = None,
    until: date | None = None,
    all_pages: bool = False,
) -> dict[str, Any]:
    """Stored pages → articles or recorded skips, in batches (on workers; stored here)."""
    stats = steps.clean(settings, run_id=run_id, since=since, until=until, all_pages=all_pages, log=relay(),
                        mapper=batch_mapper(settings))
    get_run_logger().info("clean %s: %s", run_id, _brief(stats))
    return stats


@warehouse_task("extract")
def extract_task(
    settings: Settings,
    run_id: str,
    since: date | None = None,
    until: date | None = None,
    all_articles: bool = False,
) -> dict[str, Any]:
    """Articles → partnership and sales facts with evidence, in batches (on workers; stored here)."""
    stats = steps.extract(
        settings, run_id=run_id, since=since, until=until, all_articles=all_articles, log=relay(),
        mapper=batch_mapper(settings),
    )
    get_run_logger().info("extract %s: %s", run_id, _brief(stats))
    return stats


@warehouse_task("publish", timeout=BOOKKEEPING_TIMEOUT)
def publish_task(settings: Settings) -> Path:
    """Replace the analysts' read-only snapshot."""
    path = steps.publish(settings)
    get_run_logger().info("published snapshot %s", path)
    return path


@warehouse_task("run-report", timeout=BOOKKEEPING_TIMEOUT)
def run_report_task(settings: Settings, run_id: str) -> dict[str, Any]:
    """What one run did, read back from the warehouse (for the markdown report)."""
    return steps.run_report(settings, run_id)


@warehouse_task("run-facts", timeout=BOOKKEEPING_TIMEOUT)
def run_facts_task(settings: Settings, run_id: str) -> dict[str, Any]:
    """Every fact one run extracted, read back from the warehouse (for the table artifact and chart)."""
    return steps.run_facts(settings, run_id)


def _brief(stats: Any) -> str:
    """A one-line summary of a stats dict for the log."""
    if not isinstance(stats, dict):
        return str(stats)
    shown = {
        k: v
        for k, v in stats.items()
        if isinstance(v, int | float | str)
        or (isinstance(v, dict) and v and all(isinstance(x, int | float) for x in v.values()))
    }
    return ", ".join(f"{k}={v}" for k, v in shown.items() if v not in ({}, None, 0, "")) or "nothing to do"


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def record_failure(settings: Settings, run_id: str, stats: dict[str, Any], exc: BaseException) -> str:
    """Mark a run failed in the warehouse (best effort: the original error is what must surface)."""
    stats["error"] = one_line(exc)
    try:
        steps.finish_run(settings, run_id, "failed", stats)
    except Exception as second:  # noqa: BLE001
        get_run_logger().error("could not record the failure of %s: %s", run_id, one_line(second))
    return stats["error"]


def report_for(settings: Settings, run_id: str) -> dict[str, Any]:
    """steps.run_report for the artifact; a report that cannot be read never fails the run."""
    try:
        return run_report_task(settings, run_id)
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("run report for %s unavailable: %s", run_id, one_line(exc))
        return {}


def facts_for(settings: Settings, run_ids: list[str]) -> dict[str, Any]:
    """The facts of one or more runs (a backfill's chunks) joined; empty when they cannot be read."""
    merged: dict[str, Any] = {"partnerships": [], "sales": [], "n_partnerships": 0, "n_sales": 0}
    for run_id in run_ids:
        try:
            facts = run_facts_task(settings, run_id)
        except Exception as exc:  # noqa: BLE001 - a report that cannot be read never fails the run
            get_run_logger().warning("facts of %s unavailable: %s", run_id, one_line(exc))
            continue
        for key in ("partnerships", "sales"):
            merged[key] += facts.get(key) or []
            merged[f"n_{key}"] += int(facts.get(f"n_{key}") or 0)
    for key in ("partnerships", "sales"):  # newest first across chunks
        merged[key].sort(key=lambda r: str(r.get("published") or ""), reverse=True)
    return merged


def facts_key(report_key: str) -> str:
    """The table artifact's key beside a report's: `ingest-report` → `ingest-facts`."""
    return report_key.removesuffix("-report") + "-facts"


def ingest_window(
    settings: Settings,
    sources: list[str] | None,
    run_id: str,
    since: date | dict[str, date | None] | None,
    until: date | None,
    stats: dict[str, Any],
    kind: str = "ingest",
) -> None:
    """crawl → load → clean → extract for one date window, filling `stats` step by step, then each
    source's outcome recorded in `source_runs` (stats["source_outcomes"], see flows.outcomes).

    The shared body of an ingest run and of a backfill chunk; a failure leaves in `stats` what was
    done, so the recorded run says how far it got. `since` may be per source ({name: date}).
    """
    crawled = crawl_task(settings, sources, run_id, since, until)
    stats["crawl"] = dict(crawled.stats)
    stats["load"] = load_task(settings, list(crawled.files), run_id)
    stats["clean"] = clean_task(settings, run_id)
    stats["extract"] = extract_task(settings, run_id)
    stats["source_outcomes"] = record_outcomes_task(settings, stats["crawl"], run_id, kind, since, until)
    for line in outcomes.summary_lines(stats["source_outcomes"]):
        get_run_logger().info("source %s", line)


@warehouse_task("source-outcomes", timeout=BOOKKEEPING_TIMEOUT)
def record_outcomes_task(
    settings: Settings, crawl: dict[str, Any], run_id: str, kind: str, since: Any, until: date | None
) -> list[dict[str, Any]]:
    """Judge and record each source's outcome of the run (source_runs)."""
    return outcomes.record(settings, crawl, run_id=run_id, kind=kind, since=since, until=until)


def publish_run_report(
    settings: Settings, key: str, title: str, run_id: str, params: dict[str, Any], stats: dict[str, Any],
    status: str, **render: Any,
) -> dict[str, Any]:
    """Render a run's markdown report from the warehouse and publish it as the `key` artifact, with
    every new fact as a table artifact beside it (`<kind>-facts`)."""
    from flows.reports import publish_facts_table, publish_report, render_report

    report = report_for(settings, run_id)
    facts = facts_for(settings, [run_id])
    table_key = facts_key(key)
    markdown = render_report(
        title, params=params, report=report, stats=stats, status=status, facts=facts, facts_key=table_key,
        **render,
    )
    publish_report(key, markdown, f"{title}: {status}")
    publish_facts_table(table_key, facts, f"{title}: every fact the run extracted")
    return report


def run_recorded(
    settings: Settings,
    kind: str,
    params: dict[str, Any],
    body: Callable[[str, dict[str, Any]], None],
    publish: Callable[[str, dict[str, Any], str], dict[str, Any]],
) -> dict[str, Any]:
    """Run `body(run_id, stats)` as a recorded run of `kind`: start, then finish as completed or failed.

    A completed run is closed first and the snapshot published after, so it shows the run finished.
    Either way the run's report is published (`publish(run_id, stats, status)`); a failure is
    recorded with a one-line reason and re-raised, so Prefect marks the flow run failed.
    """
    run_id = steps.new_run_id(kind)
    steps.start_run(settings, run_id, kind, params)
    get_run_logger().info("%s %s into %s", kind, run_id, settings.db_path)
    stats: dict[str, Any] = {}
    try:
        body(run_id, stats)
    except BaseException as exc:
        error = record_failure(settings, run_id, stats, exc)
        publish(run_id, stats, f"failed — {error}")
        raise
    rows = stats.get("source_outcomes") or []
    status = outcomes.run_status(rows)
    if status != "completed":
        stats["error"] = outcomes.failure_message(rows)
    steps.finish_run(settings, run_id, status, stats)
    publish_task(settings)  # after the run row is closed, so the snapshot shows this run finished
    report = publish(run_id, stats, status if status == "completed" else f"{status} — {stats['error']}")
    return {"run_id": run_id, "status": status, **params, **stats, "report": report}


def honest_state(result: dict[str, Any]) -> Any:
    """The flow's final Prefect state: the result itself when every source was ok; otherwise
    Failed (every source failed) or Failed named "Partial", the message naming the sources and why."""
    from prefect.states import Failed

    status = result.get("status", "completed")
    if status == "completed":
        return result
    name = "Partial" if status == "partial" else "Failed"
    return Failed(name=name, message=f"{status}: {result.get('error')}", data=result)
