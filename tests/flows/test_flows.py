"""The Prefect flows end to end on the demo site, against Prefect's test harness and a real DuckDB
file: ingest lands articles and a report artifact, a second ingest adds nothing, an interrupted
backfill resumes after its last finished chunk, and a second writer waits for the lock."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime

import pytest

from flows import steps
from flows.backfill import backfill, backfill_id, chunk_windows
from flows.ingest import LOOKBACK, ingest
from flows.reprocess import reprocess
from tests.flows.helpers import artifacts_of, demo_window, table_counts, table_rows, use_warehouse

pytestmark = pytest.mark.usefixtures("prefect_harness")

CONTENT = {
    "pages": "SELECT page_id, url, status FROM pages",
    "articles": "SELECT id, url, title, published, content_hash FROM articles",
    "skipped_pages": "SELECT page_id, reason FROM skipped_pages",
    "partnership_mentions": "SELECT article_id, company_a, company_b, kind, status, sentence, section, "
    "start_offset, end_offset FROM partnership_mentions",
    "sales_mentions": "SELECT article_id, entity, units, metric, period_start, period_end, sentence, "
    "start_offset, end_offset FROM sales_mentions",
}


@pytest.fixture(scope="module")
def ingests(prefect_harness, demo_url, tmp_path_factory):
    """Three ingest runs of the demo source into one fresh warehouse: the whole archive, default since
    (the source's watermark), the whole archive again."""
    with pytest.MonkeyPatch.context() as mp:
        settings = use_warehouse(mp, tmp_path_factory.mktemp("ingest"), demo_url)
        since, _ = demo_window(demo_url)
        first = ingest(sources=["demo"], since=since, return_state=True)
        counts_1 = table_counts(settings)
        second = ingest(sources=["demo"], return_state=True)  # since: the source's own watermark
        third = ingest(sources=["demo"], since=since, return_state=True)  # the whole archive again
        counts_3 = table_counts(settings)
    return settings, first, counts_1, (second, third), counts_3


def test_ingest_lands_articles_and_facts(ingests) -> None:
    _, first, counts, _, _ = ingests
    assert first.is_completed(), first
    result = first.result()
    assert result["status"] == "completed" and result["source_outcomes"][0]["status"] == "ok"
    assert result["crawl"]["fetched"] >= 20
    assert counts["articles"] >= 20
    assert counts["partnership_mentions"] > 0 and counts["sales_mentions"] > 0


def test_ingest_publishes_a_markdown_report(ingests) -> None:
    _, first, counts, _, _ = ingests
    result = first.result()
    (artifact,) = artifacts_of(first.state_details.flow_run_id, "ingest-report")
    assert artifact.type == "markdown"
    md = artifact.data
    assert f"# Ingest {result['run_id']}" in md and "**Status:** completed" in md
    assert f"| fetched | {result['crawl']['fetched']} |" in md
    assert f"| discovered | {result['crawl']['discovered']} |" in md
    assert "| new articles |" in md and "Skipped by reason:" in md
    items = [line for line in md.splitlines() if line.startswith("- **")]
    assert len(items) == 20 and all(" · published " in i and "](http" in i for i in items)  # link each
    assert md.count("\n  > ") == 20  # and the evidence quoted under it
    assert "## Unresolved company names" in md
    assert "## Sources (1)" in md and "| demo | ok | ok | █" in md  # one row (and bar) per source
    assert "](data:image/svg+xml;base64," in md and "## Sales by company, " in md  # the chart
    n = result["report"]["partnerships"]
    assert f"## New partnerships ({n})" in md and f"… and {n - 10} more" in md
    assert "](http://127.0.0.1:" in md  # article links as markdown links


def test_ingest_publishes_every_new_fact_as_a_table_artifact_and_names_its_run(ingests) -> None:
    from prefect.client.orchestration import get_client

    settings, first, _, _, _ = ingests
    result = first.result()
    (table,) = artifacts_of(first.state_details.flow_run_id, "ingest-facts")
    assert table.type == "table"
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    n_sales = table_rows(settings, f"SELECT count(*) FROM sales_mentions WHERE run_id = '{result['run_id']}' "
                                   "AND NOT optional_comparison")
    assert len(rows) == result["report"]["partnerships"] + next(iter(n_sales))[0]
    assert {r["fact"] for r in rows} == {"partnership", "sales"}
    assert all(r["article"].startswith("http://127.0.0.1:") and r["evidence"] for r in rows)
    with get_client(sync_client=True) as client:
        name = client.read_flow_run(first.state_details.flow_run_id).name
    assert name.startswith("ingest-20") and name.endswith("Z-demo"), name


def test_scrapy_log_lines_reach_the_prefect_run_log(ingests) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    _, first, _, _, _ = ingests
    APILogWorker.drain_all(timeout=30)  # logs go to the API in background batches
    flt = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[first.state_details.flow_run_id]))
    with get_client(sync_client=True) as client:
        messages = [log.message for log in client.read_logs(log_filter=flt, limit=200)]
    assert any("scrapy" in m.lower() for m in messages), messages[:20]  # relayed from the subprocess
    assert any(m.startswith("crawl ingest-") for m in messages), messages[:20]


def test_the_snapshot_shows_the_last_ingest_finished(ingests) -> None:
    import duckdb

    settings, _, _, (_, third), _ = ingests
    con = duckdb.connect(str(settings.snapshot_path), read_only=True)
    try:
        newest = con.execute(
            "SELECT run_id, status, finished_at FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert newest[0] == third.result()["run_id"]
    assert newest[1] == "completed" and newest[2] is not None


def test_later_ingests_start_from_the_last_success_and_add_nothing(ingests) -> None:
    _, _, counts_1, (second, third), counts_3 = ingests
    assert second.is_completed() and third.is_completed(), (second, third)
    today = datetime.now(UTC).date()
    assert second.result()["since_by_source"] == {"demo": (today - LOOKBACK).isoformat()}
    recrawl = third.result()["crawl"]
    assert recrawl["discovered"] >= 20 and recrawl["fetched"] == 0, recrawl  # nothing downloaded again
    assert counts_3 == counts_1


def test_backfill_resumes_after_the_last_finished_chunk(demo_url, tmp_path, monkeypatch) -> None:
    since, until = demo_window(demo_url, months=3)  # three month chunks keep the test short
    chunk = "month"
    windows = chunk_windows(since, until, chunk)
    assert len(windows) == 3, windows

    # Reference: the same backfill, uninterrupted, in its own warehouse.
    reference = use_warehouse(monkeypatch, tmp_path / "reference", demo_url)
    done = backfill(since=since, until=until, sources=["demo"], chunk=chunk)
    assert all(c["status"] == "done" for c in done["chunks"])
    expected = {name: table_rows(reference, sql) for name, sql in CONTENT.items()}
    expected_counts = table_counts(reference)
    assert expected_counts["articles"] >= 3, expected_counts

    # The real one: each chunk its own crawl (one URL per group), and extraction breaks in the second
    # chunk (after its pages were crawled and cleaned).
    import flows.backfill

    monkeypatch.setattr(flows.backfill, "GROUP_URLS", 1)
    settings = use_warehouse(monkeypatch, tmp_path / "resumed", demo_url)
    real_extract, calls = steps.extract, []

    def extract_failing_in_chunk_two(*args, **kwargs):
        calls.append(kwargs.get("run_id"))
        if len(calls) == 2:
            raise RuntimeError("injected failure in chunk 2")
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(steps, "extract", extract_failing_in_chunk_two)
    failed = backfill(since=since, until=until, sources=["demo"], chunk=chunk, return_state=True)
    assert failed.is_failed()
    bid = backfill_id(since, until, ["demo"], chunk)
    status = steps.chunk_status(settings, bid)
    assert status[windows[0][0]] == "done" and status[windows[1][0]] == "failed"
    # The failed chunk's run records how far it got and why it stopped.
    from warehouse.db import connect

    con = connect(settings.db_path, read_only=True)
    try:
        (failed_stats,) = con.execute("SELECT stats FROM runs WHERE status = 'failed'").fetchone()
    finally:
        con.close()
    failed_stats = json.loads(failed_stats) if isinstance(failed_stats, str) else failed_stats
    assert {"crawl", "load", "clean"} <= set(failed_stats) and "injected failure" in failed_stats["error"]
    report = artifacts_of(failed.state_details.flow_run_id, "backfill-report")[-1].data
    assert "failed in chunk" in report and "injected failure in chunk 2" in report

    # Re-run: chunk 1 is not crawled again; the run ends with exactly the uninterrupted rows.
    monkeypatch.setattr(steps, "extract", real_extract)
    real_crawl, crawled = steps.crawl, []

    def crawl_recording_windows(*args, **kwargs):
        crawled.append((kwargs["overrides"]["AUTOFACTS_MODE"], args[1]))
        return real_crawl(*args, **kwargs)

    monkeypatch.setattr(steps, "crawl", crawl_recording_windows)
    resumed = backfill(since=since, until=until, sources=["demo"], chunk=chunk, return_state=True)
    assert resumed.is_completed(), resumed
    result = resumed.result()
    assert result["backfill_id"] == bid
    assert result["chunks"][0]["status"].startswith("skipped")
    # discovery once (for the chunks not done), then the two unfinished chunks' URLs, one crawl each
    assert crawled == [("discover", ["demo"]), ("urls", ["demo"]), ("urls", ["demo"])], crawled
    assert set(steps.chunk_status(settings, bid).values()) == {"done"}
    assert table_counts(settings) == expected_counts
    for name, sql in CONTENT.items():
        assert table_rows(settings, sql) == expected[name], name

    (progress,) = artifacts_of(resumed.state_details.flow_run_id, "backfill-progress")
    assert progress.type == "progress" and float(progress.data) == 100.0
    assert artifacts_of(resumed.state_details.flow_run_id, "backfill-report")


def test_a_second_writer_waits_for_the_lock_instead_of_failing(warehouse) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    from warehouse.db import writer

    name = f"writer-waits-{time.monotonic_ns()}"
    outcome: dict = {}
    flow = reprocess.with_options(flow_run_name=name)
    with writer(warehouse.db_path):  # another writer holds the warehouse
        thread = threading.Thread(target=lambda: outcome.update(state=flow(return_state=True)), daemon=True)
        thread.start()
        deadline = time.monotonic() + 120
        running = False
        with get_client(sync_client=True) as client:
            while not running and time.monotonic() < deadline and thread.is_alive():
                flt = FlowRunFilter(name=FlowRunFilterName(any_=[name]))
                runs = client.read_flow_runs(flow_run_filter=flt)
                running = bool(runs) and runs[0].state is not None and runs[0].state.is_running()
                time.sleep(0.2)
        time.sleep(1.0)  # give it time to reach the lock
        blocked = thread.is_alive()
    thread.join(timeout=300)
    assert running and blocked, "the flow should be running and waiting while the lock is held"
    assert outcome["state"].is_completed(), outcome["state"]
    assert outcome["state"].result()["run_id"].startswith("reprocess-")
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)
    flt = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[outcome["state"].state_details.flow_run_id]))
    with get_client(sync_client=True) as client:
        messages = [log.message for log in client.read_logs(log_filter=flt, limit=200)]
    waits = [m for m in messages if m.startswith("waiting for the writer lock")]
    assert waits and str(warehouse.db_path.name) in waits[0], messages[:20]  # shown in the Prefect UI


def test_a_bad_source_fails_at_once_with_a_one_line_error_recorded_and_reported(warehouse) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    state = ingest(sources=["no-such-source"], return_state=True)
    assert state.is_failed()
    ((kind, status, error),) = table_rows(
        warehouse, "SELECT kind, status, json_extract_string(stats, '$.error') FROM runs"
    )
    assert (kind, status) == ("ingest", "failed")
    assert "no-such-source" in error and "\n" not in error
    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        flt = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        task_runs = client.read_task_runs(flow_run_filter=flt)
    (crawl,) = [t for t in task_runs if t.name.startswith("crawl")]
    assert crawl.run_count == 1  # a bad argument is not retried
    (artifact,) = artifacts_of(flow_run_id, "ingest-report")
    assert f"**Status:** failed — {error}" in artifact.data
