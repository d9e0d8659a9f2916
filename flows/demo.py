"""`autofacts demo`: serve the bundled demo site on a free local port and run the whole job on it."""

from __future__ import annotations

import os
import sys
from datetime import date

from flows.settings import Settings

DEMO_SINCE = date(2000, 1, 1)  # older than every demo article

SAMPLE_QUERIES = {
    "Who partners with Huawei?": (
        "SELECT partner, kind, status, first_reported, n_articles\n"
        "FROM v_company_partnerships WHERE company = 'Huawei' ORDER BY partner"
    ),
    "BYD's sales, period by period": (
        "SELECT granularity, period_start, period_end, units, n_articles\n"
        "FROM v_sales_series WHERE entity = 'BYD' ORDER BY period_start, period_end, units DESC"
    ),
    "Where a figure comes from": (
        "SELECT m.units, m.period_start, m.period_end, a.url, m.sentence\n"
        "FROM sales_mentions m JOIN articles a ON a.id = m.article_id\n"
        "WHERE m.entity = 'Li Auto' ORDER BY m.period_start, m.period_end LIMIT 5"
    ),
}


def run_demo(settings: Settings) -> int:
    """Serve the demo site, run the Prefect `ingest` flow on it, print counts and sample queries.

    The flow runs as scheduled deployments run it; with no PREFECT_API_URL set, Prefect starts a
    temporary local server, and the run stays in Prefect's database for `prefect server start`.
    """
    from flows.cli import write_rows
    from flows.ingest import ingest
    from spiders.demo_site import start
    from warehouse import load as wh
    from warehouse.db import connect

    server, base_url = start(port=0)
    os.environ["AUTOFACTS_DEMO_URL"] = base_url  # the flow reads its settings from the environment
    print(f"demo site serving at {base_url}", file=sys.stderr)
    try:
        # the whole bundled archive (a new source's default would reach back only 30 days)
        result = ingest(sources=["demo"], since=DEMO_SINCE, return_state=True).result(raise_on_failure=False)
        if isinstance(result, BaseException):
            raise result
    finally:
        server.shutdown()
    con = connect(settings.db_path, read_only=True)
    try:
        print(f"\nrun {result['run_id']} → {settings.db_path}")
        for table, n in wh.status(con)["tables"].items():
            print(f"  {table:<24} {n:>6}")
        for title, query in SAMPLE_QUERIES.items():
            print(f"\n-- {title}\n{query}")
            cur = con.execute(query)
            write_rows([d[0] for d in cur.description], cur.fetchall(), "table", sys.stdout)
    finally:
        con.close()
    print(f'\nAsk your own: .venv/bin/autofacts sql "SELECT …"  (or open {settings.snapshot_path})')
    return 0
