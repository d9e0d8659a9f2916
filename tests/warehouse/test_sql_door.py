"""The SQL door's sandbox holds on its own, even for statements the SELECT-only check would let through."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.db import connect
from warehouse.sql_door import QueryRefused, check_query, open_sandboxed, run_query


@pytest.fixture
def door(db_path: Path):
    connect(db_path).close()
    con = open_sandboxed(db_path)
    yield con
    con.close()


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT 1) TO '{tmp}/x.csv'",
        "ATTACH '{tmp}/other.duckdb' AS o",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "SET autoload_known_extensions = true",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('/proc/self/environ')",
    ],
)
def test_the_sandbox_refuses_file_and_config_access_by_itself(door, tmp_path: Path, statement: str) -> None:
    with pytest.raises(duckdb.Error):
        door.execute(statement.format(tmp=tmp_path)).fetchall()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh"]


def test_the_sandbox_reads_the_warehouse_in_utc(door) -> None:
    assert door.execute("SELECT current_setting('TimeZone'), count(*) FROM runs").fetchone() == ("UTC", 0)


@pytest.mark.parametrize("statement", ["", "DELETE FROM runs", "SELECT 1; SELECT 2", "SET VARIABLE v = 1"])
def test_only_one_select_or_explain_passes_the_check(door, statement: str) -> None:
    with pytest.raises(QueryRefused):
        check_query(door, statement)


def test_run_query_streams_up_to_the_cap(door) -> None:
    result = run_query(door, "SELECT * FROM range(2500)", 1200)
    assert [len(b) for b in result.batches] == [1000, 200] and result.truncated
    result = run_query(door, "SELECT * FROM range(2500)", None)
    assert sum(len(b) for b in result.batches) == 2500 and not result.truncated
