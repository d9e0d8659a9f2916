"""Coverage per source: `source_runs` (what each source gave in each run) and the ingest watermarks.

A source's watermark is the last day its ingest runs covered without a gap: the newest day an ok
run reached, but never past the start of a failed window that no later ok run has covered again.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import duckdb

COLUMNS = (
    "run_id", "source", "kind", "window_start", "window_end", "status", "reason", "discovery",
    "discovery_documents", "discovery_failed", "discovered", "in_window", "requested", "fetched",
    "not_modified", "unchanged", "failed", "failed_by_reason", "articles", "partnerships", "sales",
    "recorded_at",
)
JSON_COLUMNS = ("discovery_failed", "failed_by_reason")


def added_by_source(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, dict[str, int]]:
    """New articles and extracted facts of one run, by the source of their page."""
    rows = con.execute(
        """
        WITH a AS (
            SELECT p.source, count(*) AS n FROM articles ar JOIN pages p ON p.page_id = ar.id
            WHERE ar.first_run_id = $run AND ar.duplicate_of IS NULL
            GROUP BY p.source),
        pm AS (
            SELECT p.source, count(*) AS n
            FROM partnership_mentions m JOIN pages p ON p.page_id = m.article_id
            WHERE m.run_id = $run GROUP BY p.source),
        sm AS (
            SELECT p.source, count(*) AS n FROM sales_mentions m JOIN pages p ON p.page_id = m.article_id
            WHERE m.run_id = $run AND NOT m.optional_comparison GROUP BY p.source)
        SELECT s.source, coalesce(a.n, 0), coalesce(pm.n, 0), coalesce(sm.n, 0)
        FROM (SELECT source FROM a UNION SELECT source FROM pm UNION SELECT source FROM sm) s
        LEFT JOIN a USING (source) LEFT JOIN pm USING (source) LEFT JOIN sm USING (source)
        """,
        {"run": run_id},
    ).fetchall()
    return {r[0]: {"articles": r[1], "partnerships": r[2], "sales": r[3]} for r in rows if r[0]}


def record_source_runs(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Upsert one source_runs row per dict (keys as COLUMNS; missing ones NULL)."""
    now = datetime.now(UTC)
    for row in rows:
        values = []
        for name in COLUMNS:
            value = row.get(name)
            if name == "recorded_at":
                value = value or now
            elif name in JSON_COLUMNS:
                value = json.dumps(value or {}, sort_keys=True)
            values.append(value)
        marks = ", ".join("?" * len(COLUMNS))
        con.execute(f"INSERT OR REPLACE INTO source_runs ({', '.join(COLUMNS)}) VALUES ({marks})", values)


def watermarks(con: duckdb.DuckDBPyConnection, sources: list[str]) -> dict[str, date | None]:
    """Per source, the last day its ingest runs covered without a gap (None: never covered).

    An ok run covers [window_start, window_end or the day it ran]. A failed run whose window no later
    ok run covered again (started no later, reached at least as far) holds the watermark at the day
    before its window started, so the next ingest starts there and fills the gap.
    """
    out: dict[str, date | None] = {}
    for source in sources:
        row = con.execute(
            """
            WITH r AS (
                SELECT status, recorded_at, window_start,
                       coalesce(window_end, CAST(recorded_at AS DATE)) AS covered_until
                FROM source_runs WHERE source = $s AND kind = 'ingest'),
            open_gaps AS (
                SELECT f.window_start FROM r f
                WHERE f.status = 'failed' AND f.window_start IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM r o WHERE o.status = 'ok' AND o.recorded_at > f.recorded_at
                      AND coalesce(o.window_start, DATE '0001-01-01') <= f.window_start
                      AND o.covered_until >= f.covered_until))
            SELECT (SELECT max(covered_until) FROM r WHERE status = 'ok'),
                   (SELECT min(window_start) FROM open_gaps)
            """,
            {"s": source},
        ).fetchone()
        reached, gap = row if row else (None, None)
        if gap is not None:
            reached = min(reached, gap - _ONE_DAY) if reached else gap - _ONE_DAY
        out[source] = reached
    return out


def source_runs(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """The source_runs rows of one run, as dicts (JSON columns decoded)."""
    cur = con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM source_runs WHERE run_id = ? ORDER BY source", [run_id]
    )
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        for name in JSON_COLUMNS:
            if isinstance(row[name], str):
                row[name] = json.loads(row[name])
    return rows


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def known_documents(con: duckdb.DuckDBPyConnection, sources: list[str]) -> dict[str, dict[str, Any]]:
    """Stored sitemaps/feeds per source: {source: {url: {kind, etag, last_modified, entries}}}."""
    out: dict[str, dict[str, Any]] = {s: {} for s in sources}
    rows = con.execute(
        "SELECT source, url, kind, etag, last_modified, entries FROM discovery_documents"
        " WHERE list_contains(?, source)",
        [list(sources)],
    ).fetchall()
    for source, url, kind, etag, last_modified, entries in rows:
        out[source][url] = {
            "kind": kind, "etag": etag, "last_modified": last_modified,
            "entries": json.loads(entries) if isinstance(entries, str) else entries or [],
        }
    return out


def store_documents(
    con: duckdb.DuckDBPyConnection, source: str, documents: list[dict[str, Any]], run_id: str
) -> int:
    """Upsert the sitemaps/feeds a discovery read (validators and entries); returns how many."""
    now = datetime.now(UTC)
    for d in documents:
        con.execute(
            "INSERT OR REPLACE INTO discovery_documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [source, d["url"], d["kind"], d.get("etag"), d.get("last_modified"),
             json.dumps(d.get("entries") or []), now, run_id],
        )
    return len(documents)
