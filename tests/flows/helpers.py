"""Helpers shared by the flow tests: warehouse row counts, a flow run's artifacts, the demo window."""

from __future__ import annotations

import gzip
import re
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

WAREHOUSE_TABLES = (
    "pages", "articles", "skipped_pages", "partnership_mentions", "sales_mentions", "partnerships", "sales",
)


def table_counts(settings) -> dict[str, int]:
    """Row counts of the main warehouse tables (read-only connection)."""
    from warehouse.db import connect

    con = connect(settings.db_path, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in WAREHOUSE_TABLES}
    finally:
        con.close()


# Columns that name a run or say when something happened (response headers carry the server's Date), or
# where a body sits in a run's landing files (crawl order), differ between any two runs by design.
VOLATILE = re.compile(r"(^|_)run_id$|_at$|^backfill_id$|^headers$|^landing_(path|row)$")
BOOKKEEPING = {"runs", "fetches", "landed_files", "_migrations", "quarantined_files", "backfill_chunks"}


def warehouse_tables(db: Path) -> dict[str, set[tuple]]:
    """Every warehouse table and view except run bookkeeping, without run ids and timestamps: what two
    warehouses that did the same work must hold alike."""
    from warehouse.db import connect

    con = connect(db, read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()]
        out = {}
        for name in names:
            if name in BOOKKEEPING or "run" in name:  # runs and the views over them
                continue
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                " ORDER BY ordinal_position", [name],
            ).fetchall() if not VOLATILE.search(r[0])]
            sql = "SELECT " + ", ".join(f'"{c}"' for c in cols) + f' FROM "{name}"'
            out[name] = {tuple(_frozen(c) for c in row) for row in con.execute(sql).fetchall()}
        return out
    finally:
        con.close()


def _frozen(value):
    """A cell as something a set can hold (lists and structs as tuples)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def table_rows(settings, sql: str) -> set[tuple]:
    """The rows of a query as a set (content comparison between two warehouses)."""
    from warehouse.db import connect

    con = connect(settings.db_path, read_only=True)
    try:
        return set(con.execute(sql).fetchall())
    finally:
        con.close()


def artifacts_of(flow_run_id, key: str | None = None) -> list:
    """Artifacts a flow run created (optionally only those with `key`), oldest first."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    flt = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
    if key:
        flt.key = ArtifactFilterKey(any_=[key])
    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=flt, sort=ArtifactSort.CREATED_DESC)[::-1]


DATE_TAGS = re.compile(r"<(?:lastmod|news:publication_date)>\s*(\d{4}-\d{2}-\d{2})")
LOCS = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = resp.read()
    if url.endswith(".gz") or body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return body.decode("utf-8", "replace")


def demo_dates(demo_url: str) -> list[date]:
    """Dates the demo site's sitemaps (the index and its children) give for its articles, sorted."""
    index = _get(demo_url + "/sitemap.xml")
    dates: list[date] = []
    for loc in LOCS.findall(index):
        dates += [date.fromisoformat(d) for d in DATE_TAGS.findall(_get(loc))]
    return sorted(dates)


def demo_window(demo_url: str, months: int | None = None) -> tuple[date, date]:
    """A window ending the day after the newest demo article (never in the future): the whole archive,
    or only the last `months` calendar months of it (fewer chunks, a faster backfill)."""
    dates = demo_dates(demo_url)
    today = datetime.now(UTC).date()
    until = min(max(dates) + timedelta(days=1), today)
    if months is None:
        return min(dates) - timedelta(days=1), until
    first = max(dates).replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first, until


def demo_articles_in(demo_url: str, since: date, until: date) -> set[str]:
    """The article URLs the demo sitemaps date within [since, until]."""
    urls: set[str] = set()
    for loc in LOCS.findall(_get(demo_url + "/sitemap.xml")):
        xml = _get(loc)
        for block in re.findall(r"<url>(.*?)</url>", xml, flags=re.S):
            (url,) = LOCS.findall(block)[:1] or [None]
            days = [date.fromisoformat(d) for d in DATE_TAGS.findall(block)]
            if url and "/news/" in url and days and since <= min(days) <= until:
                urls.add(url)
    return urls


def use_warehouse(mp, root: Path, demo_url: str):
    """Point AUTOFACTS_* at a warehouse under `root`; returns the resulting Settings."""
    from flows.settings import load_settings

    mp.setenv("AUTOFACTS_DATA", str(root / "data"))
    mp.setenv("AUTOFACTS_DB", str(root / "data" / "autofacts.duckdb"))
    mp.setenv("AUTOFACTS_DEMO_URL", demo_url)
    return load_settings()
