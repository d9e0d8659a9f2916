"""`autofacts import`: archives as a backfill source, into the same tables as a crawl.

Two kinds of file:
- WARC (`.warc`, `.warc.gz`, as CC-NEWS distributes news): response records become landing batch
  files under `landing/<run_id>/` (`landing/<run_id>-NNN/` per file when several are given), read in
  the worker processes a file each (spiders/archives.py) and loaded by the same set-based load as a
  crawl; the normal clean → extract path follows. Provenance: `fetches`/`pages.archive_path` and
  `archive_offset` (the record's byte offset).
- JSON Lines of already-extracted articles (news-please, fundus, ours): each line becomes an
  Article (transforms/imported.py), deduplicated against the warehouse like a cleaned page and
  upserted into `articles` in batches; `articles.archive_path` / `archive_offset` (the line's byte
  offset) say where it came from.
Importing the same file twice adds nothing: fetch rows are keyed by (archive file, offset), pages and
articles by the id of their URL.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.pool import ordered_map
from flows.settings import Settings
from flows.steps import Log, _dedupe, _quiet, seed_index

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json", ".json.gz")
DEFAULT_SOURCE = "archive"
BATCH = 500


def archive_kind(path: Path) -> str | None:
    """'warc' or 'jsonl' from the file name (None: not a kind `autofacts import` reads)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def import_archives(
    settings: Settings,
    files: list[Path],
    *,
    run_id: str,
    source: str = DEFAULT_SOURCE,
    log: Log | None = None,
) -> dict[str, Any]:
    """Import WARC and JSON Lines files; returns counts per kind and one line per problem.

    WARC pages are loaded into `pages` (clean and extract them afterwards, as after a crawl);
    JSON Lines articles go straight to `articles` (extract them afterwards).
    """
    from warehouse import load as wh
    from warehouse.db import writer

    log = log or _quiet
    warc: Counter[str] = Counter()
    jsonl: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    load_stats: Counter[str] = Counter()
    paths = [Path(f).resolve() for f in files]
    warcs = [p for p in paths if archive_kind(p) == "warc"]
    # WARC files are read in the worker processes, one file per task, each into its own landing folder;
    # this process loads each file's landing batches as they come back, while the next file is read.
    jobs = [WarcJob(p, settings.landing_dir / (run_id if len(warcs) == 1 else f"{run_id}-{k:03d}"), run_id,
                    source) for k, p in enumerate(warcs, 1)]
    for job, result in zip(jobs, ordered_map(read_warc_job, jobs, workers=settings.workers), strict=True):
        warc.update(result.counts)
        problems.extend(result.problems)
        for chunk in _chunks(result.files, 8):  # a few batch files per load transaction: bounded memory
            with writer(settings.db_path, timeout=settings.lock_timeout) as con:
                loaded = wh.load_landing(con, chunk)
            problems.extend(loaded.pop("errors", []))
            load_stats.update({k: v for k, v in loaded.items() if isinstance(v, int)})
        log(f"{job.path.name}: {result.counts['html']} HTML pages of {result.counts['records']} records")
    for path in paths:
        if archive_kind(path) != "warc":
            _import_jsonl(settings, path, run_id=run_id, counts=jsonl, skipped=skipped, problems=problems)
            log(f"{path.name}: {jsonl['articles']} articles so far")
    for line in problems:
        log(f"problem: {line}")
    out: dict[str, Any] = {}
    if warc:
        out["warc"] = {**warc, "load": dict(load_stats)}
    if jsonl:
        out["jsonl"] = {**jsonl, "skipped": dict(skipped)}
    out["problems"] = problems
    return out


@dataclass(frozen=True)
class WarcJob:
    """One WARC file to read into landing batch files in `batch_dir` (a worker task)."""

    path: Path
    batch_dir: Path
    run_id: str
    source: str


def read_warc_job(job: WarcJob) -> Any:
    """Read one WARC file into landing files (in a worker process); returns spiders.archives.ArchiveResult."""
    from spiders.archives import import_warc

    return import_warc(job.path, job.batch_dir, run_id=job.run_id, source=job.source)


def _import_jsonl(settings: Settings, path: Path, *, run_id: str, counts: Counter[str], skipped: Counter[str],
                  problems: list[str]) -> None:
    """One JSON Lines file → articles, BATCH lines per short locked transaction."""
    from transforms.dedupe import DuplicateIndex
    from transforms.imported import IMPORTER_VERSION, article_from_record
    from warehouse import load as wh
    from warehouse.db import writer

    index = seed_index(settings, DuplicateIndex())
    for batch in _chunks(_lines(path, counts, problems), BATCH):
        results = [article_from_record(obj, f"{path}:{offset}") for offset, obj in batch]
        offsets = {r.id: offset for r, (offset, _) in zip(results, batch, strict=True)}
        articles, skips, moved = _dedupe(results, index, counts, skipped)
        sha1 = {r.id: hashlib.sha1(r.text.encode()).hexdigest() for r in articles}
        with writer(settings.db_path, timeout=settings.lock_timeout) as con:
            wh.store_clean_results(con, articles, skips, run_id=run_id, cleaner_version=IMPORTER_VERSION,
                                   body_sha1=sha1)
            wh.repoint_duplicates(con, moved)
            wh.mark_imported(con, {a.id: (str(path), offsets[a.id]) for a in articles})
        counts["articles"] += len(articles)
        counts["lines"] += len(batch)


def _lines(path: Path, counts: Counter[str], problems: list[str]) -> Iterator[tuple[int, dict]]:
    """(byte offset, object) per JSON line; a bad line is counted and reported, the rest imported."""
    raw = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")
    with raw as fh:
        offset = 0
        for n, line in enumerate(io.BufferedReader(fh) if isinstance(fh, gzip.GzipFile) else fh, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                obj = None
            if not isinstance(obj, dict):
                counts["bad_lines"] += 1
                problems.append(f"{path.name}:{n}: not a JSON object, skipped")
                continue
            yield start, obj


def _chunks(items: Any, size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
