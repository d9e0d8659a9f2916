"""Run bookkeeping, backfill chunks, status and the per-run report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.warehouse.helpers import article, fetch, page_id, skip, write_landing
from transforms.records import ArticleFacts, Evidence, Mention, PartnershipFact
from warehouse.load import (
    chunk_status,
    finish_run,
    last_success,
    load_landing,
    mark_chunk,
    run_report,
    start_run,
    status,
    store_clean_results,
    store_facts,
)


def test_runs_start_and_finish(con):
    assert last_success(con, "ingest") is None
    start_run(con, "r1", "ingest", {"sources": ["demo"], "since": date(2026, 1, 1)})
    start_run(con, "r1", "ingest", {"sources": ["demo"]})  # a retried start resets, never duplicates
    finish_run(con, "r1", "completed", {"load": {"inserted": 3}})
    row = con.execute("SELECT kind, status, finished_at IS NOT NULL, stats FROM runs").fetchone()
    assert row[:3] == ("ingest", "completed", True) and json.loads(row[3]) == {"load": {"inserted": 3}}
    assert status(con)["runs"][0]["run_id"] == "r1"
    assert status(con)["tables"]["runs"] == 1
    assert con.execute("SELECT run_id FROM v_latest_runs").fetchall() == [("r1",)]
    assert last_success(con, "ingest") is not None and last_success(con, "backfill") is None
    start_run(con, "r2", "ingest", {})
    finish_run(con, "r2", "failed", {})  # a failed run is not a success
    first_started = con.execute("SELECT started_at FROM runs WHERE run_id = 'r1'").fetchone()[0]
    assert last_success(con, "ingest") == first_started


def test_backfill_chunks(con):
    mark_chunk(con, "bf", date(2025, 1, 1), date(2025, 1, 31), ["demo"], "running", "r1", {})
    mark_chunk(con, "bf", date(2025, 1, 1), date(2025, 1, 31), ["demo"], "done", "r1", {"pages": 4})
    mark_chunk(con, "bf", date(2025, 2, 1), date(2025, 2, 28), ["demo"], "failed", "r1", {})
    assert chunk_status(con, "bf") == {date(2025, 1, 1): "done", date(2025, 2, 1): "failed"}
    assert chunk_status(con, "other") == {}


def test_run_report(con, tmp_path: Path):
    a, b, c, d = (f"http://127.0.0.1/{x}" for x in "abcd")
    rows = [
        fetch(a, run_id="r1"),
        fetch(b, run_id="r1"),
        fetch(c, run_id="r1", status=404, body=b"nope"),
        fetch(d, run_id="r1", status=0, body=None, error="TimeoutError: slow"),
    ]
    load_landing(con, [write_landing(tmp_path / "l" / "p.parquet", rows)])
    store_clean_results(
        con, [article(a)], [skip(b, reason=f"duplicate_of:{page_id(a)}")], run_id="r1", cleaner_version="c",
        body_sha1={},
    )  # fmt: skip
    fact = PartnershipFact(
        "Acme", "Globex", "acme", None, "supply", "active", None, Evidence("Acme supplies Globex.", 0, 21)
    )
    store_facts(
        con, [ArticleFacts(page_id(a), "x", [fact], [], [Mention("Globex", 13, 19, "Globex", None)])],
        run_id="r1", published={},
    )  # fmt: skip
    report = run_report(con, "r1")
    assert (report["fetched"], report["failed"], report["new_articles"], report["duplicates"]) == (2, 2, 1, 1)
    assert report["failed_by_reason"] == {"http_404": 1, "TimeoutError": 1}
    assert report["partnerships"] == 1 and report["top_partnerships"][0]["url"] == a
    assert report["unresolved_names"] == [("Globex", 1)]
    json.dumps(report)  # serialisable for the Prefect artifact
