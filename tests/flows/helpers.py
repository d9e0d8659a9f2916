"""Helpers shared by the flow tests: warehouse row counts, a flow run's artifacts, the demo window."""

from __future__ import annotations

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


def demo_dates(demo_url: str) -> list[date]:
    """Publication dates the demo site's sitemap announces (sorted)."""
    with urllib.request.urlopen(demo_url + "/sitemap.xml", timeout=10) as resp:
        xml = resp.read().decode("utf-8", "replace")
    return sorted({date.fromisoformat(d) for d in DATE_TAGS.findall(xml)})


def demo_window(demo_url: str) -> tuple[date, date]:
    """A window holding every demo article and not ending in the future."""
    dates = demo_dates(demo_url)
    today = datetime.now(UTC).date()
    return min(dates) - timedelta(days=1), min(max(dates) + timedelta(days=1), today)


def use_warehouse(mp, root: Path, demo_url: str):
    """Point AUTOFACTS_* at a warehouse under `root`; returns the resulting Settings."""
    from flows.settings import load_settings

    mp.setenv("AUTOFACTS_DATA", str(root / "data"))
    mp.setenv("AUTOFACTS_DB", str(root / "data" / "autofacts.duckdb"))
    mp.setenv("AUTOFACTS_DEMO_URL", demo_url)
    return load_settings()
