"""`make bench`: a 10-year weekly backfill (2016-01-01..2025-12-31) of the demo site through the CLI.

Prints the wall time, the chunks, how many crawl processes ran (runs rows: one discovery plus one per
fetch group), and the sitemap/feed documents read against those stored, which must be equal: the
backfill discovers once. A second, monthly backfill over the same years shows the conditional GETs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SINCE, UNTIL = "2016-01-01", "2025-12-31"


def _backfill(env: dict[str, str], chunk: str) -> tuple[float, dict]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "flows.cli", "backfill", "--source", "demo",
         "--since", SINCE, "--until", UNTIL, "--chunk", chunk, "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout
    return time.perf_counter() - started, json.loads(out)


def _sql(db: Path, query: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def main() -> None:
    from spiders.demo_site import start

    server, base = start(port=0)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp:
            env = {**os.environ, "AUTOFACTS_DATA": tmp, "AUTOFACTS_DEMO_URL": base,
                   "PREFECT_HOME": str(Path(tmp) / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
            db = Path(tmp) / "autofacts.duckdb"
            print(f"backfill {SINCE}..{UNTIL} of the demo site ({base})")
            print("| backfill | wall s (incl. a temporary Prefect server) | chunks | done | crawl processes "
                  "| documents read | documents stored | 304s |")
            print("|---|---|---|---|---|---|---|---|")
            for chunk in ("week", "month"):
                wall, result = _backfill(env, chunk)
                chunks = result["chunks"]
                ids = result["run_ids"]
                rows = _sql(db, "SELECT count(*) FROM discovery_documents")
                read = _sql(db, f"SELECT sum(discovery_documents) FROM source_runs WHERE run_id = '{ids[0]}'")
                stats = _sql(db, f"SELECT stats FROM runs WHERE run_id = '{ids[0]}'")[0][0]
                stats = json.loads(stats) if isinstance(stats, str) else stats
                not_modified = stats["crawl"]["sources"]["demo"].get("discovery_not_modified", 0)
                done = sum(1 for c in chunks if c["status"] == "done")
                print(f"| {chunk}ly | {wall:.1f} | {len(chunks)} | {done} | {len(ids)} | {read[0][0]} "
                      f"| {rows[0][0]} | {not_modified} |")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
