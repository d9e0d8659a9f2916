"""`autofacts demo`: serve the bundled demo site on a free local port and run the whole job on it."""

from __future__ import annotations

import dataclasses
import sys

from flows.settings import Settings

SAMPLE_QUERIES = {
    "Partnerships seen from Huawei's side": (
        "SELECT partner, kind, status, n_articles FROM v_company_partnerships "
        "WHERE company = 'Huawei' ORDER BY partner"
    ),
    "Sales time series": (
        "SELECT entity, period_start, period_end, units FROM v_sales_series "
        "ORDER BY entity, period_start LIMIT 12"
    ),
    "Conflicting figures": "SELECT * FROM v_sales_conflicts LIMIT 5",
}


def run_demo(settings: Settings) -> int:
    """Serve the demo site, ingest it into the warehouse, print counts and sample queries."""
    from spiders.demo_site import start
    from warehouse.db import connect

    from flows import steps
    from flows.cli import write_rows
    from warehouse import load as wh

    server, base_url = start(port=0)
    settings = dataclasses.replace(settings, demo_url=base_url)
    print(f"demo site serving at {base_url}", file=sys.stderr)
    try:
        result = steps.run_pipeline(settings, ["demo"], log=lambda line: print(line, file=sys.stderr))
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
