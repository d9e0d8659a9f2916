"""Run reports and backfill chunking: pure functions, no server."""

from __future__ import annotations

from datetime import date

import pytest

from flows.backfill import backfill_id, chunk_windows
from flows.reports import merge_reports, render_report

REPORT = {  # the shape of steps.run_report()
    "run_id": "ingest-1",
    "fetched": 12,
    "not_modified": 3,
    "failed": 3,
    "failed_by_reason": {"http_404": 2, "timeout": 1},
    "new_articles": 9,
    "recleaned_articles": 0,
    "duplicates": 1,
    "skipped_by_reason": {"not_article:too_short": 2},
    "partnerships": 13,
    "sales": 1,
    "top_partnerships": [
        {"company_a": "BYD", "company_b": "Uber", "kind": "partnership", "status": "active",
         "published": "2026-01-03", "sentence": "BYD and Uber | agreed to deploy 100,000 EVs.",
         "url": "http://x/news/a.html"}
    ]
    + [{"company_a": "A", "company_b": f"B{i}", "kind": None, "status": "talks", "published": "2026-01-02",
        "sentence": "e", "url": None} for i in range(12)],
    "top_sales": [
        {"entity": "BYD", "model": None, "units": 380000, "metric": "sold", "period_start": "2026-01-01",
         "period_end": "2026-01-31", "region": None, "published": "2026-02-01",
         "sentence": "BYD sold about 380,000 vehicles in January.", "url": "http://x/news/b.html"}
    ],
    "unresolved_names": [("Zeekr Tech", 3), ("Foo Motors", 1)],
}
CRAWL = {"discovered": 20, "requested": 17, "fetched": 12, "not_modified": 3, "out_of_window": 3,
         "failed": {"http_404": 2, "timeout": 1}, "bytes": 123456}


def test_report_has_every_section_and_top_ten_facts() -> None:
    md = render_report("Ingest r1", params={"sources": ["demo"], "since": None}, crawl=CRAWL, report=REPORT)
    for heading in ("## Pages", "## Articles", "## New partnerships (13)", "## New sales figures (1)",
                    "## Unresolved company names (2)"):
        assert heading in md
    assert "| discovered | 20 |" in md and "| not modified | 3 |" in md and "| failed | 3 |" in md
    assert "| http_404 | 2 |" in md and "| not_article:too_short | 2 |" in md
    assert "| new articles | 9 |" in md and "| duplicates | 1 |" in md
    partnership_rows = [line for line in md.splitlines() if line.startswith("| BYD + Uber") or
                        line.startswith("| A + B")]
    assert len(partnership_rows) == 10  # top 10 only
    assert "BYD and Uber \\| agreed" in md  # a pipe in evidence cannot break the table
    assert "| BYD | 380,000 | sold | 2026-01-01 – 2026-01-31 |" in md
    assert md.index("Zeekr Tech") < md.index("Foo Motors")  # most mentioned first
    assert "sources=`demo`" in md and "since" not in md.split("**Parameters:**")[1].splitlines()[0]


def test_report_tolerates_an_empty_run() -> None:
    md = render_report("Reprocess r2", report={}, stats={"clean": {"articles": 0}}, status="completed")
    assert "## Pages" not in md  # no crawl in a reprocess
    assert md.count("None.") == 3


def test_merge_sums_counters_and_joins_lists() -> None:
    merged = merge_reports([REPORT, REPORT])
    assert merged["fetched"] == 24 and merged["partnerships"] == 26
    assert merged["failed_by_reason"] == {"http_404": 4, "timeout": 2}
    assert len(merged["top_partnerships"]) == 26
    assert merged["top_partnerships"][0]["published"] == "2026-01-03"  # newest first
    assert merged["unresolved_names"] == {"Zeekr Tech": 6, "Foo Motors": 2}


def test_week_chunks_follow_iso_weeks() -> None:
    assert chunk_windows(date(2026, 1, 1), date(2026, 1, 14), "week") == [
        (date(2026, 1, 1), date(2026, 1, 4)),  # Thursday → Sunday
        (date(2026, 1, 5), date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 14)),
    ]


def test_month_chunks_follow_calendar_months() -> None:
    assert chunk_windows(date(2026, 1, 15), date(2026, 3, 2), "month") == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 2)),
    ]


def test_bad_chunking_is_one_line_error() -> None:
    with pytest.raises(ValueError, match="chunk must be one of week, month"):
        chunk_windows(date(2026, 1, 1), date(2026, 1, 2), "day")
    with pytest.raises(ValueError, match="after until"):
        chunk_windows(date(2026, 2, 1), date(2026, 1, 2))


def test_backfill_id_is_stable_and_distinguishes_requests() -> None:
    a = backfill_id(date(2026, 1, 1), date(2026, 1, 31), ["demo", "cnevpost"])
    assert a == backfill_id(date(2026, 1, 1), date(2026, 1, 31), ["cnevpost", "demo"])
    assert a.startswith("backfill-20260101-20260131-")
    assert a != backfill_id(date(2026, 1, 1), date(2026, 1, 31), ["demo"])
    assert a != backfill_id(date(2026, 1, 1), date(2026, 1, 31), ["demo", "cnevpost"], "month")
