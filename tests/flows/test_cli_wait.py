"""A CLI writer held up by an analyst says at once that it waits, and gives up in one line (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from warehouse.db import connect

pytestmark = pytest.mark.slow
EXE = Path(sys.executable).with_name("autofacts")


def _analyst(db: Path, ready: Path, release: Path) -> subprocess.Popen:
    """Another process holding the main warehouse file open (as a DuckDB CLI or DBeaver session would)."""
    code = f"""
        import time, duckdb
        from pathlib import Path
        con = duckdb.connect({str(db)!r}, read_only=True)
        Path({str(ready)!r}).touch()
        while not Path({str(release)!r}).exists():
            time.sleep(0.02)
        con.close()
        """
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stderr=subprocess.PIPE, text=True)
    while not ready.exists():
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.02)
    return proc


def _load(tmp_path: Path, timeout: str) -> subprocess.Popen:
    env = {**os.environ, "AUTOFACTS_DATA": str(tmp_path), "AUTOFACTS_LOCK_TIMEOUT": timeout}
    env.pop("AUTOFACTS_DB", None)
    return subprocess.Popen([str(EXE), "load"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip


def test_the_wait_is_said_at_once_and_the_run_goes_on_when_the_analyst_leaves(tmp_path) -> None:
    db = tmp_path / "autofacts.duckdb"
    connect(db).close()
    release = tmp_path / "release"
    analyst = _analyst(db, tmp_path / "ready", release)
    load = _load(tmp_path, "300")
    try:
        first = load.stderr.readline()  # arrives while the analyst still holds the file
        assert load.poll() is None and not release.exists()
    finally:
        release.touch()
    out, rest = load.communicate(timeout=300)
    assert analyst.wait(timeout=60) == 0
    assert first.startswith(f"autofacts: waiting for {db}: ") and "PID" in first, first
    assert f"open the snapshot {tmp_path / 'autofacts-snapshot.duckdb'} instead" in first
    assert "Giving up in 300s" in first
    assert load.returncode == 0, rest
    assert "Traceback" not in rest


def test_a_writer_that_waited_too_long_gives_up_in_one_line(tmp_path) -> None:
    db = tmp_path / "autofacts.duckdb"
    connect(db).close()
    release = tmp_path / "release"
    analyst = _analyst(db, tmp_path / "ready", release)
    try:
        out, err = _load(tmp_path, "2").communicate(timeout=300)
    finally:
        release.touch()
    assert analyst.wait(timeout=60) == 0
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err, err
    assert lines[0].startswith("autofacts: waiting for ")
    assert lines[1].startswith(f"autofacts: error: warehouse {db} is locked by another process")
    assert "gave up after 2s" in lines[1] and "open autofacts-snapshot.duckdb" in lines[1]


def test_sql_on_the_main_file_while_a_writer_holds_it_points_to_the_snapshot(tmp_path) -> None:
    db = tmp_path / "autofacts.duckdb"
    connect(db).close()
    ready, release = tmp_path / "ready", tmp_path / "release"
    code = f"""
        import time
        from pathlib import Path
        from warehouse.db import writer
        with writer(Path({str(db)!r})):
            Path({str(ready)!r}).touch()
            while not Path({str(release)!r}).exists():
                time.sleep(0.02)
        """
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=Path(__file__).resolve().parents[2],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        while not ready.exists():
            assert holder.poll() is None, holder.stderr.read()
            time.sleep(0.02)
        env = {**os.environ, "AUTOFACTS_DATA": str(tmp_path)}
        env.pop("AUTOFACTS_DB", None)
        proc = subprocess.run([str(EXE), "sql", "SELECT 1"], env=env, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
    finally:
        release.touch()
    assert holder.wait(timeout=60) == 0
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"autofacts: error: {db} is held by a running writer: use --snapshot"
    ]
