"""`autofacts demo`: serve the bundled demo site on a free local port and run the whole job on it."""

from __future__ import annotations

import os
import sys
from datetime import date

from flows.settings import Settings

DEMO_SINCE = date(2000, 1, 1)  # older than every demo article

DEMO_TABLES = ("pages", "articles", "partnership_mentions", "sales_mentions", "companies")
SAMPLE_QUERIES = {
    "Who partners with Huawei?": (
        "SELECT partner, kind, status, first_reported, n_articles\n"
        "FROM v_company_partnerships WHERE company = 'Huawei' ORDER BY partner"
    ),
    "Where a figure comes from": (
        "SELECT m.units, m.period_start, m.period_end, a.url, m.sentence\n"
        "FROM sales_mentions m JOIN articles a ON a.id = m.article_id\n"
        "WHERE m.entity = 'Li Auto' ORDER BY m.period_start, m.period_end LIMIT 3"
    ),
}


def run_demo(settings: Settings, verbose: bool = False) -> int:
    """Serve the demo site, run the Prefect `ingest` flow on it, print counts and sample queries.

    The flow runs as scheduled deployments run it; with no PREFECT_API_URL set, Prefect starts a
    temporary local server, and the run stays in Prefect's database for `prefect server start`.
    """
    from flows.cli import write_rows
    from flows.console import Terminal
    from flows.ingest import ingest
    from flows.prefect_server import guard_temporary_server
    from spiders.demo_site import start
    from warehouse import load as wh
    from warehouse.db import connect

    server, base_url = start(port=0)
    os.environ["AUTOFACTS_DEMO_URL"] = base_url  # the flow reads its settings from the environment
    print(f"demo site serving at {base_url}", file=sys.stderr)
    terminal = Terminal.for_flows(verbose)
    try:
        guard_temporary_server()
        with terminal:
            # the whole bundled archive (a new source's default would reach back only 30 days)
            state = ingest(sources=["demo"], since=DEMO_SINCE, return_state=True)
        result = state.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            raise result
    finally:
        server.shutdown()
    con = connect(settings.db_path, read_only=True)
    try:
        tables = wh.status(con)["tables"]
        print(f"\nrun {result['run_id']} → {settings.db_path}")
        print("  " + ", ".join(f"{tables[t]} {t}" for t in DEMO_TABLES if t in tables))
        for title, query in SAMPLE_QUERIES.items():
            print(f"\n-- {title}\n{query}")
            cur = con.execute(query)
            write_rows([d[0] for d in cur.description], cur.fetchall(), "table", sys.stdout)
    finally:
        con.close()
    print(f'\nAsk your own: .venv/bin/autofacts sql "SELECT …"  (or open {settings.snapshot_path})')
    return 0
