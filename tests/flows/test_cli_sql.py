"""`autofacts sql`: read-only for real (nothing read or written outside the warehouse), capped, streamed."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import SQL_ROW_LIMIT, main
from warehouse.db import connect, publish_snapshot


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated warehouse with a few runs, and its published snapshot, under AUTOFACTS_DATA."""
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path))
    monkeypatch.delenv("AUTOFACTS_DB", raising=False)
    db = tmp_path / "autofacts.duckdb"
    con = connect(db)
    con.execute(
        "INSERT INTO runs (run_id, kind, started_at, status, stats) "
        "SELECT 'r' || lpad(i::VARCHAR, 4, '0'), 'load', now(), 'completed', to_json(repeat('x', 100))"
        " FROM range(1500) t(i)"
    )
    con.close()
    publish_snapshot(db, tmp_path / "autofacts-snapshot.duckdb")
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sql(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["sql", *argv])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# Every statement the issue found (and their cousins): none may touch a file outside the warehouse.
def _hostile(tmp_path: Path, db: Path) -> list[str]:
    snap = db.with_name("autofacts-snapshot.duckdb")
    return [
        f"COPY (SELECT 'oops' AS x) TO '{db}' (FORMAT csv)",
        f"COPY (SELECT 'oops' AS x) TO '{snap}' (FORMAT csv)",
        f"COPY (SELECT 'oops' AS x) TO '{tmp_path / 'out.csv'}' (FORMAT csv)",
        f"COPY runs TO '{tmp_path / 'out.parquet'}' (FORMAT parquet)",
        f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{tmp_path / 'explained.csv'}'",
        f"EXPORT DATABASE '{tmp_path / 'export'}'",
        f"ATTACH '{db}' AS w (READ_WRITE)",
        f"ATTACH '{db}' AS w (READ_WRITE); DELETE FROM w.runs",
        f"ATTACH '{tmp_path / 'new.duckdb'}' AS n",
        "ATTACH ':memory:' AS m",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_text('/proc/self/environ')",
        "SELECT * FROM read_blob('/proc/self/environ')",
        "SELECT * FROM read_csv('/etc/passwd', sep = ':')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_parquet('/etc/passwd')",
        "SELECT * FROM read_json('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM glob('/etc/*')",
        f"SELECT * FROM read_parquet('{tmp_path}/*.parquet')",
        "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
        "SET enable_external_access = true",
        "SET threads = 1",
        "RESET lock_configuration",
        "SET VARIABLE x = 1",
        "PRAGMA enable_profiling",
        f"PRAGMA profiling_output = '{tmp_path / 'profile.txt'}'",
        "PRAGMA table_info('runs')",
        "CALL pragma_table_info('runs')",
        "DELETE FROM runs",
        "CREATE TABLE x AS SELECT 1",
        "CHECKPOINT",
        "USE memory",
        "SELECT 1; SELECT 2",
    ]


@pytest.mark.parametrize("snapshot", [False, True], ids=["main", "snapshot"])
def test_no_statement_reads_or_writes_outside_the_warehouse(warehouse, tmp_path, capsys, snapshot) -> None:
    snap = warehouse.with_name("autofacts-snapshot.duckdb")
    before = {p: _digest(p) for p in (warehouse, snap)}
    files_before = sorted(p.name for p in tmp_path.iterdir())
    flag = ["--snapshot"] if snapshot else []
    for statement in _hostile(tmp_path, warehouse):
        code, out, err = _sql(capsys, statement, *flag)
        assert code == 2, (statement, out, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (statement, err)
        assert "root:" not in out and "PATH=" not in out, statement
    assert {p: _digest(p) for p in (warehouse, snap)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    code, out, _ = _sql(capsys, "SELECT count(*) AS n FROM runs", *flag)
    assert code == 0 and "1500" in out


def test_snapshot_door_cannot_reach_the_main_file(warehouse, capsys) -> None:
    code, _, err = _sql(capsys, f"ATTACH '{warehouse}' AS w (READ_WRITE)", "--snapshot")
    assert code == 2 and "ATTACH" in err
    code, _, err = _sql(capsys, f"SELECT * FROM read_text('{warehouse}')", "--snapshot")
    assert code == 2 and "disabled" in err
    con = connect(warehouse, read_only=True)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 1500
    con.close()


@pytest.mark.parametrize("query", ["", "   ", ";", " ; ; "])
def test_an_empty_query_is_one_line(warehouse, capsys, query) -> None:
    code, _, err = _sql(capsys, query)
    assert code == 2 and err.strip() == "autofacts: error: empty query: give one SELECT statement"


def test_reading_queries_still_work(warehouse, capsys) -> None:
    for query in ["DESCRIBE runs", "SHOW TABLES", "SUMMARIZE runs", "FROM runs LIMIT 2",
                  "WITH x AS (SELECT 1 AS a) SELECT * FROM x", "EXPLAIN SELECT * FROM runs",
                  "SELECT table_name, comment FROM duckdb_tables()"]:  # fmt: skip
        code, out, err = _sql(capsys, query)
        assert code == 0, (query, err)


def test_rows_are_capped_by_default_and_the_cap_is_said(warehouse, capsys) -> None:
    code, out, err = _sql(capsys, "SELECT run_id FROM runs ORDER BY run_id")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + SQL_ROW_LIMIT + 1
    assert lines[-1] == f"({SQL_ROW_LIMIT} rows; more not shown: --limit N or --no-limit)"
    code, out, err = _sql(capsys, "SELECT run_id FROM runs", "--limit", "5", "--format", "json")
    assert code == 0 and len(out.splitlines()) == 5 and "--no-limit" in err
    code, out, err = _sql(capsys, "SELECT run_id FROM runs", "--no-limit", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1 + 1500 and err == ""
    code, out, _ = _sql(capsys, "SELECT run_id FROM runs", "--limit", "1500")
    assert out.splitlines()[-1] == "(1500 rows)"
    code, _, err = _sql(capsys, "SELECT 1", "--limit", "-1")
    assert code == 2 and "must be 0 or more" in err


def test_cut_cells_end_in_an_ellipsis(warehouse, capsys) -> None:
    code, out, _ = _sql(capsys, "SELECT repeat('a', 80) AS long, 'short' AS s")
    row = out.splitlines()[2]
    assert row.startswith("a" * 59 + "…  short")
    code, out, _ = _sql(capsys, "SELECT repeat('a', 80) AS long", "--format", "json")
    assert json.loads(out)["long"] == "a" * 80  # only the table view cuts


def test_head_stops_a_huge_result_early(warehouse, tmp_path) -> None:
    exe = Path(sys.executable).with_name("autofacts")
    query = "SELECT i, repeat('x', 200) AS pad FROM range(1000000000) t(i)"
    proc = subprocess.run(
        f"'{exe}' sql \"{query}\" --no-limit --format csv | head -n 3; echo \"${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=300,
        env={"AUTOFACTS_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    lines = proc.stdout.splitlines()
    assert lines[:3] == ["i,pad", "0," + "x" * 200, "1," + "x" * 200] and lines[-1] == "0"
    assert "Traceback" not in proc.stderr
