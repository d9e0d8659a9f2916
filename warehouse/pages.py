"""Landing files → `fetches` and `pages`, the spider's known-page list, and pages awaiting cleaning.

Loads are set-based: DuckDB reads the landing Parquet directly (read_parquet) and classifies every
row with joins, so a batch of thousands of pages is a handful of statements, never a Python loop.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from spiders.landing import LANDING_SCHEMA
from warehouse.db import registered, transaction

LANDING_COLUMNS = (
    "run_id", "source", "page_id", "url", "final_url", "status", "headers", "body",
    "fetched_at", "discovered_via", "lastmod", "error",
)  # fmt: skip


def _header(*names: str) -> str:
    """SQL for one response header from the landing `headers` JSON string, trying spellings."""
    parts = [f"json_extract_string(headers, '$.\"{n}\"')" for n in names]
    return f"CASE WHEN json_valid(headers) THEN coalesce({', '.join(parts)}) END"


ARCHIVE_COLUMNS = ("archive_path", "archive_offset")  # optional landing columns (`autofacts import`)

_ETAG = _header("ETag", "Etag", "etag")
_LAST_MODIFIED = _header("Last-Modified", "last-modified", "Last-modified")


def _family(t: pa.DataType) -> str:
    """The kind of Arrow type a landing column may have (string, binary, integer, timestamp, null)."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    for name, test in (("string", pa.types.is_string), ("string", pa.types.is_large_string),
                       ("binary", pa.types.is_binary), ("binary", pa.types.is_large_binary),
                       ("integer", pa.types.is_integer), ("timestamp", pa.types.is_timestamp),
                       ("null", pa.types.is_null)):  # fmt: skip
        if test(t):
            return name
    return str(t)


def check_landing_file(path: Path) -> str | None:
    """Why a landing file does not match LANDING_SCHEMA (one line), or None when it can be loaded.

    Checked before any row is read: the file is non-empty and readable Parquet, has every required
    column, and each column (the optional archive ones too) has the contract's kind of type (a `status`
    written as strings would make the whole load fail). An all-null column matches any type.
    """
    try:
        if path.stat().st_size == 0:
            return "empty file (0 bytes)"
        schema = pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, the batch goes on
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"not a readable Parquet file ({first})"
    missing = [c for c in LANDING_COLUMNS if c not in schema.names]
    if missing:
        return f"lacks column(s) {', '.join(missing)}"
    drifted = []
    for field in LANDING_SCHEMA:
        if field.name not in schema.names:
            continue
        have, want = _family(schema.field(field.name).type), _family(field.type)
        if have != want and have != "null":
            drifted.append(f"{field.name} is {schema.field(field.name).type}, expected {field.type}")
    if drifted:
        return "column type drift: " + "; ".join(drifted)
    return None


def _unreadable(con: duckdb.DuckDBPyConnection, path: Path) -> str | None:
    """Why DuckDB cannot read every row of a landing file (a corrupt data page), or None."""
    try:
        # hashing every value decodes every page (a count() is answered from the metadata)
        con.execute("SELECT max(hash(COLUMNS(*))) FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"{path.name}: unreadable rows ({first})"
    return None


def load_landing(con: duckdb.DuckDBPyConnection, files: list[Path]) -> dict[str, Any]:
    """Load landing Parquet files into `fetches` and `pages` in one transaction; idempotent.

    Every fetch attempt becomes a `fetches` row (once per run and page). A 2xx body is stored when
    the page is new or its sha1 changed; a 304 only moves `last_run_id`. Files already loaded with
    the same size and mtime are skipped unread; unreadable files are reported in `errors`.
    Returns counts: inserted, updated, unchanged, not_modified, failed, fetches, already_loaded,
    invalid_rows, files, files_skipped, `errors` (one line per bad file) and `rejected` (path, reason)
    of the files that exist but do not match LANDING_SCHEMA or cannot be read: the caller quarantines
    them (warehouse/quarantine.py) and the rest load.
    """
    counts: dict[str, Any] = dict.fromkeys(
        ("inserted", "updated", "unchanged", "not_modified", "failed", "fetches", "already_loaded",
         "invalid_rows", "files", "files_skipped"), 0)  # fmt: skip
    errors: list[str] = []
    rejected: list[tuple[Path, str]] = []
    paths = [Path(f).resolve() for f in files]
    seen = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            "SELECT path, size, mtime FROM landed_files WHERE list_contains(?, path)",
            [[str(p) for p in paths]],
        ).fetchall()
    }
    usable: list[tuple[Path, os.stat_result]] = []
    for p in dict.fromkeys(paths):
        if not p.exists():
            errors.append(f"{p.name}: landing file not found")
            continue
        st = p.stat()
        if seen.get(str(p)) == (st.st_size, st.st_mtime):
            counts["files_skipped"] += 1
            continue
        problem = check_landing_file(p)
        if problem:
            errors.append(f"{p.name}: {problem}")
            rejected.append((p, problem))
            continue
        usable.append((p, st))
    counts["errors"] = errors
    counts["rejected"] = rejected
    if not usable:
        return counts
    try:
        return _load_usable(con, usable, counts)
    except duckdb.Error:
        # a file whose schema is right but whose data pages are corrupt fails the whole statement: find
        # it by reading each file on its own, set it aside and load the rest
        bad = {p: reason for p, _ in usable if (reason := _unreadable(con, p))}
        if not bad:
            raise
        for p, reason in bad.items():
            errors.append(reason)
            rejected.append((p, reason.split(": ", 1)[1]))
        usable = [(p, st) for p, st in usable if p not in bad]
        return _load_usable(con, usable, counts) if usable else counts


def _load_usable(
    con: duckdb.DuckDBPyConnection, usable: list[tuple[Path, os.stat_result]], counts: dict[str, Any]
) -> dict[str, Any]:
    """The set-based load of checked landing files (one transaction); fills and returns `counts`.

    Rows are classified in temp tables that hold no body, only its sha1 and where it sits (file and row
    number), so a load reads each body once (to hash it), holds no copy of it, and its memory does not
    grow with the batch.
    """
    file_list = [str(p) for p, _ in usable]
    # Imported archive records carry their file and offset; crawled landing files may predate them.
    has_archive = any(set(ARCHIVE_COLUMNS) <= set(pq.read_schema(p).names) for p, _ in usable)
    archive = "archive_path, archive_offset::BIGINT AS archive_offset" if has_archive else (
        "NULL::VARCHAR AS archive_path, NULL::BIGINT AS archive_offset")
    with transaction(con):
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _landing AS
            SELECT run_id, source, page_id, url, final_url, status::INTEGER AS status,
                   CASE WHEN json_valid(headers) THEN headers END AS headers,
                   fetched_at::TIMESTAMPTZ AS fetched_at, discovered_via, lastmod::TIMESTAMPTZ AS lastmod,
                   nullif(error, '') AS error,
                   CASE WHEN body IS NOT NULL THEN sha1(body) END AS body_sha1,
                   {_ETAG} AS etag, {_LAST_MODIFIED} AS last_modified,
                   CASE WHEN status = 304 THEN 'not_modified'
                        WHEN status BETWEEN 200 AND 299 AND body IS NOT NULL AND nullif(error, '') IS NULL
                        THEN 'ok' ELSE 'failed' END AS outcome,
                   {archive}, filename, file_row_number
            FROM read_parquet(?, union_by_name = true, filename = true, file_row_number = true)
            WHERE run_id IS NOT NULL AND page_id IS NOT NULL AND url IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY run_id, page_id ORDER BY fetched_at DESC NULLS LAST) = 1
            """,
            [file_list],
        )
        per_file = dict(
            con.execute(
                "SELECT filename, count(*) FROM read_parquet(?, filename = true) GROUP BY filename",
                [file_list],
            ).fetchall()
        )
        landed = con.execute("SELECT count(*) FROM _landing").fetchone()[0]
        counts["invalid_rows"] = sum(per_file.values()) - landed
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _new AS
            SELECT l.* FROM _landing l
            ANTI JOIN fetches f ON f.run_id = l.run_id AND f.page_id = l.page_id
            -- an archive record already loaded (same file and offset) is the same fetch under any run id
            ANTI JOIN fetches g ON g.archive_path = l.archive_path AND g.archive_offset = l.archive_offset
            """
        )
        new = con.execute(
            "SELECT count(*), count(*) FILTER (outcome = 'not_modified'),"
            " count(*) FILTER (outcome = 'failed') FROM _new"
        ).fetchone()
        counts["fetches"], counts["not_modified"], counts["failed"] = new
        counts["already_loaded"] = landed - new[0]
        con.execute(
            """
            INSERT INTO fetches (run_id, page_id, url, final_url, source, status, error, discovered_via,
                                 lastmod, fetched_at, archive_path, archive_offset)
            SELECT run_id, page_id, url, final_url, source, status, error, discovered_via, lastmod,
                   fetched_at, archive_path, archive_offset
            FROM _new
            """
        )
        # The newest successful body per page in this batch, classified against what is stored.
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _ok AS
            SELECT o.*,
                   CASE WHEN p.page_id IS NULL THEN 'inserted'
                        WHEN p.fetched_at IS NOT NULL AND o.fetched_at < p.fetched_at THEN 'stale'
                        WHEN o.body_sha1 <> p.body_sha1 THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM (SELECT * FROM _new WHERE outcome = 'ok'
                  QUALIFY row_number() OVER (PARTITION BY page_id ORDER BY fetched_at DESC NULLS LAST,
                                                                          run_id DESC) = 1) o
            LEFT JOIN pages p ON p.page_id = o.page_id
            """
        )
        for change, n in con.execute("SELECT change, count(*) FROM _ok GROUP BY change").fetchall():
            if change in counts:
                counts[change] = n
            else:
                counts["unchanged"] += n  # an older copy of a page we hold a newer body for
        # A body stays in its landing file (zstd Parquet, written once by the spider or the importer); the
        # page records where (landing_path, landing_row) and its sha1. Copying bodies into DuckDB cost
        # more than DuckDB's own CTAS of them (~65 s per 10k real pages) and again at every publish.
        con.execute(
            """
            INSERT INTO pages (page_id, url, final_url, source, status, headers, etag, last_modified, lastmod,
                               discovered_via, body_sha1, body, fetched_at, first_run_id, last_run_id,
                               archive_path, archive_offset, landing_path, landing_row)
            SELECT page_id, url, final_url, source, status, headers, etag, last_modified, lastmod,
                   discovered_via, body_sha1, NULL, fetched_at, run_id, run_id, archive_path, archive_offset,
                   filename, file_row_number
            FROM _ok WHERE change = 'inserted'
            """
        )
        con.execute(
            """
            UPDATE pages SET url = o.url, final_url = o.final_url, source = o.source, status = o.status,
                   headers = o.headers, etag = o.etag, last_modified = o.last_modified,
                   lastmod = coalesce(o.lastmod, pages.lastmod),
                   discovered_via = coalesce(o.discovered_via, pages.discovered_via),
                   body_sha1 = o.body_sha1, body = NULL, fetched_at = o.fetched_at, last_run_id = o.run_id,
                   archive_path = o.archive_path, archive_offset = o.archive_offset,
                   landing_path = o.filename, landing_row = o.file_row_number
            FROM _ok o WHERE pages.page_id = o.page_id AND o.change = 'updated'
            """
        )
        con.execute(
            """
            UPDATE pages SET headers = o.headers, etag = o.etag, last_modified = o.last_modified,
                   lastmod = coalesce(o.lastmod, pages.lastmod), fetched_at = o.fetched_at,
                   last_run_id = o.run_id, landing_path = o.filename, landing_row = o.file_row_number
            FROM _ok o WHERE pages.page_id = o.page_id AND o.change = 'unchanged'
            """
        )
        con.execute(
            """
            UPDATE pages SET last_run_id = n.run_id, lastmod = coalesce(n.lastmod, pages.lastmod)
            FROM (SELECT page_id, arg_max(run_id, fetched_at) AS run_id, max(lastmod) AS lastmod,
                         max(fetched_at) AS fetched_at
                  FROM _new WHERE outcome = 'not_modified' GROUP BY page_id) n
            WHERE pages.page_id = n.page_id AND (pages.fetched_at IS NULL OR n.fetched_at >= pages.fetched_at)
            """
        )
        now = datetime.now(UTC)
        loaded_files = pa.table({
            "path": [str(p) for p, _ in usable],
            "size": pa.array([st.st_size for _, st in usable], pa.int64()),
            "mtime": pa.array([st.st_mtime for _, st in usable], pa.float64()),
            "n_rows": pa.array([per_file.get(str(p), 0) for p, _ in usable], pa.int64()),
        })
        with registered(con, "_landed_files", loaded_files):
            con.execute(
                """
                INSERT INTO landed_files SELECT path, size, mtime, n_rows, $now FROM _landed_files
                ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
                    n_rows = excluded.n_rows, loaded_at = excluded.loaded_at
                """,
                {"now": now},
            )
        for t in ("_landing", "_new", "_ok"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
    counts["files"] = len(usable)
    return counts


def export_known_pages(con: duckdb.DuckDBPyConnection, path: Path, sources: list[str] | None = None) -> Path:
    """Write the pages already held (url, etag, last_modified, lastmod, …) for conditional requests.

    Columns: page_id, source, url, etag, last_modified (HTTP date string), lastmod (UTC timestamp),
    body_sha1. Written to a temp file and renamed, so the spider never reads a half-written list.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    query = (
        "SELECT page_id, source, url, etag, last_modified, lastmod, body_sha1 FROM pages"
        + (" WHERE list_contains(?, source)" if sources is not None else "")
        + " ORDER BY page_id"
    )
    table = con.sql(query, params=[list(sources)] if sources is not None else None).to_arrow_table()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def date_window(expr: str, since: date | None, until: date | None) -> tuple[str, dict[str, Any]]:
    """SQL (`AND expr >= $since AND expr <= $until`) and named parameters for an optional window."""
    sql, params = "", {}
    if since is not None:
        sql += f" AND {expr} >= $since"
        params["since"] = since
    if until is not None:
        sql += f" AND {expr} <= $until"
        params["until"] = until
    return sql, params


def copy_to_parquet(con: duckdb.DuckDBPyConnection, query: str, params: dict[str, Any], path: Path,
                    rows_per_group: int) -> int:
    """Stream a query's rows into a zstd Parquet file with exactly `rows_per_group` rows per row group
    (temp name, then renamed); returns the row count.

    One pass through Arrow record batches, so memory holds one group at a time. (DuckDB's own COPY
    cannot write row groups smaller than 2,048 rows, and a worker reads one group per batch.)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    reader = con.sql(query, params=params or None).to_arrow_reader(rows_per_group)
    n = 0
    with pq.ParquetWriter(tmp, reader.schema, compression="zstd") as out:
        for batch in reader:
            out.write_batch(batch, row_group_size=rows_per_group)
            n += batch.num_rows
    os.replace(tmp, path)
    return n


def export_pages_to_clean(
    con: duckdb.DuckDBPyConnection,
    cleaner_version: str,
    path: Path,
    *,
    since: date | None = None,
    until: date | None = None,
    all_pages: bool = False,
) -> int:
    """Write the stored pages awaiting this cleaner version to a Parquet work file; returns how many.

    Pending: no article or skip for the page's current body and this version (`all_pages=True`: every
    page, for reprocess). since/until filter on the page's date: the sitemap/feed lastmod, else when it
    was fetched. Columns page_id, url, headers, body_sha1, landing_path, landing_row, ordered by landing
    file and row so a worker reads each file's bodies together. No body is read here: the query touches
    only small columns, so it costs milliseconds whatever the size of the stored bodies.
    """
    window, params = date_window("coalesce(p.lastmod, p.fetched_at)::DATE", since, until)
    pending = (
        ""
        if all_pages
        else """
        AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.page_id AND a.body_sha1 = p.body_sha1
                        AND a.cleaner_version = $version)
        AND NOT EXISTS (SELECT 1 FROM skipped_pages s WHERE s.page_id = p.page_id
                        AND s.body_sha1 = p.body_sha1 AND s.cleaner_version = $version)
        """
    )
    if not all_pages:
        params["version"] = cleaner_version
    query = f"""
        SELECT p.page_id, p.url, p.headers::VARCHAR AS headers, p.body_sha1, p.landing_path, p.landing_row
        FROM pages p
        WHERE true {pending} {window}
        ORDER BY p.landing_path NULLS LAST, p.landing_row, p.page_id
    """
    return copy_to_parquet(con, query, params, path, PENDING_ROWS_PER_GROUP)


PENDING_ROWS_PER_GROUP = 10_000  # rows of the pending list per row group: read back a group at a time
BODY_ROWS_PER_GROUP = 50  # bodies per row group, as in landing files (spiders.landing.ROW_GROUP_ROWS)


def export_bodies(con: duckdb.DuckDBPyConnection, page_ids: list[str], path: Path) -> int:
    """Write the stored bodies of these pages to a Parquet work file (page_id, body, url, headers,
    body_sha1); returns how many. For pages whose landing file is gone: one pass over `pages`."""
    ids = pa.table({"page_id": pa.array(page_ids, pa.string())})
    with registered(con, "_export_ids", ids):
        query = """
            SELECT p.page_id, p.body, p.url, p.headers::VARCHAR AS headers, p.body_sha1
            FROM pages p SEMI JOIN _export_ids i ON i.page_id = p.page_id
        """
        return copy_to_parquet(con, query, {}, path, BODY_ROWS_PER_GROUP)


def page_bodies(con: duckdb.DuckDBPyConnection, page_ids: list[str]) -> dict[str, bytes | None]:
    """The stored body of each page: read from its landing file row (checked against body_sha1), else
    the copy older warehouses kept in pages.body; None when neither is there (a landing file removed)."""
    from spiders.landing import read_bodies

    ids = pa.table({"page_id": pa.array(list(page_ids), pa.string())})
    with registered(con, "_body_ids", ids):
        rows = con.execute(
            "SELECT p.page_id, p.landing_path, p.landing_row, p.body_sha1, p.body"
            " FROM pages p SEMI JOIN _body_ids i ON i.page_id = p.page_id"
        ).fetchall()
    out: dict[str, bytes | None] = {}
    by_file: dict[str, list[tuple[str, int, str]]] = {}
    for pid, path, row, sha, body in rows:
        out[pid] = bytes(body) if body is not None else None
        if path is not None and row is not None:
            by_file.setdefault(path, []).append((pid, row, sha))
    for path, wanted in by_file.items():
        found = read_bodies(Path(path), [row for _, row, _ in wanted])
        for pid, row, sha in wanted:
            got_id, body = found.get(row, ("", None))
            if got_id == pid and body is not None and hashlib.sha1(body).hexdigest() == sha:
                out[pid] = body
    return out


def headers_dict(value: Any) -> dict[str, str]:
    """A stored `headers` JSON document as a dict of strings ({} when absent or not an object)."""
    if not value:
        return {}
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
