"""The pipeline's steps as plain functions: crawl → load → clean → extract → publish.

No Prefect here: the CLI calls these directly and the Prefect flows wrap them as tasks (retries,
timeouts, logging, artifacts). Each step opens the warehouse only for short, file-locked write
transactions, so two flows never write at once and analysts are never locked out for long.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flows.console import ProgressLine
from flows.pool import Mapper, process_mapper
from flows.settings import Settings

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@contextmanager
def timed(stages: list[dict[str, Any]], stage: str) -> Iterator[None]:
    """Append {"stage", "started" (epoch seconds), "seconds"} for the block to `stages` (a run's stats),
    so a run says where its time went and a benchmark can match its samples to stages."""
    started, t0 = time.time(), time.perf_counter()
    try:
        yield
    finally:
        stages.append({"stage": stage, "started": round(started, 3),
                       "seconds": round(time.perf_counter() - t0, 3)})


def new_run_id(kind: str) -> str:
    """A sortable, unique run id such as `ingest-20260124T101500Z-3f2a9c`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{kind}-{stamp}-{uuid.uuid4().hex[:6]}"


def validate_window(since: date | None, until: date | None) -> None:
    """Reject a date window that cannot mean anything, with a one-line message."""
    if since and until and since > until:
        raise ValueError(f"since {since.isoformat()} is after until {until.isoformat()}")
    today = datetime.now(UTC).date()
    if since and since > today:
        raise ValueError(f"since {since.isoformat()} is in the future")


def start_run(settings: Settings, run_id: str, kind: str, params: dict[str, Any]) -> None:
    """Record the run as running with this process, after marking runs whose process is gone `died`."""
    from spiders.lifeline import this_process
    from warehouse import load as wh
    from warehouse.db import writer

    me = this_process()
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        mark_dead_runs(con)
        wh.start_run(con, run_id, kind, params, process=(me.pid, me.host, me.started))


def mark_dead_runs(con: Any) -> list[str]:
    """Runs marked running whose process is gone (on this host) become `died`; returns their ids.

    A run recorded on another host, or before processes were recorded, is left as it is: nothing here
    can tell whether it still runs.
    """
    from spiders.lifeline import ProcessId, process_alive
    from warehouse import load as wh

    dead = [run_id for run_id, pid, host, started in wh.running_runs(con)
            if process_alive(ProcessId(pid, host, started)) is False]
    wh.mark_died(con, dead, datetime.now(UTC))
    return dead


def finish_run(settings: Settings, run_id: str, status: str, stats: dict[str, Any]) -> None:
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        wh.finish_run(con, run_id, status, stats)


def last_success(settings: Settings, kind: str = "ingest") -> datetime | None:
    """When the last successful run of `kind` started (None on a fresh warehouse)."""
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        return wh.last_success(con, kind)


def crawl(
    settings: Settings,
    sources: list[str] | None,
    *,
    run_id: str,
    since: date | None = None,
    until: date | None = None,
    log: Log | None = None,
    overrides: dict[str, Any] | None = None,
):
    """Fetch the sources into landing files (Scrapy in a subprocess); returns spiders.run.CrawlResult."""
    from spiders.run import run_crawl
    from spiders.sources import select_sources
    from warehouse import load as wh
    from warehouse.db import writer

    chosen = select_sources(sources, settings.demo_url)
    known = settings.landing_dir / run_id / "known_pages.parquet"
    known.parent.mkdir(parents=True, exist_ok=True)
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        wh.export_known_pages(con, known, [s.name for s in chosen])
    result = run_crawl(
        chosen,
        settings.landing_dir,
        since=since,
        until=until,
        known_pages=known,
        run_id=run_id,
        overrides=overrides,
        log=log,
    )
    if log is not None:  # Scrapy's own "Crawled N pages" lines move the bar every LOGSTATS_INTERVAL
        n = int(result.stats.get("requested") or 0)
        log(ProgressLine(f"crawled {n} pages", "crawl pages", n, n))
    return result


def pending_landing_files(settings: Settings) -> list[Path]:
    """Every landing batch file on disk (loading is idempotent, so re-offering old ones is safe);
    folders starting with `_` (the quarantine) are not offered."""
    files = settings.landing_dir.glob("*/pages-*.parquet")
    return sorted(p for p in files if not p.parent.name.startswith("_"))


def load(settings: Settings, files: list[Path], *, run_id: str) -> dict[str, Any]:
    """Landing files → `fetches` and `pages`, set-based and idempotent.

    A file that does not match the landing schema is moved to `<landing>/_quarantine/` and recorded in
    `quarantined_files`; the rest load. `quarantined` in the result lists them (path, reason).
    """
    from warehouse import load as wh
    from warehouse.db import writer
    from warehouse.quarantine import quarantine

    if not files:
        return {}
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        counts = wh.load_landing(con, files)
        moved = quarantine(con, settings.landing_dir, counts.pop("rejected", []), run_id=run_id)
    counts["quarantined"] = [{"file": m.original_path, "moved_to": m.path, "reason": m.reason} for m in moved]
    return counts


def clean(
    settings: Settings,
    *,
    run_id: str,
    since: date | None = None,
    until: date | None = None,
    all_pages: bool = False,
    log: Log | None = None,
    mapper: Mapper | None = None,
) -> dict[str, Any]:
    """Stored pages not yet cleaned by this cleaner version → articles or skipped pages.

    The pending pages are listed once (no bodies read) into a work file; workers (`mapper`: the local
    process pool by default, Dask workers in a flow that runs on Dask) clean them batch by batch, each
    reading its bodies from the landing file they sit in; this process deduplicates and stores each
    batch in a short locked transaction as it comes back. Pages stored before bodies stayed in landing
    files are cleaned last, from their pages.body exported in one pass; a page whose landing file was
    removed has no body left and stays pending (counted in `bodies_unavailable`).
    """
    from flows import work
    from transforms.clean import CLEANER_VERSION
    from transforms.dedupe import DuplicateIndex
    from warehouse import load as wh
    from warehouse.db import writer

    log = log or _quiet
    mapper = mapper or process_mapper(settings.workers)
    counts: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    with _work_folder(settings, run_id, "clean") as folder:
        pending = folder / "pages.parquet"
        with writer(settings.db_path, timeout=settings.lock_timeout) as con:
            n = wh.export_pages_to_clean(con, CLEANER_VERSION, pending, since=since, until=until,
                                         all_pages=all_pages)
        if not n:
            return {**counts, "skipped": {}}
        log(ProgressLine(f"cleaning {n} pages in {settings.workers} worker(s)", "clean pages", 0, n))
        index = seed_index(settings, DuplicateIndex())
        elsewhere: list[str] = []  # pages to clean from the warehouse's copy of their body
        batches = _clean_batches(pending, settings.clean_batch, elsewhere)
        for done in mapper(work.clean_batch, batches):
            elsewhere += done.missing
            _store_cleaned(settings, done, index, counts, skipped, run_id=run_id, log=log, total=n)
        if elsewhere:
            bodies = folder / "bodies.parquet"
            with writer(settings.db_path, timeout=settings.lock_timeout) as con:
                wh.export_bodies(con, elsewhere, bodies)
            log(f"cleaning {len(elsewhere)} pages from the warehouse's copy of their bodies")
            for done in mapper(work.clean_batch, _clean_batches(bodies, settings.clean_batch, None)):
                counts["bodies_unavailable"] += len(done.missing)
                _store_cleaned(settings, done, index, counts, skipped, run_id=run_id, log=log, total=n)
            if counts["bodies_unavailable"]:
                log(f"{counts['bodies_unavailable']} pages have no body left (their landing files were"
                    " removed): they stay pending until fetched again")
    return {**counts, "skipped": dict(skipped)}


def _clean_batches(path: Path, size: int, elsewhere: list[str] | None) -> Iterator[Any]:
    """CleanBatches from a pending list (rows name a landing file) or from exported bodies (rows are the
    file's own): up to `size` pages of one file each. Pages whose landing file is unknown or gone are
    added to `elsewhere` instead (when given)."""
    import pyarrow.parquet as pq

    from flows.work import CleanBatch, PageRef
    from warehouse.pages import headers_dict

    exported = elsewhere is None
    current: tuple[str, list[PageRef]] = ("", [])
    present: dict[str, bool] = {}
    row = 0
    columns = ["page_id", "url", "headers", "body_sha1"]
    columns += [] if exported else ["landing_path", "landing_row"]
    for batch in pq.ParquetFile(path).iter_batches(batch_size=size * 10, columns=columns):
        for rec in batch.to_pylist():
            if exported:
                where, at = str(path), row
                row += 1
            else:
                where, at = rec["landing_path"], rec["landing_row"]
                if where is None or at is None or not present.setdefault(where, os.path.exists(where)):
                    elsewhere.append(rec["page_id"])  # type: ignore[union-attr]
                    continue
            ref = PageRef(rec["page_id"], rec["url"], headers_dict(rec["headers"]), rec["body_sha1"], at)
            if current[0] != where or len(current[1]) >= size:
                if current[1]:
                    yield CleanBatch(current[0], tuple(current[1]))
                current = (where, [])
            current[1].append(ref)
    if current[1]:
        yield CleanBatch(current[0], tuple(current[1]))


def _store_cleaned(
    settings: Settings, done: Any, index: Any, counts: Counter[str], skipped: Counter[str], *, run_id: str,
    log: Log, total: int,
) -> None:
    """Deduplicate one cleaned batch against the index and store it (one short locked transaction)."""
    from transforms.clean import CLEANER_VERSION
    from transforms.records import Article
    from warehouse import load as wh
    from warehouse.db import writer

    # Earliest publication first, so a syndicated copy points to the original, not the reverse.
    results = sorted(
        done.results,
        key=lambda r: (not isinstance(r, Article) or r.published is None,
                       getattr(r, "published", None) or date.max, r.id),
    )
    articles, skips, moved = _dedupe(results, index, counts, skipped)
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        wh.store_clean_results(
            con, articles, skips, run_id=run_id, cleaner_version=CLEANER_VERSION, body_sha1=done.body_sha1
        )
        wh.repoint_duplicates(con, moved)
    counts["articles"] += len(articles)
    counts["pages"] += len(results)
    log(ProgressLine(f"cleaned {len(results)} pages: {len(articles)} articles, {len(skips)} set aside",
                     "clean pages", counts["pages"] + counts["bodies_unavailable"], total))


@contextmanager
def _work_folder(settings: Settings, run_id: str, stage: str) -> Iterator[Path]:
    """A fresh folder for one stage's work files (under AUTOFACTS_DATA, so Dask workers elsewhere see it),
    removed with the run's folder when the stage ends."""
    folder = settings.work_dir / run_id / f"{stage}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):
            folder.parent.rmdir()  # the run's folder, once no other stage of it holds files there


def seed_index(settings: Settings, index: Any) -> Any:
    """Fill a DuplicateIndex with every stored original (one streamed pass over hashes and sketches).

    Originals stored before sketches were kept get theirs computed from their text once and stored.
    """
    from transforms.dedupe import sketch, sketch_bytes, sketch_from_bytes
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        for rows in wh.articles_without_minhash(con):
            wh.store_minhash(con, {aid: sketch_bytes(sketch(text or "")) for aid, text in rows})
        for aid, content_hash, simhash, published, url, minhash in wh.duplicate_index_seed(con):
            index.add(aid, content_hash, simhash, minhash=sketch_from_bytes(minhash), published=published,
                      url=url)
    return index


def _dedupe(
    results: list[Any], index: Any, counts: Counter[str], skipped: Counter[str]
) -> tuple[list, list, dict[str, str]]:
    """Split cleaning results into articles and skips; a copy of an original ranked before it is a skip.

    An article that outranks originals it copies (published earlier) takes their place: they become
    `duplicate_of` skips here, and the returned {demoted id: new original} map re-points copies already
    stored against them. Shared by the clean step and `autofacts import`, so archives dedupe exactly like
    crawled pages, and the original chosen does not depend on how the work was split into runs.
    """
    from transforms.records import Article, Skip

    articles: dict[str, Article] = {}
    skips: dict[str, Skip] = {}
    moved: dict[str, str] = {}
    for result in results:
        if isinstance(result, Article):
            first = index.check(result)
            for old, new in index.take_demoted():
                moved[old] = new
                articles.pop(old, None)
                skips[old] = Skip(old, index.url_of(old), f"duplicate_of:{new}", "near or exact duplicate")
                counts["duplicates"] += 1
            if first is not None:
                reason = f"duplicate_of:{first}"
                skips[result.id] = Skip(result.id, result.url, reason, "near or exact duplicate")
                counts["duplicates"] += 1
                continue
            articles[result.id] = result
        else:
            skips[result.id] = result
            skipped[result.reason] += 1
    moved = {old: _final(new, moved) for old, new in moved.items()}
    for sid, skip in skips.items():  # copies judged in this batch follow their original's demotion
        target = skip.reason.removeprefix("duplicate_of:")
        if skip.reason.startswith("duplicate_of:") and target in moved:
            skips[sid] = Skip(skip.id, skip.url, f"duplicate_of:{moved[target]}", skip.detail)
    return list(articles.values()), list(skips.values()), moved


def _final(new: str, moved: dict[str, str]) -> str:
    """Follow a chain of demotions (a → b, b → c) to the original standing now."""
    seen = {new}
    while new in moved and moved[new] not in seen:
        new = moved[new]
        seen.add(new)
    return new


EXTRACT_BATCH = 250  # articles per extract batch (one row group of the work file, one worker task)


def extract(
    settings: Settings,
    *,
    run_id: str,
    since: date | None = None,
    until: date | None = None,
    all_articles: bool = False,
    log: Log | None = None,
    mapper: Mapper | None = None,
) -> dict[str, int]:
    """Articles not yet extracted by this extractor version → facts (replacing older versions').

    The pending articles are exported once to a work file; workers (`mapper`) extract a batch each and
    this process stores each batch's facts in a short locked transaction as it comes back.
    """
    import pyarrow.parquet as pq

    from flows import work
    from transforms.companies import COMPANIES_VERSION, load_companies
    from transforms.extract import EXTRACTOR_VERSION
    from warehouse import load as wh
    from warehouse.db import writer

    log = log or _quiet
    mapper = mapper or process_mapper(settings.workers)
    counts: Counter[str] = Counter()
    with _work_folder(settings, run_id, "extract") as folder:
        pending = folder / "articles.parquet"
        with writer(settings.db_path, timeout=settings.lock_timeout) as con:
            wh.sync_companies(con, load_companies().all(), COMPANIES_VERSION)
            n = wh.export_articles_to_extract(con, EXTRACTOR_VERSION, pending, since=since, until=until,
                                              all_articles=all_articles, batch_size=EXTRACT_BATCH)
        if not n:
            return {}
        source = pq.ParquetFile(pending)
        batches = (
            work.ExtractBatch(tuple(source.read_row_group(i).to_pylist()))
            for i in range(source.metadata.num_row_groups)
        )
        for done in mapper(work.extract_batch, batches):
            facts = [f for f, _ in done]
            with writer(settings.db_path, timeout=settings.lock_timeout) as con:
                wh.store_facts(con, facts, run_id=run_id, published={f.id: p for f, p in done})
            counts["articles"] += len(facts)
            counts["partnerships"] += sum(len(f.partnerships) for f in facts)
            counts["sales"] += sum(len(f.sales) for f in facts)
            log(ProgressLine(f"extracted {counts['articles']} of {n} articles", "extract articles",
                             counts["articles"], n))
    return dict(counts)


def publish(settings: Settings) -> Path:
    """Publish the read-only snapshot analysts open."""
    from warehouse.db import publish_snapshot

    return publish_snapshot(settings.db_path, settings.snapshot_path, timeout=settings.lock_timeout)


def run_report(settings: Settings, run_id: str) -> dict[str, Any]:
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        return wh.run_report(con, run_id)


def run_facts(settings: Settings, run_id: str) -> dict[str, Any]:
    """Every fact the run extracted (capped), for the report's table artifact and chart."""
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path) as con:
        return wh.run_facts(con, run_id)


def chunk_status(settings: Settings, backfill_id: str) -> dict[date, str]:
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        return wh.chunk_status(con, backfill_id)


def mark_chunk(
    settings: Settings,
    backfill_id: str,
    start: date,
    end: date,
    sources: list[str],
    status: str,
    run_id: str,
    stats: dict[str, Any],
) -> None:
    from warehouse import load as wh
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        wh.mark_chunk(con, backfill_id, start, end, sources, status, run_id, stats)


def run_pipeline(
    settings: Settings,
    sources: list[str] | None,
    *,
    kind: str = "ingest",
    since: date | None = None,
    until: date | None = None,
    log: Log | None = None,
) -> dict[str, Any]:
    """The whole job in plain Python (no Prefect): crawl, load, clean, extract, publish; each source's
    outcome recorded (flows.outcomes), the run `partial`/`failed` when a source failed."""
    from flows import outcomes

    validate_window(since, until)
    log = log or _quiet
    run_id = new_run_id(kind)
    params = {"sources": sources, "since": _iso(since), "until": _iso(until)}
    start_run(settings, run_id, kind, params)
    stats: dict[str, Any] = {}
    try:
        result = crawl(settings, sources, run_id=run_id, since=since, until=until, log=log)
        stats["crawl"] = result.stats
        stats["load"] = load(settings, result.files, run_id=run_id)
        stats["clean"] = clean(settings, run_id=run_id, log=log)
        stats["extract"] = extract(settings, run_id=run_id, log=log)
        stats["source_outcomes"] = outcomes.record(settings, result.stats, run_id=run_id, kind=kind,
                                                   since=since, until=until)
    except BaseException:
        finish_run(settings, run_id, "failed", stats)
        raise
    status = outcomes.run_status(stats["source_outcomes"])  # partial / failed when a source failed
    if status != "completed":
        stats["error"] = outcomes.failure_message(stats["source_outcomes"])
    finish_run(settings, run_id, status, stats)
    publish(settings)  # after the run row is closed, so the snapshot shows this run finished
    return {"run_id": run_id, "status": status, **stats}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
