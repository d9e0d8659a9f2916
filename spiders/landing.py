"""Landing files: every requested page (failures included) as a row of a zstd Parquet batch file.

A crawl writes landing_dir/<run_id>/pages-00001.parquet, pages-00002.parquet, ... (each written to a
.tmp file and then renamed, so a killed crawl leaves only complete files) and stats.json at the end.
The warehouse loads these files; LANDING_SCHEMA is the contract.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

LANDING_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("source", pa.string()),
        ("page_id", pa.string()),
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("status", pa.int32()),
        ("headers", pa.string()),
        ("body", pa.binary()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("discovered_via", pa.string()),
        ("lastmod", pa.timestamp("us", tz="UTC")),
        ("error", pa.string()),
        # Where an imported record came from (`autofacts import`): the archive file and the record's
        # byte offset in it; null for crawled pages. Optional when loading (older files lack them).
        ("archive_path", pa.string()),
        ("archive_offset", pa.int64()),
    ]
)

# What the warehouse exports for conditional re-fetching (`run_crawl(known_pages=...)`).
KNOWN_PAGES_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("lastmod", pa.timestamp("us", tz="UTC")),
    ]
)

# Error codes a landed row may carry (null error: a fetched page with a body).
ERROR_CODES = (
    "http_<status>",
    "timeout",
    "too_large",
    "not_html",
    "offsite_redirect",
    "robots_disallowed",
    "dns_error",
    "connection_error",
    "not_modified",
    "bot_wall",
    "truncated",
    "fetch_error",
)

BATCH_PATTERN = re.compile(r"^pages-(\d{5,})\.parquet$")
# Rows per Parquet row group in a batch file: a reader that wants a few bodies (a clean worker) decodes
# only their row groups, and DuckDB scans a file's row groups in parallel.
ROW_GROUP_ROWS = 50


def page_id(url: str) -> str:
    """The stable id of a page: sha1 hex of the URL as requested."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def headers_json(headers: Any) -> str:
    """Response headers as a JSON object with lower-case keys (repeated headers joined by ', ')."""
    out: dict[str, str] = {}
    for key, values in (headers or {}).items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        vals = values if isinstance(values, list | tuple) else [values]
        text = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in vals)
        out[k.lower()] = text
    return json.dumps(out, sort_keys=True, ensure_ascii=False)


class LandingWriter:
    """Buffers landed rows and writes them as numbered Parquet batch files in `batch_dir`."""

    def __init__(self, batch_dir: Path, batch_size: int = 200):
        self.batch_dir = batch_dir
        self.batch_size = max(1, batch_size)
        self.rows: list[dict[str, Any]] = []
        self.files: list[Path] = []
        batch_dir.mkdir(parents=True, exist_ok=True)
        existing = [int(m.group(1)) for p in batch_dir.iterdir() if (m := BATCH_PATTERN.match(p.name))]
        self._next = max(existing, default=0) + 1

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append({name: row.get(name) for name in LANDING_SCHEMA.names})
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> Path | None:
        """Write buffered rows as the next batch file (atomically); None when nothing is buffered."""
        if not self.rows:
            return None
        table = pa.Table.from_pylist(self.rows, schema=LANDING_SCHEMA)
        final = self.batch_dir / f"pages-{self._next:05d}.parquet"
        tmp = final.with_name(final.name + ".tmp")
        pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        os.replace(tmp, final)
        self._next += 1
        self.files.append(final)
        self.rows = []
        return final


def read_bodies(path: Path, rows: list[int]) -> dict[int, tuple[str, bytes | None]]:
    """(page_id, body) at the given row numbers of a Parquet file of pages (a landing batch file, or a
    work file with those two columns); only the row groups holding them are decoded. A file that is gone
    or unreadable gives {} (the caller falls back to the warehouse's copy)."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException):
        return {}
    out: dict[int, tuple[str, bytes | None]] = {}
    wanted = sorted(set(rows))
    start, i = 0, 0
    with parquet:
        for group in range(parquet.metadata.num_row_groups):
            end = start + parquet.metadata.row_group(group).num_rows
            inside = []
            while i < len(wanted) and wanted[i] < end:
                if wanted[i] >= start:
                    inside.append(wanted[i])
                i += 1
            if inside:
                try:
                    table = parquet.read_row_group(group, columns=["page_id", "body"])
                except (OSError, pa.ArrowException):
                    return out  # a damaged row group: what was read stands, the rest falls back
                ids, bodies = table.column("page_id"), table.column("body")
                for row in inside:
                    out[row] = (ids[row - start].as_py(), bodies[row - start].as_py())
            start = end
            if i >= len(wanted):
                break
    return out


# One writer per batch directory, shared by the crawlers (one per source) of a crawl process.
_WRITERS: dict[Path, tuple[LandingWriter, int]] = {}


def _acquire(batch_dir: Path, batch_size: int) -> LandingWriter:
    writer, users = _WRITERS.get(batch_dir, (None, 0))
    if writer is None:
        writer = LandingWriter(batch_dir, batch_size)
    _WRITERS[batch_dir] = (writer, users + 1)
    return writer


def _release(batch_dir: Path) -> None:
    writer, users = _WRITERS[batch_dir]
    writer.flush()
    if users <= 1:
        del _WRITERS[batch_dir]
    else:
        _WRITERS[batch_dir] = (writer, users - 1)


class LandingPipeline:
    """Item pipeline: each item is one landed page row (see LANDING_SCHEMA)."""

    def __init__(self, batch_dir: Path, batch_size: int):
        self.batch_dir = batch_dir
        self.batch_size = batch_size
        self.writer: LandingWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        landing_dir = s.get("LANDING_DIR")
        run_id = s.get("LANDING_RUN_ID")
        if not landing_dir or not run_id:
            raise ValueError("LandingPipeline needs the LANDING_DIR and LANDING_RUN_ID settings")
        return cls(Path(landing_dir) / run_id, s.getint("LANDING_BATCH_SIZE", 200))

    def open_spider(self) -> None:
        self.writer = _acquire(self.batch_dir, self.batch_size)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        assert self.writer is not None
        self.writer.add(item)
        return item

    def close_spider(self) -> None:
        _release(self.batch_dir)


def write_stats(batch_dir: Path, stats: dict[str, Any]) -> Path:
    """Write stats.json (atomically) next to the batch files."""
    path = batch_dir / "stats.json"
    tmp = path.with_name("stats.json.tmp")
    tmp.write_text(json.dumps(stats, indent=2, sort_keys=True, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def batch_files(batch_dir: Path) -> list[Path]:
    """The complete batch files of a run, in order (.tmp leftovers of a killed crawl excluded)."""
    if not batch_dir.is_dir():
        return []
    return sorted(p for p in batch_dir.iterdir() if BATCH_PATTERN.match(p.name))


def known_pages_from_landing(files: list[Path]) -> pa.Table:
    """Known pages (KNOWN_PAGES_SCHEMA) from landed rows: the reference for what the warehouse exports.

    Per URL with at least one body: etag / last_modified of the latest fetched body, and lastmod = the
    newest sitemap/feed lastmod seen on a fetched (200) or confirmed-unchanged (304) row, so a page
    re-validated by a 304 is not re-requested on the next crawl.
    """
    known: dict[str, dict[str, Any]] = {}
    columns = ["url", "headers", "body", "lastmod", "fetched_at", "error"]
    rows = [r for path in files for r in pq.read_table(path, columns=columns).to_pylist()]
    for row in sorted(rows, key=lambda r: r["fetched_at"]):
        fetched = row["body"] is not None
        if not fetched and row["error"] != "not_modified":
            continue
        entry = known.setdefault(row["url"], {"url": row["url"], "etag": None, "last_modified": None,
                                              "lastmod": None, "has_body": False})
        if fetched:
            headers = json.loads(row["headers"] or "{}")
            entry.update(etag=headers.get("etag"), last_modified=headers.get("last-modified"), has_body=True)
        if row["lastmod"] is not None and (entry["lastmod"] is None or row["lastmod"] > entry["lastmod"]):
            entry["lastmod"] = row["lastmod"]
    out = [{k: v for k, v in e.items() if k != "has_body"} for e in known.values() if e["has_body"]]
    return pa.Table.from_pylist(out, schema=KNOWN_PAGES_SCHEMA)


def utcnow() -> datetime:
    return datetime.now(UTC)
