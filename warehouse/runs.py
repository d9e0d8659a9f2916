"""Run bookkeeping: `runs`, backfill chunk progress, the warehouse status and a per-run report."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import duckdb


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def _plain(value: Any) -> Any:
    """A value safe for JSON artifacts: dates as ISO strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    kind: str,
    params: dict[str, Any],
    process: tuple[int, str, int | None] | None = None,
) -> None:
    """Record a run as running (starting the same run id again resets it to running).

    `process` is (pid, host, process start ticks) of the command running it, so a later command can
    tell whether it is still going (`running_runs`, `mark_died`).
    """
    pid, host, started = process or (None, None, None)
    con.execute(
        """
        INSERT INTO runs (run_id, kind, params, started_at, status, pid, host, process_started)
        VALUES (?, ?, ?, ?, 'running', ?, ?, ?)
        ON CONFLICT (run_id) DO UPDATE SET kind = excluded.kind, params = excluded.params,
            status = 'running', finished_at = NULL, pid = excluded.pid, host = excluded.host,
            process_started = excluded.process_started, died_found_at = NULL
        """,
        [run_id, kind, _json(params), datetime.now(UTC), pid, host, started],
    )


def running_runs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str, int | None]]:
    """(run_id, pid, host, process start ticks) of runs marked running that recorded their process."""
    return [
        (r[0], int(r[1]), r[2], None if r[3] is None else int(r[3]))
        for r in con.execute(
            "SELECT run_id, pid, host, process_started FROM runs WHERE status = 'running' AND pid IS NOT NULL"
            " ORDER BY run_id"
        ).fetchall()
    ]


def mark_died(con: duckdb.DuckDBPyConnection, run_ids: list[str], found_at: datetime) -> int:
    """Runs still marked running whose process is gone become `died`, with when that was found."""
    if not run_ids:
        return 0
    row = con.execute(
        "UPDATE runs SET status = 'died', died_found_at = ?"
        " WHERE status = 'running' AND list_contains(?, run_id)",
        [found_at, run_ids],
    ).fetchone()
    return int(row[0]) if row else 0


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, stats: dict[str, Any]) -> None:
    """Record a run's final status and counts (creates the row if start_run was never called)."""
    now = datetime.now(UTC)
    con.execute(
        """
        INSERT INTO runs (run_id, kind, started_at, finished_at, status, stats)
        VALUES (?, 'unknown', ?, ?, ?, ?)
        ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
            stats = excluded.stats
        """,
        [run_id, now, now, status, _json(stats)],
    )


def last_success(con: duckdb.DuckDBPyConnection, kind: str) -> datetime | None:
    """When the last completed run of `kind` started (None on a fresh warehouse)."""
    row = con.execute(
        "SELECT max(started_at) FROM runs WHERE kind = ? AND status = 'completed'", [kind]
    ).fetchone()
    return row[0] if row and row[0] else None


def chunk_status(con: duckdb.DuckDBPyConnection, backfill_id: str) -> dict[date, str]:
    """Status (done | failed | running) of each chunk of a backfill, by chunk start date."""
    rows = con.execute(
        "SELECT chunk_start, status FROM backfill_chunks WHERE backfill_id = ? ORDER BY chunk_start",
        [backfill_id],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def mark_chunk(
    con: duckdb.DuckDBPyConnection,
    backfill_id: str,
    start: date,
    end: date,
    sources: list[str],
    status: str,
    run_id: str,
    stats: dict[str, Any],
) -> None:
    """Record a backfill chunk's status (upsert on backfill_id + chunk_start)."""
    if status not in ("done", "failed", "running"):
        raise ValueError(f"chunk status must be done, failed or running, not {status!r}")
    con.execute(
        """
        INSERT INTO backfill_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (backfill_id, chunk_start) DO UPDATE SET chunk_end = excluded.chunk_end,
            sources = excluded.sources, status = excluded.status, run_id = excluded.run_id,
            finished_at = excluded.finished_at, stats = excluded.stats
        """,
        [backfill_id, start, end, list(sources), status, run_id, datetime.now(UTC), _json(stats)],
    )


def status(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Row counts of every warehouse table and the last 5 runs."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            " AND schema_name = 'main' AND NOT internal AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    runs = _rows(
        con.execute(
            "SELECT run_id, kind, status, started_at, finished_at FROM runs ORDER BY started_at DESC LIMIT 5"
        )
    )
    return {"tables": counts, "runs": runs}


def run_report(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, Any]:
    """What one run did, for the Prefect run artifact: fetches, articles, skips, facts and new names.

    Facts are those this run (re-)extracted; "top" lists are the 10 most recently published.
    Dates are ISO strings so the dict serialises as JSON.
    """
    p = [run_id]
    f = con.execute(
        """
        SELECT count(*) FILTER (status BETWEEN 200 AND 299 AND error IS NULL),
               count(*) FILTER (status = 304),
               count(*) FILTER (NOT (status BETWEEN 200 AND 299 AND error IS NULL)
                                AND status IS DISTINCT FROM 304)
        FROM fetches WHERE run_id = ?
        """,
        p,
    ).fetchone()
    failed_by_reason = dict(
        con.execute(
            """
            SELECT CASE WHEN status >= 400 THEN 'http_' || status
                        WHEN error IS NOT NULL THEN trim(split_part(error, ':', 1))
                        ELSE 'http_' || coalesce(status::VARCHAR, 'none') END AS reason, count(*)
            FROM fetches
            WHERE run_id = ? AND NOT (status BETWEEN 200 AND 299 AND error IS NULL)
              AND status IS DISTINCT FROM 304
            GROUP BY reason ORDER BY count(*) DESC, reason
            """,
            p,
        ).fetchall()
    )
    a = con.execute(
        """
        SELECT count(*) FILTER (first_run_id = $run AND duplicate_of IS NULL),
               count(*) FILTER (run_id = $run AND first_run_id <> $run),
               count(*) FILTER (run_id = $run AND duplicate_of IS NOT NULL)
        FROM articles WHERE run_id = $run OR first_run_id = $run
        """,
        {"run": run_id},
    ).fetchone()
    skip_rows = con.execute(
        """
        SELECT CASE WHEN reason LIKE 'duplicate_of:%' THEN 'duplicate' ELSE reason END AS r, count(*)
        FROM skipped_pages WHERE run_id = ? GROUP BY r ORDER BY count(*) DESC, r
        """,
        p,
    ).fetchall()
    skipped = {r: n for r, n in skip_rows if r != "duplicate"}
    duplicates = a[2] + sum(n for r, n in skip_rows if r == "duplicate")
    partnerships = _rows(
        con.execute(
            """
            SELECT m.company_a, m.company_b, m.kind, m.status, m.published, m.sentence, ar.url
            FROM partnership_mentions m LEFT JOIN articles ar ON ar.id = m.article_id
            WHERE m.run_id = ? ORDER BY m.published DESC NULLS LAST, m.article_id, m.start_offset LIMIT 10
            """,
            p,
        )
    )
    sales = _rows(
        con.execute(
            """
            SELECT m.entity, m.model, m.units, m.metric, m.period_start, m.period_end, m.region, m.published,
                   m.sentence, ar.url
            FROM sales_mentions m LEFT JOIN articles ar ON ar.id = m.article_id
            WHERE m.run_id = ? AND NOT m.optional_comparison
            ORDER BY m.published DESC NULLS LAST, m.article_id, m.start_offset LIMIT 10
            """,
            p,
        )
    )
    n_facts = con.execute(
        "SELECT (SELECT count(*) FROM partnership_mentions WHERE run_id = $run),"
        " (SELECT count(*) FROM sales_mentions WHERE run_id = $run)",
        {"run": run_id},
    ).fetchone()
    unresolved = [
        (r[0], int(r[1]))
        for r in con.execute(
            """
            SELECT name, count(*) FROM company_mentions WHERE run_id = ? AND company_id IS NULL
            GROUP BY name ORDER BY count(*) DESC, name LIMIT 20
            """,
            p,
        ).fetchall()
    ]
    return {
        "run_id": run_id,
        "fetched": f[0],
        "not_modified": f[1],
        "failed": f[2],
        "failed_by_reason": failed_by_reason,
        "new_articles": a[0],
        "recleaned_articles": a[1],
        "duplicates": duplicates,
        "skipped_by_reason": skipped,
        "partnerships": n_facts[0],
        "sales": n_facts[1],
        "top_partnerships": partnerships,
        "top_sales": sales,
        "unresolved_names": unresolved,
    }


FACTS_CAP = 5000  # rows per kind in a run's facts table artifact (a long backfill says how many more)


def run_facts(con: duckdb.DuckDBPyConnection, run_id: str, limit: int = FACTS_CAP) -> dict[str, Any]:
    """Every fact one run (re-)extracted, newest first, with its article's source, title and URL.

    {"partnerships": [...], "sales": [...], "n_partnerships": n, "n_sales": n}: the lists stop at
    `limit` rows each; the counts are the full ones. Comparison figures (an earlier period quoted
    alongside) are left out of the sales, as in the report's top list.
    """
    partnerships = _rows(
        con.execute(
            """
            SELECT m.company_a, m.company_b, m.kind, m.status, m.published, m.sentence,
                   ar.title, ar.url, pg.source
            FROM partnership_mentions m
            LEFT JOIN articles ar ON ar.id = m.article_id LEFT JOIN pages pg ON pg.page_id = m.article_id
            WHERE m.run_id = ? ORDER BY m.published DESC NULLS LAST, m.article_id, m.start_offset LIMIT ?
            """,
            [run_id, limit],
        )
    )
    sales = _rows(
        con.execute(
            """
            SELECT m.entity, m.model, m.units, m.approximate, m.metric, m.period_start, m.period_end,
                   m.region, m.published, m.sentence, ar.title, ar.url, pg.source
            FROM sales_mentions m
            LEFT JOIN articles ar ON ar.id = m.article_id LEFT JOIN pages pg ON pg.page_id = m.article_id
            WHERE m.run_id = ? AND NOT m.optional_comparison
            ORDER BY m.published DESC NULLS LAST, m.article_id, m.start_offset LIMIT ?
            """,
            [run_id, limit],
        )
    )
    n_p, n_s = con.execute(
        "SELECT (SELECT count(*) FROM partnership_mentions WHERE run_id = $run),"
        " (SELECT count(*) FROM sales_mentions WHERE run_id = $run AND NOT optional_comparison)",
        {"run": run_id},
    ).fetchone()
    return {"partnerships": partnerships, "sales": sales, "n_partnerships": n_p, "n_sales": n_s}
