"""Landing files that do not match the contract: moved aside to `<landing>/_quarantine/` and recorded.

A drifted, truncated, empty or column-missing landing file must neither block the files loaded with it
nor fail every later load. `load_landing` names such files; `quarantine` moves each out of the landing
folders (so it is not offered again) and records where it went and why in `quarantined_files`, which
`autofacts status` shows. Put a repaired file back under `<landing>/<run>/` to load it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

QUARANTINE_DIR = "_quarantine"  # under the landing folder; its files are never offered to load


@dataclass(frozen=True)
class QuarantinedFile:
    """A landing file set aside: where it was, where it is now, and why."""

    original_path: str
    path: str
    reason: str
    size: int


def quarantine_path(landing_dir: Path, path: Path) -> Path:
    """Where a bad landing file goes: `<landing>/_quarantine/<its run folder>/<name>`, never overwriting."""
    dest = Path(landing_dir) / QUARANTINE_DIR / path.parent.name / path.name
    n = 1
    while dest.exists():
        dest = dest.with_name(f"{path.stem}.{n}{path.suffix}")
        n += 1
    return dest


def quarantine(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, rejected: list[tuple[Path, str]], *, run_id: str
) -> list[QuarantinedFile]:
    """Move each rejected file to the quarantine folder and record it (one upsert); returns what moved."""
    moved: list[QuarantinedFile] = []
    for path, reason in rejected:
        path = Path(path)
        if not path.exists():
            continue
        size = path.stat().st_size
        dest = quarantine_path(landing_dir, path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, dest)
        except OSError:  # another filesystem: copy then remove
            shutil.copy2(path, dest)
            path.unlink()
        moved.append(QuarantinedFile(str(path), str(dest.resolve()), reason, size))
    if moved:
        con.execute(
            """
            INSERT INTO quarantined_files (path, original_path, reason, size, run_id, quarantined_at)
            SELECT * FROM (SELECT unnest($path) AS path, unnest($orig) AS original_path,
                                  unnest($reason) AS reason, unnest($size) AS size, $run AS run_id,
                                  $now AS quarantined_at)
            ON CONFLICT (path) DO UPDATE SET original_path = excluded.original_path,
                reason = excluded.reason, size = excluded.size, run_id = excluded.run_id,
                quarantined_at = excluded.quarantined_at
            """,
            {"path": [m.path for m in moved], "orig": [m.original_path for m in moved],
             "reason": [m.reason for m in moved], "size": [m.size for m in moved], "run": run_id,
             "now": datetime.now(UTC)},  # fmt: skip
        )
    return moved


def recent_quarantined(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    """The latest quarantined landing files, newest first (for `autofacts status`)."""
    cur = con.execute(
        "SELECT original_path, path, reason, run_id, quarantined_at FROM quarantined_files"
        " ORDER BY quarantined_at DESC, path LIMIT ?",
        [limit],
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
