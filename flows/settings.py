"""The one place configuration is read from the environment (AUTOFACTS_* variables).

Everything below `flows/` receives explicit paths and values; only this module reads os.environ.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DEMO_URL = "http://127.0.0.1:8765"
TASK_RUNNERS = ("process", "dask")


class SettingsError(ValueError):
    """An AUTOFACTS_* variable that cannot mean anything (the CLI says so in one line, exit 2)."""


@dataclass(frozen=True)
class Settings:
    """Where data lives and which demo site the `demo` source reads."""

    data_dir: Path
    db_path: Path
    demo_url: str
    lock_timeout: float = 600.0  # seconds a writer waits for the warehouse file or its lock
    clean_batch: int = 200  # pages cleaned (and deduplicated) per batch: AUTOFACTS_CLEAN_BATCH
    workers: int = 1  # processes that clean and extract batches: AUTOFACTS_WORKERS (default: the cores)
    task_runner: str = "process"  # where flows run clean/extract batches: AUTOFACTS_TASK_RUNNER
    dask_address: str | None = None  # an existing Dask scheduler (AUTOFACTS_DASK_ADDRESS), else a local one

    @property
    def landing_dir(self) -> Path:
        """Batch files the spider writes, one folder per crawl run."""
        return self.data_dir / "landing"

    @property
    def work_dir(self) -> Path:
        """Per-run work files (bodies and texts a stage streams to its workers), removed after the stage."""
        return self.data_dir / "work"

    @property
    def snapshot_path(self) -> Path:
        """The read-only copy analysts open; replaced atomically after each run."""
        from warehouse.db import snapshot_path_for

        return snapshot_path_for(self.db_path)


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from AUTOFACTS_DATA, AUTOFACTS_DB, AUTOFACTS_DEMO_URL, AUTOFACTS_LOCK_TIMEOUT,
    AUTOFACTS_CLEAN_BATCH, AUTOFACTS_WORKERS, AUTOFACTS_TASK_RUNNER and AUTOFACTS_DASK_ADDRESS.

    A task runner that is neither `process` nor `dask` is a SettingsError (a typo must not silently run
    everything on one machine).
    """
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("AUTOFACTS_DATA") or "data").resolve()
    db_path = Path(env.get("AUTOFACTS_DB") or data_dir / "autofacts.duckdb").resolve()
    demo_url = (env.get("AUTOFACTS_DEMO_URL") or DEFAULT_DEMO_URL).rstrip("/")
    lock_timeout = _seconds(env.get("AUTOFACTS_LOCK_TIMEOUT"), 600.0)
    clean_batch = _count(env.get("AUTOFACTS_CLEAN_BATCH"), 200)
    workers = _count(env.get("AUTOFACTS_WORKERS"), os.cpu_count() or 1)
    task_runner = (env.get("AUTOFACTS_TASK_RUNNER") or "process").strip().lower()
    if task_runner not in TASK_RUNNERS:
        choices = ", ".join(TASK_RUNNERS)
        raise SettingsError(f"AUTOFACTS_TASK_RUNNER must be one of {choices}, not {task_runner!r}")
    return Settings(data_dir=data_dir, db_path=db_path, demo_url=demo_url, lock_timeout=lock_timeout,
                    clean_batch=clean_batch, workers=workers, task_runner=task_runner,
                    dask_address=(env.get("AUTOFACTS_DASK_ADDRESS") or "").strip() or None)


def _count(value: str | None, default: int) -> int:
    """A positive whole number from the environment (the default when unset or not one)."""
    try:
        n = int(value) if value else default
    except ValueError:
        return default
    return n if n > 0 else default


def _seconds(value: str | None, default: float) -> float:
    """A positive number of seconds from the environment (the default when unset or not a number)."""
    try:
        seconds = float(value) if value else default
    except ValueError:
        return default
    return seconds if seconds > 0 else default
