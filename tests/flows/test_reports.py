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
    partnership_items = [line for line in md.splitlines() if line.startswith("- **BYD + Uber**") or
                         line.startswith("- **A + B")]
    assert len(partnership_items) == 10  # top 10 only
    assert "  > BYD and Uber | agreed" in md  # evidence quoted under its fact
    assert "- **BYD** · 380,000 sold 2026-01-01 – 2026-01-31" in md
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


FACTS = {  # the shape of steps.run_facts()
    "partnerships": [
        {"company_a": "BYD", "company_b": f"Partner {i}", "kind": "supply", "status": "active",
         "published": "2026-01-03", "sentence": "word " * 80 + "end", "title": f"BYD [deal] {i}",
         "url": f"http://x/news/p{i}.html", "source": "demo"}
        for i in range(60)
    ],
    "sales": [
        {"entity": e, "model": None, "units": u, "approximate": False, "metric": "delivered",
         "period_start": "2026-01-01", "period_end": "2026-01-31", "region": None, "published": "2026-02-01",
         "sentence": f"{e} delivered {u} cars in January.", "title": f"{e} January", "url": "http://x/s.html",
         "source": "demo"}
        for e, u in (("BYD", 300000), ("NIO", 10000), ("Li Auto", 30000))
    ]
    + [{"entity": "BYD", "model": "Seal", "units": 9000, "metric": "sold", "period_start": "2025-12-01",
        "period_end": "2025-12-31", "url": None, "sentence": "x"}],
    "n_partnerships": 60,
    "n_sales": 4,
}


def test_truncated_tables_say_how_many_more_and_where() -> None:
    md = render_report("Ingest r1", report=REPORT, facts=FACTS, facts_key="ingest-facts")
    assert "## New partnerships (60)" in md
    assert "… and 50 more (all 60 in the `ingest-facts` table artifact)." in md
    assert "## New sales figures (4)" in md and "and 0 more" not in md


def test_evidence_is_cut_at_a_word_with_an_ellipsis_and_links_are_titled() -> None:
    from flows.reports import clip

    assert clip("alpha beta gamma delta", 13) == "alpha beta…"
    assert clip("short", 10) == "short"
    md = render_report("Ingest r1", report=REPORT, facts=FACTS, facts_key="ingest-facts")
    lines = md.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- **BYD + Partner 0**"))
    evidence = lines[at + 1].removeprefix("  > ")
    assert evidence.endswith("word…") and len(evidence) <= 240
    assert "[BYD (deal) 0](http://x/news/p0.html)" in lines[at]  # the title as link text, brackets defused


def test_per_source_rows_with_bars_from_the_crawl_stats() -> None:
    crawl = {**CRAWL, "sources": {"demo": {"fetched": 12, "not_modified": 3, "failed": {"http_404": 2}},
                                  "electrek": {"fetched": 3, "not_modified": 0, "failed": {}}}}
    md = render_report("Ingest r1", crawl=crawl, report=REPORT)
    assert "## Sources (2)" in md
    assert "| demo | " + "█" * 12 + " | 12 | 3 | 2 |" in md
    assert "| electrek | " + "█" * 3 + " | 3 | 0 | 0 |" in md


def test_the_months_sales_chart_is_an_embedded_svg() -> None:
    import base64

    from flows.charts import monthly_sales_by_company

    month, rows = monthly_sales_by_company(FACTS["sales"])
    assert str(month) == "2026-01-01" and rows == [("BYD", 300000), ("Li Auto", 30000), ("NIO", 10000)]
    md = render_report("Ingest r1", report=REPORT, facts=FACTS)
    assert "## Sales by company, January 2026" in md
    uri = md.split("](data:image/svg+xml;base64,", 1)[1].split(")", 1)[0]
    svg = base64.b64decode(uri).decode()
    assert svg.startswith("<svg") and "Li Auto" in svg and "300,000" in svg
    assert "## Sales by company" not in render_report("Reprocess", report={})


def test_facts_table_has_every_fact_with_full_evidence() -> None:
    from flows.reports import facts_table

    rows = facts_table(FACTS)
    assert len(rows) == 64
    assert rows[0]["fact"] == "partnership" and rows[0]["who"] == "BYD + Partner 0"
    assert rows[0]["evidence"].endswith("end") and rows[0]["article"] == "http://x/news/p0.html"
    assert rows[60] == {"fact": "sales", "who": "BYD", "what": "300,000 delivered 2026-01-01 – 2026-01-31",
                        "published": "2026-02-01", "article": "http://x/s.html", "source": "demo",
                        "evidence": "BYD delivered 300000 cars in January."}
    assert list(rows[60])[:5] == ["fact", "who", "what", "published", "article"]  # the link before the
    # long evidence, so it is on screen in the Prefect UI's table


def test_merged_per_source_stats_add_up() -> None:
    a = {"sources": {"demo": {"fetched": 2, "failed": {"timeout": 1}}}}
    b = {"sources": {"demo": {"fetched": 3, "failed": {"timeout": 2}}, "x": {"fetched": 1}}}
    assert merge_reports([a, b])["sources"] == {"demo": {"fetched": 5, "failed": {"timeout": 3}},
                                                "x": {"fetched": 1}}


def test_run_names_say_what_the_run_does() -> None:
    from datetime import UTC, datetime

    from flows.run_names import backfill_name, ingest_name, reprocess_name

    assert ingest_name(datetime(2026, 12, 1, 6, 0, 12, tzinfo=UTC)) == "ingest-2026-12-01T06:00Z"
    assert backfill_name({"since": "2024-01-01", "until": "2024-06-30", "chunk": "month"}) == (
        "backfill-2024-01..2024-06"
    )
    assert backfill_name({"since": date(2024, 1, 3), "until": date(2024, 2, 10), "chunk": "week",
                          "sources": ["demo"]}) == "backfill-2024-01-03..2024-02-10-weekly-demo"
    assert reprocess_name({"since": None, "until": None}, datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == (
        "reprocess-all-2026-01-02T03:04Z"
    )
