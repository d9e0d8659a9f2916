"""Backfills discover once: one request per sitemap/feed document (counted on the local server), a
conditional GET on the next backfill, chunks without URLs done without a crawl, and a backfill over a
site that is down fails every chunk and fills them all on the re-run."""

from __future__ import annotations

from datetime import date

import pytest

from flows import steps
from flows.backfill import backfill, chunk_windows, fetch_groups, partition
from flows.cli import SOURCE_FAILED_EXIT, main
from tests.flows.helpers import artifacts_of, demo_window, table_counts, table_rows, use_warehouse
from tests.flows.test_flows import CONTENT
from tests.flows.test_outcomes import _dead_url, _fast
from tests.mockserver import MockServer

pytestmark = pytest.mark.usefixtures("prefect_harness")
DOCUMENTS = ("/sitemap.xml", "/sitemap-news.xml", "/sitemap-archive.xml.gz", "/sitemap-2017.xml", "/feed.xml")


def _discovery_requests(server: MockServer) -> list[dict]:
    return [r for r in server.request_log() if r["path"].split("?")[0] in DOCUMENTS]


def _crawls(monkeypatch) -> list[str]:
    """The mode of every crawl process started (discover, urls)."""
    real, modes = steps.crawl, []

    def crawl(*args, **kwargs):
        modes.append((kwargs.get("overrides") or {}).get("AUTOFACTS_MODE", "crawl"))
        return real(*args, **kwargs)

    monkeypatch.setattr(steps, "crawl", crawl)
    return modes


def test_a_ten_year_weekly_backfill_reads_each_sitemap_and_feed_once(tmp_path, monkeypatch) -> None:
    modes = _crawls(monkeypatch)
    with MockServer("news") as server:
        use_warehouse(monkeypatch, tmp_path, server.base)
        done = backfill(since=date(2016, 1, 1), until=date(2025, 12, 31), sources=["demo"])
        first = _discovery_requests(server)
        # Another backfill later: the same documents once more, each a conditional GET answered 304.
        backfill(since=date(2017, 1, 1), until=date(2026, 1, 31), sources=["demo"], chunk="month")
        second = _discovery_requests(server)[len(first):]
    assert len(done["chunks"]) == len(chunk_windows(date(2016, 1, 1), date(2025, 12, 31))) == 523
    assert {c["status"] for c in done["chunks"]} == {"done"}
    assert sorted(r["path"] for r in first) == sorted(DOCUMENTS)  # one request per document
    assert sorted(r["path"] for r in second) == sorted(DOCUMENTS)
    assert {r["status"] for r in second} == {304} and all(r["if_none_match"] for r in second)
    # one discovery and one fetch crawl per backfill; the empty weeks started no crawl at all
    assert modes == ["discover", "urls", "discover", "urls"], modes
    assert sum(1 for c in done["chunks"] if c.get("urls")) < 10


def test_partition_and_adaptive_groups() -> None:
    weeks = [(date(2024, 1, 1), date(2024, 1, 7)), (date(2024, 1, 8), date(2024, 1, 14)),
             (date(2024, 1, 15), date(2024, 1, 21))]
    entries = [("s", f"u{i}", f"2024-01-{d:02d}T10:00:00+00:00", "sitemap") for i, d in enumerate([2, 3, 20])]
    entries += [("s", "undated", None, "feed"), ("s", "late", "2024-02-01", "feed")]
    by_chunk = partition(weeks, entries)
    assert [len(by_chunk[s]) for s, _ in weeks] == [3, 0, 1]  # undated → first chunk; outside → nowhere
    assert fetch_groups(weeks, by_chunk, target=10) == [[weeks[0], weeks[2]]]  # the empty week is in none
    assert fetch_groups(weeks, by_chunk, target=2) == [[weeks[0]], [weeks[2]]]


def test_a_backfill_over_a_site_that_is_down_fails_every_chunk_and_the_rerun_fills_them(
    demo_url, tmp_path, monkeypatch, capsys
) -> None:
    since, until = demo_window(demo_url, months=3)
    reference = use_warehouse(monkeypatch, tmp_path / "reference", demo_url)
    backfill(since=since, until=until, sources=["demo"])
    expected = {name: table_rows(reference, sql) for name, sql in CONTENT.items()}

    settings = use_warehouse(monkeypatch, tmp_path / "real", _dead_url())
    _fast(monkeypatch)
    argv = ["backfill", "--source", "demo", "--since", since.isoformat(), "--until", until.isoformat()]
    assert main(argv) == SOURCE_FAILED_EXIT
    assert "autofacts: source demo failed: unreachable: connection_error" in capsys.readouterr().err
    assert table_rows(settings, "SELECT DISTINCT status FROM backfill_chunks") == {("failed",)}
    state = backfill(since=since, until=until, sources=["demo"], return_state=True)
    assert state.is_failed() and "demo: unreachable" in state.message
    report = artifacts_of(state.state_details.flow_run_id, "backfill-report")[-1].data
    assert "| demo | failed | unreachable |" in report, report  # the source row, its state first
    assert "failed (" in report and "chunks) |" in report  # the failed empty chunks on one line

    settings = use_warehouse(monkeypatch, tmp_path / "real", demo_url)  # the site is back
    assert main(argv) == 0
    assert table_rows(settings, "SELECT DISTINCT status FROM backfill_chunks") == {("done",)}
    for name, sql in CONTENT.items():
        assert table_rows(settings, sql) == expected[name], name
    assert table_counts(settings) == table_counts(reference)
