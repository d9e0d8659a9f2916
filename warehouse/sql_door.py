"""The ad-hoc SQL door (`autofacts sql`): one read-only SELECT against one warehouse file, nothing else.

DuckDB can read and write any file the process can (COPY TO, ATTACH, read_text, INSTALL/LOAD, …), so
the door does not rely on the read-only flag alone. The connection is opened read-only, then DuckDB's
own sandbox is switched on and locked: `enable_external_access = false` (no file, network, ATTACH or
extension access beyond the database file itself), no extension autoload/autoinstall, and
`lock_configuration = true` (so no SET/PRAGMA can turn any of it back on). On top of that only a single
SELECT (DESCRIBE, SHOW, SUMMARIZE, FROM … count as SELECT) or EXPLAIN is accepted. Rows are streamed in
batches, so a capped query or a reader that goes away (`| head`) never loads the whole result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
BATCH_ROWS = 1000


class QueryRefused(ValueError):
    """A statement the SQL door does not run (anything but one SELECT or EXPLAIN)."""


@dataclass
class QueryResult:
    """Column names, a stream of row batches, and whether the row cap cut the result short."""

    columns: list[str]
    batches: Iterator[list[tuple]]
    truncated: bool = False


def open_sandboxed(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that can read this one database file and nothing else, config locked."""
    con = duckdb.connect(str(db_path), read_only=True, config={"autoinstall_known_extensions": False})
    try:
        con.execute("SET TimeZone = 'UTC'")  # loads the built-in icu extension: before autoload goes off
        con.execute("SET enable_external_access = false")
        con.execute("SET autoload_known_extensions = false")
        con.execute("SET python_enable_replacements = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def check_query(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse (QueryRefused, one line) an empty query, several statements, or anything but SELECT/EXPLAIN."""
    if not sql.strip().strip(";").strip():
        raise QueryRefused("empty query: give one SELECT statement")
    statements = con.extract_statements(sql)
    if not statements:
        raise QueryRefused("empty query: give one SELECT statement")
    if len(statements) > 1:
        raise QueryRefused(f"one statement at a time ({len(statements)} given)")
    kind = statements[0].type
    if kind not in ALLOWED:
        name = str(kind).rsplit(".", 1)[-1]
        raise QueryRefused(f"read-only: {name} statements are refused (only SELECT, DESCRIBE, SHOW, EXPLAIN)")


def run_query(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None) -> QueryResult:
    """Run one checked query; stream at most `limit` rows (None: all) in batches of BATCH_ROWS.

    `truncated` is known once the batches are exhausted: one row past the cap is fetched to tell.
    """
    check_query(con, sql)
    cur = con.execute(sql)
    columns = [d[0] for d in cur.description or []]
    result = QueryResult(columns, iter(()))

    def batches() -> Iterator[list[tuple]]:
        left = limit
        while left is None or left > 0:
            want = BATCH_ROWS if left is None else min(BATCH_ROWS, left)
            rows = cur.fetchmany(want)
            if not rows:
                return
            if left is not None:
                left -= len(rows)
            yield rows
            if len(rows) < want:
                return
        result.truncated = bool(cur.fetchmany(1))

    result.batches = batches()
    return result
