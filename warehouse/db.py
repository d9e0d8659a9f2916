"""Opening the DuckDB warehouse safely: lock-aware connects, a cross-process writer lock,
numbered migrations and the read-only snapshot analysts open.

DuckDB lets one process hold a database file read-write, and that process blocks every other
(even readers). So the pipeline holds the main file only for short write transactions, a second
writer waits on `<db>.lock` instead of failing, and analysts read a snapshot that is replaced
atomically after each run, never the main file.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class WarehouseLockedError(RuntimeError):
    """The warehouse file (or its writer lock) stayed held by another process past the timeout."""


def lock_path(db_path: Path) -> Path:
    """The inter-process writer lock file that sits beside the database."""
    return Path(str(db_path) + ".lock")


def _is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


# How long a writer (or a publish) waits for the warehouse file or `<db>.lock` before giving up with
# WarehouseLockedError; AUTOFACTS_LOCK_TIMEOUT overrides it (flows/settings.py).
WAIT_TIMEOUT = 600.0

_wait_listeners: list[Callable[[str], None]] = []


def add_wait_listener(listener: Callable[[str], None]) -> None:
    """Also send "waiting for …" notices to `listener` (the Prefect flows add their run logger)."""
    if listener not in _wait_listeners:
        _wait_listeners.append(listener)


def remove_wait_listener(listener: Callable[[str], None]) -> None:
    """Stop sending wait notices to `listener`."""
    if listener in _wait_listeners:
        _wait_listeners.remove(listener)


def _notify_wait(message: str) -> None:
    """Say at once, on stderr and in the log, that this process waits and for what.

    With logging configured (Prefect, an application) the warning goes through it; without (the CLI)
    it is printed, so it shows once, not twice through logging's last-resort handler.
    """
    if log.hasHandlers():
        log.warning(message)
    else:
        print(f"autofacts: {message}", file=sys.stderr, flush=True)
    for listener in list(_wait_listeners):
        try:
            listener(message)
        except Exception:  # noqa: BLE001 - a notice must never break the wait itself
            log.debug("wait listener failed", exc_info=True)


def snapshot_path_for(db_path: Path) -> Path:
    """The read-only copy analysts open, beside the warehouse: `<name>-snapshot.duckdb`."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + "-snapshot" + db_path.suffix)


def _holder(exc: BaseException) -> str:
    """Who holds the file, from DuckDB's lock error ("… (PID 123)"), or a plain phrase."""
    text = str(exc)
    if "Conflicting lock is held in" not in text:
        return "another process"
    return text.split("Conflicting lock is held in", 1)[1].split(". See")[0].strip()


def connect(
    db_path: Path, *, read_only: bool = False, timeout: float = 60.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying with backoff while another process holds the file.

    Creates the parent folder; runs pending migrations unless read_only. When the file is held, says
    so at once (stderr, log, wait listeners: which file, who holds it, the remedy) and keeps trying;
    raises WarehouseLockedError (one line) when it is still held after `timeout` seconds.
    """
    db_path = Path(db_path)
    if read_only and not db_path.exists():
        raise FileNotFoundError(f"warehouse {db_path} does not exist (nothing loaded yet?)")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    delay = 0.05
    attempt = 0
    while True:
        attempt += 1
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
            break
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WarehouseLockedError(
                    f"warehouse {db_path} is locked by another process ({_holder(exc)}); gave up after"
                    f" {timeout:.0f}s. Analysts: open {snapshot_path_for(db_path).name}, not the main file"
                ) from None
            if attempt == 1:
                _notify_wait(
                    f"waiting for {db_path}: {_holder(exc)} holds it open. If that is an analyst's session, "
                    f"close it and open the snapshot {snapshot_path_for(db_path)} instead. "
                    f"Giving up in {timeout:.0f}s"
                )
            log.info("warehouse %s locked by another process; retry %d in %.2fs", db_path, attempt, delay)
            time.sleep(min(delay * (0.5 + random.random()), remaining))
            delay = min(delay * 2, 2.0)
    try:
        con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            bound_resources(con)
            migrate(con)
    except BaseException:
        con.close()
        raise
    return con


# A writer's DuckDB works within these bounds whatever the size of the warehouse: past the memory limit
# it spills to `<db>.tmp/` (DuckDB's default temp directory beside the file) instead of growing, so a
# load of thousands of 165 kB bodies or a COPY of the whole database stays flat (without them a load of
# 10k pages peaked at 9 GB RSS). Insertion order is not preserved (no query relies on it without an
# ORDER BY), which lets large INSERT … SELECT and COPY stream instead of buffering.
WRITER_MEMORY_LIMIT = "512MB"
WRITER_THREADS = 2


def bound_resources(con: duckdb.DuckDBPyConnection, memory_limit: str = WRITER_MEMORY_LIMIT,
                    threads: int = WRITER_THREADS) -> None:
    """Set the memory limit, threads and insertion-order freedom of a read-write connection (and no
    progress bar)."""
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # it would print into the commands' JSON output


@contextmanager
def writer_lock(db_path: Path, timeout: float) -> Iterator[None]:
    """Hold the inter-process `<db>.lock` that serialises writers (and snapshots) of one warehouse.

    When another run holds it, says so at once (stderr, log, wait listeners), then waits up to `timeout`.
    """
    path = lock_path(db_path)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        _notify_wait(
            f"waiting for the writer lock {path}: another run is writing {Path(db_path).name}. "
            f"Giving up in {timeout:.0f}s"
        )
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise WarehouseLockedError(
                f"warehouse writer lock {path} still held by another run after {timeout:.0f}s"
            ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def writer(db_path: Path, *, timeout: float = WAIT_TIMEOUT) -> Iterator[duckdb.DuckDBPyConnection]:
    """Exclusive write access: wait for `<db>.lock`, connect, and commit/close on exit.

    A second writer (another flow, the CLI) waits here rather than failing on DuckDB's lock, and says
    at once that it waits; it gives up after `timeout` seconds (WarehouseLockedError).
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with writer_lock(db_path, timeout):
        con = connect(db_path, timeout=max(1.0, timeout - (time.monotonic() - started)))
        try:
            yield con
        except BaseException:
            _rollback_quietly(con)
            raise
        else:
            con.commit()
        finally:
            con.close()


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.rollback()
    except duckdb.Error:
        pass


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT (ROLLBACK on error); joins the caller's transaction if one is already open."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        yield con  # already inside the caller's transaction: it commits or rolls back
        return
    try:
        yield con
    except BaseException:
        _rollback_quietly(con)
        raise
    con.execute("COMMIT")


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: Any) -> Iterator[str]:
    """Expose an Arrow table to SQL as `name` for the duration of the block."""
    con.complete()  # DuckDB 2.0 refuses register() while a caller's fetchone() result is still open
    con.register(name, table)
    try:
        yield name
    finally:
        con.complete()
        con.unregister(name)


def migration_files() -> list[Path]:
    """Numbered migrations (`NNN_name.sql`) in the order they apply."""
    return sorted(p for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending numbered migrations, each in its own transaction; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {r[0] for r in con.execute("SELECT name FROM _migrations").fetchall()}
    applied: list[str] = []
    for path in migration_files():
        if path.name in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO _migrations VALUES (?, ?)", [path.name, datetime.now(UTC)])
        applied.append(path.name)
        log.info("applied migration %s", path.name)
    return applied


# The snapshot is written in DuckDB's v1.2.0 storage format (storage version 65): DuckDB 1.2 and every
# later reader open it, the pip `duckdb-cli` 1.4/1.5 and DBeaver's DuckDB driver included, while the
# main file keeps the newest format (1.5 readers stop at version 68; v1.0.0 files are twice as big).
SNAPSHOT_STORAGE_VERSION = "v1.2.0"
# A copy needs no more than a bounded buffer: past it DuckDB spills to a temp folder beside the snapshot
# rather than holding the database in memory. DuckDB moves rows in vectors of 2,048, so one vector of
# real article bodies (~165 kB each) is ~330 MB: a lower limit fails ("failed to allocate 256 MiB"), and
# one thread keeps a single such vector in flight (peak ~0.8 GB RSS at 1k and at 10k realistic pages).
PUBLISH_MEMORY_LIMIT = "512MB"
PUBLISH_THREADS = 1


def snapshot_temp_files(snapshot_path: Path) -> list[Path]:
    """Temp files and folders of any publish of this snapshot (any pid's `.<name>.*.tmp*`)."""
    return sorted(snapshot_path.parent.glob(f".{glob_escape(snapshot_path.name)}.*.tmp*"))


def glob_escape(name: str) -> str:
    """`name` with glob metacharacters escaped, for Path.glob."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def publish_snapshot(db_path: Path, snapshot_path: Path, *, timeout: float = WAIT_TIMEOUT) -> Path:
    """Copy the warehouse into a read-only snapshot file, atomically replacing the previous one.

    Waits for the writer lock so the copy is taken between writes (and no other publish runs), removes
    what an interrupted publish left (any pid's `.<snapshot>.*.tmp*`), copies with COPY FROM DATABASE
    (one consistent transaction: tables, views, comments) into a temp file beside the snapshot written
    in SNAPSHOT_STORAGE_VERSION, with a bounded buffer that spills to disk, checks it opens, then
    os.replace()s it. Call it outside `writer()` (it takes the same lock). Analysts holding the old
    snapshot keep reading it until they reconnect.
    """
    db_path, snapshot_path = Path(db_path), Path(snapshot_path)
    if not db_path.exists():
        raise FileNotFoundError(f"warehouse {db_path} does not exist; nothing to snapshot")
    snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = snapshot_path.with_name(f".{snapshot_path.name}.{os.getpid()}.tmp")
    spill = Path(f"{tmp}.spill")
    with writer_lock(db_path, timeout):
        for stale in snapshot_temp_files(snapshot_path):
            log.info("removing %s left by an interrupted publish", stale)
            _remove(stale)
        src = connect(db_path, read_only=True, timeout=timeout)
        try:
            src.execute(f"SET memory_limit = '{PUBLISH_MEMORY_LIMIT}'")
            src.execute(f"SET threads = {PUBLISH_THREADS}")
            src.execute("SET preserve_insertion_order = false")
            src.execute("SET enable_progress_bar = false")
            src.execute(f"SET temp_directory = '{_sql_string(spill)}'")
            src.execute(
                f"ATTACH '{_sql_string(tmp)}' AS snapshot_out"
                f" (READ_WRITE, STORAGE_VERSION '{SNAPSHOT_STORAGE_VERSION}')"
            )
            name = src.execute("SELECT current_database()").fetchone()[0]
            src.execute(f'COPY FROM DATABASE "{name}" TO snapshot_out')
            src.execute("DETACH snapshot_out")
        finally:
            src.close()
    try:
        check = duckdb.connect(str(tmp), read_only=True)
        check.execute("SELECT count(*) FROM _migrations").fetchone()
        check.close()
        os.replace(tmp, snapshot_path)
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal"), spill):
            _remove(leftover)
    return snapshot_path


def _sql_string(path: Path) -> str:
    """A path as the body of a single-quoted SQL string literal."""
    return str(path).replace("'", "''")
