"""Honest per-source outcomes on real servers: a site that is down, a host that does not resolve, a
bot wall answering 200, robots.txt denying everything, a source that recovers on the next run, and a
watermark per source. Each is recorded in source_runs, shown per source, and ends non-success."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from flows import steps
from flows.cli import SOURCE_FAILED_EXIT, main
from flows.ingest import ingest
from flows.outcomes import DEFAULT_LOOKBACK_DAYS, ingest_since
from tests.flows.helpers import artifacts_of, demo_window, table_counts, table_rows, use_warehouse
from tests.flows.test_flows import CONTENT
from tests.mockserver import MockServer

pytestmark = pytest.mark.usefixtures("prefect_harness")
FAST = "AUTOFACTS_TEST_FAST"


def _dead_url() -> str:
    """A local URL nothing listens on (a port just bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _fast(monkeypatch) -> None:
    """Fewer retries, so a dead site fails in seconds (real Scrapy settings via the crawl overrides)."""
    real = steps.crawl

    def crawl(*args, **kwargs):
        kwargs["overrides"] = {"RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 5, **(kwargs.get("overrides") or {})}
        return real(*args, **kwargs)

    monkeypatch.setattr(steps, "crawl", crawl)


def _source_rows(settings) -> list[tuple]:
    sql = "SELECT source, status, discovery, fetched, failed, reason FROM source_runs"
    return sorted(table_rows(settings, sql))


@pytest.mark.parametrize(
    ("url", "discovery", "reason"),
    [
        (None, "unreachable", "connection_error"),  # nothing listens on the port
        ("http://autofacts-demo.invalid:8080", "unreachable", "dns_error"),  # RFC 2606: never resolves
    ],
    ids=["site-down", "dns-failure"],
)
def test_an_unreachable_source_fails_the_run_and_the_cli_exits_3(
    url, discovery, reason, tmp_path, monkeypatch, capsys
) -> None:
    settings = use_warehouse(monkeypatch, tmp_path, url or _dead_url())
    _fast(monkeypatch)
    assert main(["run", "--source", "demo"]) == SOURCE_FAILED_EXIT
    err = capsys.readouterr().err
    assert f"autofacts: source demo failed: {discovery}: {reason}" in err
    ((source, status, disc, fetched, failed, why),) = _source_rows(settings)
    assert (source, status, disc, fetched, failed) == ("demo", "failed", discovery, 0, 0)
    assert reason in why
    assert table_rows(settings, "SELECT status FROM runs") == {("failed",)}


def test_ingest_with_the_site_down_ends_failed_naming_the_source(tmp_path, monkeypatch) -> None:
    use_warehouse(monkeypatch, tmp_path, _dead_url())
    _fast(monkeypatch)
    state = ingest(sources=["demo"], return_state=True)
    assert state.is_failed() and "demo: unreachable" in state.message, state
    (artifact,) = artifacts_of(state.state_details.flow_run_id, "ingest-report")
    assert "**Status:** failed — demo: unreachable: connection_error" in artifact.data
    assert "| demo | failed | unreachable |" in artifact.data  # state first: on screen in the UI


def test_a_bot_wall_answering_200_is_a_blocked_fetch_never_an_article(tmp_path, monkeypatch) -> None:
    with MockServer("botwall") as server:
        settings = use_warehouse(monkeypatch, tmp_path, server.base)
        result = steps.run_pipeline(settings, ["demo"], since=datetime(2025, 1, 1).date())
    (row,) = result["source_outcomes"]
    assert row["failed_by_reason"] == {"bot_wall": 4} and row["fetched"] == 0, row
    assert row["status"] == "failed" and row["reason"].startswith("most fetches failed (4/4)")
    assert result["status"] == "failed"
    assert table_counts(settings)["pages"] == 0 and table_counts(settings)["articles"] == 0
    assert table_rows(settings, "SELECT DISTINCT status, error FROM fetches") == {(200, "bot_wall")}


def test_robots_txt_denying_everything_is_robots_denied(tmp_path, monkeypatch) -> None:
    with MockServer("denyall") as server:
        settings = use_warehouse(monkeypatch, tmp_path, server.base)
        result = steps.run_pipeline(settings, ["demo"])
        asked = {r["path"] for r in server.request_log()}
    (row,) = result["source_outcomes"]
    assert (row["status"], row["discovery"]) == ("failed", "robots_denied"), row
    assert asked == {"/robots.txt"}  # neither the sitemap nor any page was requested
    assert _source_rows(settings)[0][:3] == ("demo", "failed", "robots_denied")


def test_a_source_that_recovers_fills_its_gap_with_the_rows_of_a_run_that_never_failed(
    demo_url, tmp_path, monkeypatch
) -> None:
    since, _ = demo_window(demo_url)
    reference = use_warehouse(monkeypatch, tmp_path / "reference", demo_url)
    assert ingest(sources=["demo"], since=since, return_state=True).is_completed()
    expected = {name: table_rows(reference, sql) for name, sql in CONTENT.items()}

    # The real one: the site is down for an ingest of the window, then back; the next ingest (no
    # since given) starts from the failed window, not from "the last run".
    settings = use_warehouse(monkeypatch, tmp_path / "recovered", _dead_url())
    _fast(monkeypatch)
    assert ingest(sources=["demo"], since=since, return_state=True).is_failed()
    monkeypatch.setenv("AUTOFACTS_DEMO_URL", demo_url)
    settings = use_warehouse(monkeypatch, tmp_path / "recovered", demo_url)
    assert ingest_since(settings, ["demo"])["demo"] < since  # held back at the failed window
    second = ingest(sources=["demo"], return_state=True)
    assert second.is_completed(), second
    for name, sql in CONTENT.items():
        assert table_rows(settings, sql) == expected[name], name
    assert table_counts(settings) == table_counts(reference)  # nothing twice
    today = datetime.now(UTC).date()
    assert ingest_since(settings, ["demo"])["demo"] == today - timedelta(days=1)  # the gap is closed


def test_each_source_has_its_own_watermark_and_a_new_one_starts_30_days_back(warehouse) -> None:
    from warehouse.coverage import record_source_runs, watermarks
    from warehouse.db import writer

    today = datetime.now(UTC).date()
    assert ingest_since(warehouse, ["demo", "cnevpost"]) == {
        "demo": today - timedelta(days=DEFAULT_LOOKBACK_DAYS),
        "cnevpost": today - timedelta(days=DEFAULT_LOOKBACK_DAYS),
    }
    d = today - timedelta(days=20)
    base = {"kind": "ingest", "discovery": "ok"}
    with writer(warehouse.db_path) as con:
        record_source_runs(con, [
            {**base, "run_id": "r1", "source": "demo", "status": "ok", "window_start": d, "window_end": d},
            {**base, "run_id": "r2", "source": "cnevpost", "status": "ok", "window_start": d,
             "window_end": d + timedelta(days=5)},
            {**base, "run_id": "r3", "source": "cnevpost", "status": "failed",
             "window_start": d + timedelta(6), "window_end": d + timedelta(9), "discovery": "unreachable"},
            {**base, "run_id": "r4", "source": "cnevpost", "status": "ok",
             # later, but the failed window is still open
             "window_start": d + timedelta(10), "window_end": d + timedelta(days=12)},
            {"run_id": "b1", "source": "demo", "kind": "backfill", "status": "ok", "discovery": "ok",
             "window_start": d, "window_end": today},  # a backfill does not move the ingest watermark
        ])
        marks = watermarks(con, ["demo", "cnevpost", "electrek"])
    assert marks == {"demo": d, "cnevpost": d + timedelta(days=5), "electrek": None}
    since = ingest_since(warehouse, ["demo", "cnevpost"])
    assert since == {"demo": d - timedelta(days=1), "cnevpost": d + timedelta(days=4)}
