"""Opening the warehouse: migrations, documentation, lock waits across processes, snapshots."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from warehouse.db import WarehouseLockedError, connect, migrate, migration_files, publish_snapshot, writer

REPO = Path(__file__).resolve().parents[2]
ADD = "INSERT INTO runs (run_id, kind, started_at, status) VALUES (?, 'load', now(), 'running')"


def _spawn(code: str) -> subprocess.Popen:
    """A Python subprocess running `code` (the repo importable), so DuckDB's per-process lock applies."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    """Wait until a child process signals by creating `path` (fail fast if it died)."""
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"child exited early: {proc.stderr.read()}")
        time.sleep(0.02)


def test_migrations_recorded_and_idempotent(db_path: Path):
    con = connect(db_path)
    names = [r[0] for r in con.execute("SELECT name FROM _migrations ORDER BY name").fetchall()]
    assert names == [p.name for p in migration_files()] and names[0].startswith("001_")
    assert migrate(con) == []
    con.close()
    con = connect(db_path)  # reconnecting applies nothing twice
    assert con.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(names)
    con.close()


def test_every_table_view_and_column_is_documented(con):
    missing = con.execute(
        """
        SELECT table_name || '.' || column_name FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main' AND coalesce(comment, '') = ''
        """
    ).fetchall()
    assert missing == []
    undocumented = con.execute(
        """
        SELECT table_name FROM duckdb_tables()
        WHERE database_name = current_database() AND coalesce(comment, '') = ''
        UNION ALL
        SELECT view_name FROM duckdb_views()
        WHERE database_name = current_database() AND NOT internal AND coalesce(comment, '') = ''
        """
    ).fetchall()
    assert undocumented == []
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"partnerships", "sales", "v_company_partnerships", "v_sales_series", "v_sales_conflicts",
            "v_unresolved_companies", "v_latest_runs"} <= views  # fmt: skip


def test_read_only_connect_of_a_missing_file_says_so(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        connect(tmp_path / "nope.duckdb", read_only=True)


def test_connect_retries_while_a_reader_holds_the_file(db_path: Path, tmp_path: Path):
    connect(db_path).close()
    ready, release = tmp_path / "ready", tmp_path / "release"
    reader = _spawn(
        f"""
        import time, duckdb
        from pathlib import Path
        con = duckdb.connect({str(db_path)!r}, read_only=True)
        Path({str(ready)!r}).touch()
        while not Path({str(release)!r}).exists():
            time.sleep(0.02)
        con.close()
        """
    )
    _wait_for(ready, reader)
    with pytest.raises(WarehouseLockedError, match="locked by another process") as info:
        connect(db_path, timeout=0.3)
    assert "\n" not in str(info.value)
    got: dict[str, object] = {}

    def open_it() -> None:
        try:
            got["con"] = connect(db_path, timeout=120)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            got["error"] = exc

    thread = threading.Thread(target=open_it)
    thread.start()
    time.sleep(0.3)  # let it fail and retry at least once; correctness does not depend on this
    release.touch()
    thread.join(timeout=120)
    assert reader.wait(timeout=60) == 0
    assert "error" not in got, got.get("error")
    con = got["con"]
    con.execute("INSERT INTO runs (run_id, kind, started_at, status) VALUES ('x', 'load', now(), 'running')")
    con.close()


def test_a_second_writer_waits_for_the_first(db_path: Path, tmp_path: Path):
    connect(db_path).close()
    holding, go = tmp_path / "holding", tmp_path / "go"
    waiting, acquired = tmp_path / "waiting", tmp_path / "acquired"
    first = _spawn(
        f"""
        import time
        from pathlib import Path
        from warehouse.db import writer
        with writer(Path({str(db_path)!r})) as con:
            con.execute({ADD!r}, ["1-first"])
            Path({str(holding)!r}).touch()
            while not Path({str(go)!r}).exists():
                time.sleep(0.02)
            con.execute({ADD!r}, ["2-first-again"])
        """
    )
    _wait_for(holding, first)
    second = _spawn(
        f"""
        from pathlib import Path
        from warehouse.db import writer
        Path({str(waiting)!r}).touch()
        with writer(Path({str(db_path)!r}), timeout=120) as con:
            Path({str(acquired)!r}).touch()
            n = con.execute("SELECT count(*) FROM runs").fetchone()[0]
            con.execute({ADD!r}, ["3-second-after-" + str(n)])
        """
    )
    _wait_for(waiting, second)
    time.sleep(0.5)
    assert not acquired.exists()  # it is waiting on the lock, not failing and not writing
    assert second.poll() is None
    go.touch()
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert second.wait(timeout=120) == 0, second.stderr.read()
    con = connect(db_path, read_only=True)
    ids = [r[0] for r in con.execute("SELECT run_id FROM runs ORDER BY run_id").fetchall()]
    con.close()
    assert ids == ["1-first", "2-first-again", "3-second-after-2"]


def test_writer_commits_on_success_and_rolls_back_on_error(db_path: Path):
    with writer(db_path) as con:
        con.execute(
            "INSERT INTO runs (run_id, kind, started_at, status) VALUES ('ok', 'load', now(), 'running')"
        )
    with pytest.raises(RuntimeError), writer(db_path) as con:
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO runs (run_id, kind, started_at, status) VALUES ('bad', 'load', now(), 'running')"
        )
        raise RuntimeError("boom")
    con = connect(db_path, read_only=True)
    assert con.execute("SELECT run_id FROM runs").fetchall() == [("ok",)]
    con.close()


def test_snapshot_is_readable_while_a_writer_writes(db_path: Path, tmp_path: Path):
    with writer(db_path) as con:
        con.execute(
            "INSERT INTO runs (run_id, kind, started_at, status) VALUES ('r1', 'load', now(), 'done')"
        )
    snap = publish_snapshot(db_path, tmp_path / "wh" / "autofacts-snapshot.duckdb")
    assert snap.exists() and not list(snap.parent.glob(".*.tmp*"))
    # An analyst holds the snapshot open in another process...
    opened, done = tmp_path / "opened", tmp_path / "done"
    analyst = _spawn(
        f"""
        import time, duckdb
        from pathlib import Path
        con = duckdb.connect({str(snap)!r}, read_only=True)
        Path({str(opened)!r}).touch()
        while not Path({str(done)!r}).exists():
            time.sleep(0.02)
        print(con.execute("SELECT count(*) FROM runs").fetchone()[0],
              con.execute("SELECT count(*) FROM v_latest_runs").fetchone()[0])
        con.close()
        """
    )
    _wait_for(opened, analyst)
    # ...while the pipeline holds the main file read-write and writes, then publishes again.
    with writer(db_path) as con:
        con.execute(
            "INSERT INTO runs (run_id, kind, started_at, status) VALUES ('r2', 'load', now(), 'done')"
        )
        reader = subprocess.run(
            [sys.executable, "-c", f"import duckdb; print(duckdb.connect({str(snap)!r}, read_only=True)"
             ".execute('SELECT count(*) FROM runs').fetchone()[0])"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert reader.returncode == 0, reader.stderr
        assert reader.stdout.strip() == "1"
    publish_snapshot(db_path, snap)  # replaced under the analyst's feet: they keep their old copy
    done.touch()
    out, err = analyst.communicate(timeout=120)
    assert analyst.returncode == 0, err
    assert out.split() == ["1", "1"]
    fresh = duckdb.connect(str(snap), read_only=True)
    assert fresh.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    comment = fresh.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'pages'").fetchone()[0]
    fresh.close()
    assert comment  # documentation travels with the snapshot


def _duckdb_cli() -> Path | None:
    """The `duckdb` binary of the pip `duckdb-cli` package (a dev dependency), if installed."""
    try:
        from importlib.metadata import PackageNotFoundError, files
    except ImportError:  # pragma: no cover
        return None
    try:
        entries = files("duckdb-cli") or []
    except PackageNotFoundError:
        return None
    for entry in entries:
        if entry.name == "duckdb" and "bin" in entry.parts:
            path = Path(entry.locate()).resolve()
            if path.is_file():
                return path
    return None


@pytest.mark.skipif(_duckdb_cli() is None, reason="the duckdb-cli package is not installed")
def test_the_published_snapshot_opens_in_the_duckdb_cli(db_path: Path, tmp_path: Path):
    with writer(db_path) as con:
        con.execute(ADD, ["r1"])
    snap = publish_snapshot(db_path, tmp_path / "autofacts-snapshot.duckdb")
    cli = _duckdb_cli()
    proc = subprocess.run(
        [str(cli), "-readonly", "-csv", str(snap), "-c",
         "SELECT count(*) AS n FROM runs; SELECT count(*) AS v FROM v_latest_runs"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["n", "1", "v", "1"], proc.stdout
    header = snap.read_bytes()[8:20]
    assert header[:4] == b"DUCK" and int.from_bytes(header[4:], "little") == 65  # v1.2.0 storage


def test_a_publish_removes_what_an_interrupted_publish_left(db_path: Path, tmp_path: Path):
    connect(db_path).close()
    out = tmp_path / "snap"
    out.mkdir()
    snap = out / "autofacts-snapshot.duckdb"
    left = [out / ".autofacts-snapshot.duckdb.4242.tmp", out / ".autofacts-snapshot.duckdb.4242.tmp.wal"]
    for f in left:
        f.write_bytes(b"x" * 1000)
    (out / ".autofacts-snapshot.duckdb.4243.tmp.spill").mkdir()
    (out / ".autofacts-snapshot.duckdb.4243.tmp.spill" / "duckdb_temp_block").write_bytes(b"x")
    keep = out / "notes.tmp"
    keep.write_text("mine")
    publish_snapshot(db_path, snap)
    assert sorted(p.name for p in out.iterdir()) == ["autofacts-snapshot.duckdb", "notes.tmp"]


def test_a_writer_that_waits_for_an_analyst_says_so_at_once(db_path: Path, tmp_path: Path):
    from warehouse.db import add_wait_listener, remove_wait_listener

    connect(db_path).close()
    ready, release = tmp_path / "ready", tmp_path / "release"
    analyst = _spawn(
        f"""
        import time, duckdb
        from pathlib import Path
        con = duckdb.connect({str(db_path)!r}, read_only=True)
        Path({str(ready)!r}).touch()
        while not Path({str(release)!r}).exists():
            time.sleep(0.02)
        con.close()
        """
    )
    _wait_for(ready, analyst)
    notices: list[str] = []

    def heard(message: str) -> None:  # the analyst lets go only once the writer said it waits
        notices.append(message)
        release.touch()

    add_wait_listener(heard)
    try:
        with writer(db_path, timeout=120) as con:
            con.execute(ADD, ["after-the-wait"])
    finally:
        remove_wait_listener(heard)
    assert analyst.wait(timeout=60) == 0
    (notice,) = notices
    assert notice.startswith(f"waiting for {db_path}: ") and "PID" in notice
    assert "autofacts-snapshot.duckdb" in notice and "Giving up in 120s" in notice


def test_a_writer_waiting_for_the_writer_lock_says_so_and_gives_up_in_one_line(db_path: Path, tmp_path: Path):
    from warehouse.db import add_wait_listener, lock_path, remove_wait_listener

    connect(db_path).close()
    holding, release = tmp_path / "holding", tmp_path / "release"
    other = _spawn(
        f"""
        import time
        from pathlib import Path
        from filelock import FileLock
        with FileLock({str(lock_path(db_path))!r}):
            Path({str(holding)!r}).touch()
            while not Path({str(release)!r}).exists():
                time.sleep(0.02)
        """
    )
    _wait_for(holding, other)
    notices: list[str] = []
    add_wait_listener(notices.append)
    try:
        with pytest.raises(WarehouseLockedError) as info, writer(db_path, timeout=1.0):
            pass
    finally:
        remove_wait_listener(notices.append)
        release.touch()
    assert other.wait(timeout=60) == 0
    assert notices == [
        f"waiting for the writer lock {lock_path(db_path)}: another run is writing autofacts.duckdb. "
        "Giving up in 1s"
    ]
    assert "\n" not in str(info.value) and "still held by another run after 1s" in str(info.value)
