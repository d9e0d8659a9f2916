"""Run a crawl from Python (Prefect tasks, the CLI, tests): starts `python -m spiders.crawl` in a
subprocess, relays its log lines, and returns where the landing files are and what happened."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from spiders.landing import batch_files
from spiders.settings import CRAWL_TIMEOUT
from spiders.sources import Source

REPO_ROOT = Path(__file__).resolve().parents[1]
PARENT_ENV = "AUTOFACTS_CRAWL_PARENT"
TAIL_LINES = 30


class CrawlError(RuntimeError):
    """The crawl subprocess failed (non-zero exit or timeout); the message ends with its last log lines."""


@dataclass
class CrawlResult:
    """A finished crawl: its run id, batch folder, Parquet files and stats (see stats.json)."""

    run_id: str
    batch_dir: Path
    files: list[Path]
    stats: dict[str, Any] = field(default_factory=dict)


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id, e.g. 20260124T101500Z-3f2a9c."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def run_crawl(
    sources: list[Source],
    landing_dir: Path,
    *,
    since: date | dict[str, date | None] | None = None,
    until: date | None = None,
    known_pages: Path | None = None,
    run_id: str | None = None,
    overrides: dict | None = None,
    log: Callable[[str], None] | None = None,
    timeout: float | None = CRAWL_TIMEOUT,
) -> CrawlResult:
    """Crawl `sources` into landing_dir/<run_id>/ in a subprocess and return the result.

    `since` is one start date for every source, or a {source name: date | None} mapping (each source
    from its own watermark). `overrides` are Scrapy settings applied last (e.g. {"DOWNLOAD_TIMEOUT":
    5}); `log` receives each log line of the crawl; `timeout` (seconds; default
    spiders.settings.CRAWL_TIMEOUT, None: no limit) stops the crawl (SIGTERM, then SIGKILL) and raises.
    """
    if not sources:
        raise ValueError("run_crawl needs at least one source")
    by_source = dict(since) if isinstance(since, dict) else {}
    since = None if isinstance(since, dict) else since
    for start in [since, *by_source.values()]:
        if start and until and start > until:
            raise ValueError(f"since ({start}) is after until ({until})")
    if known_pages is not None and not Path(known_pages).is_file():
        raise FileNotFoundError(f"known-pages file not found: {known_pages}")
    run_id = run_id or new_run_id()
    landing_dir = Path(landing_dir).resolve()
    batch_dir = landing_dir / run_id
    config = {
        "run_id": run_id,
        "landing_dir": str(landing_dir),
        "sources": [s.to_dict() for s in sources],
        "since": since.isoformat() if since else None,
        "since_by_source": {name: d.isoformat() if d else None for name, d in by_source.items()},
        "until": until.isoformat() if until else None,
        "known_pages": str(Path(known_pages).resolve()) if known_pages else None,
        "overrides": overrides or {},
    }
    with tempfile.TemporaryDirectory(prefix="autofacts-crawl-") as tmp:
        config_path = Path(tmp) / "crawl.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        returncode, tail, timed_out = _run_subprocess(
            [sys.executable, "-m", "spiders.crawl", "--config", str(config_path)], log, timeout
        )
    if timed_out:
        raise CrawlError(f"crawl {run_id} timed out after {timeout}s; last log lines:\n" + "\n".join(tail))
    if returncode != 0:
        raise CrawlError(f"crawl {run_id} exited with {returncode}; last log lines:\n" + "\n".join(tail))
    stats_path = batch_dir / "stats.json"
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.is_file() else {}
    return CrawlResult(run_id=run_id, batch_dir=batch_dir, files=batch_files(batch_dir), stats=stats)


def _run_subprocess(
    cmd: list[str], log: Callable[[str], None] | None, timeout: float | None
) -> tuple[int, list[str], bool]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    env[PARENT_ENV] = str(os.getpid())  # the crawl dies with us (spiders.lifeline.die_with_parent)
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        start_new_session=True,
    )
    tail: deque[str] = deque(maxlen=TAIL_LINES)

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip("\n")
            tail.append(line)
            if log is not None:
                try:
                    log(line)
                except Exception:  # noqa: BLE001 - a broken log sink must not break the crawl
                    pass

    reader = threading.Thread(target=pump, name="crawl-log", daemon=True)
    reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _stop(proc)
    except BaseException:
        _stop(proc)
        raise
    reader.join(timeout=10)
    return proc.returncode, list(tail), timed_out


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM (Scrapy shuts down gracefully and flushes batches), then SIGKILL after a grace period."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass
