"""Per-source outcomes of a crawl run: judged from the crawl's stats, recorded in `source_runs`,
shown as one line per source, and turned into the run's honest final status.

A source *failed* when none of its sitemaps/feeds could be read (unreachable, robots_denied,
bot_wall) or when more than half of the pages requested from it failed; a run with a failed source
is `partial` (some sources ok) or `failed` (all failed), never `completed`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flows.settings import Settings

FAILED_DISCOVERY = ("unreachable", "robots_denied", "bot_wall")
MOST = 0.5  # share of failed fetches above which a source's run failed


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def judge(stats: dict[str, Any]) -> tuple[str, str | None]:
    """("ok", None) or ("failed", one-line reason) for one source's crawl stats."""
    discovery = stats.get("discovery") or "ok"
    if discovery in FAILED_DISCOVERY:
        why = _reasons(stats.get("discovery_failed_by") or {}) or "no document read"
        return "failed", f"{discovery}: {why}"
    failed = stats.get("failed") or {}
    n_failed = sum(failed.values())
    attempts = int(stats.get("fetched", 0)) + int(stats.get("not_modified", 0)) + n_failed
    if attempts and n_failed > MOST * attempts:
        return "failed", f"most fetches failed ({n_failed}/{attempts}): {_reasons(failed)}"
    return "ok", None


def outcome_rows(
    crawl: dict[str, Any],
    *,
    run_id: str,
    kind: str,
    since: date | dict[str, date | None] | None,
    until: date | None,
    added: dict[str, dict[str, int]],
) -> list[dict[str, Any]]:
    """One source_runs row per source of the crawl's stats.json (`crawl["sources"]`)."""
    rows = []
    for name, s in sorted((crawl.get("sources") or {}).items()):
        status, reason = judge(s)
        start = since.get(name) if isinstance(since, dict) else since
        failed = dict(s.get("failed") or {})
        rows.append({
            "run_id": run_id, "source": name, "kind": kind, "window_start": start, "window_end": until,
            "status": status, "reason": reason, "discovery": s.get("discovery") or "ok",
            "discovery_documents": int(s.get("discovery_ok", 0)),
            "discovery_failed": dict(s.get("discovery_failed_by") or {}),
            "discovered": int(s.get("discovered", 0)), "in_window": int(s.get("in_window", 0)),
            "requested": int(s.get("requested", 0)), "fetched": int(s.get("fetched", 0)),
            "not_modified": int(s.get("not_modified", 0)), "unchanged": int(s.get("unchanged", 0)),
            "failed": sum(failed.values()), "failed_by_reason": failed,
            **{k: 0 for k in ("articles", "partnerships", "sales")},
            **added.get(name, {}),
        })
    return rows


def record(
    settings: Settings,
    crawl: dict[str, Any],
    *,
    run_id: str,
    kind: str,
    since: date | dict[str, date | None] | None,
    until: date | None,
) -> list[dict[str, Any]]:
    """Judge every source of the run, write its source_runs row, return the rows (for stats/reports)."""
    from warehouse.coverage import added_by_source, record_source_runs
    from warehouse.db import writer

    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        rows = outcome_rows(crawl, run_id=run_id, kind=kind, since=since, until=until,
                            added=added_by_source(con, run_id))
        record_source_runs(con, rows)
    return [_plain(r) for r in rows]


def run_status(rows: list[dict[str, Any]]) -> str:
    """completed (every source ok), partial (some failed) or failed (all failed)."""
    failed = [r for r in rows if r["status"] != "ok"]
    if not failed:
        return "completed"
    return "failed" if len(failed) == len(rows) else "partial"


def failure_message(rows: list[dict[str, Any]]) -> str:
    """The failed sources and why, one line: `demo: unreachable: connection_error 2; …`."""
    return "; ".join(f"{r['source']}: {r['reason']}" for r in rows if r["status"] != "ok")


def summary_lines(rows: list[dict[str, Any]]) -> list[str]:
    """One line per source for the CLI: outcome, discovery, URL counts, failures by reason, additions."""
    lines = []
    for r in rows:
        failed = r.get("failed_by_reason") or {}
        text = (
            f"{r['source']}: {r['status'].upper()} discovery={r['discovery']} discovered={r['discovered']} "
            f"in_window={r['in_window']} requested={r['requested']} fetched={r['fetched']} "
            f"not_modified={r['not_modified']} failed={r['failed']}"
            + (f" ({_reasons(failed)})" if failed else "")
            + f" articles={r['articles']} facts={int(r['partnerships']) + int(r['sales'])}"
        )
        if r.get("reason"):
            text += f" — {r['reason']}"
        lines.append(text)
    return lines


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items() if k != "recorded_at"}


DEFAULT_LOOKBACK_DAYS = 30  # a source never ingested before starts this many days back


def ingest_since(
    settings: Settings, sources: list[str] | None, lookback_days: int = 1
) -> dict[str, date]:
    """Where `ingest` starts each selected source: `lookback_days` before the source's own watermark
    (warehouse.coverage.watermarks), or DEFAULT_LOOKBACK_DAYS before today for a new source."""
    from datetime import UTC, datetime, timedelta

    from spiders.sources import select_sources
    from warehouse.coverage import watermarks
    from warehouse.db import writer

    names = [s.name for s in select_sources(sources, settings.demo_url)]
    with writer(settings.db_path, timeout=settings.lock_timeout) as con:
        marks = watermarks(con, names)
    today = datetime.now(UTC).date()
    new = today - timedelta(days=DEFAULT_LOOKBACK_DAYS)
    return {n: min(m - timedelta(days=lookback_days), today) if m else new for n, m in marks.items()}


SUMMED = ("requested", "fetched", "not_modified", "unchanged", "failed", "articles", "partnerships", "sales")
PEAK = ("discovery_documents", "discovered", "in_window")


def merge_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Several runs' rows (a backfill's discovery and fetch groups) as one row per source: fetch
    counts summed, discovery counts at their largest, failed (with every reason) if any run failed."""
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        m = merged.setdefault(r["source"], {"source": r["source"], "status": "ok", "discovery": "ok",
                                            "reason": None, "failed_by_reason": {},
                                            **{k: 0 for k in (*SUMMED, *PEAK)}})
        for k in SUMMED:
            m[k] += int(r.get(k) or 0)
        for k in PEAK:
            m[k] = max(m[k], int(r.get(k) or 0))
        for reason, n in (r.get("failed_by_reason") or {}).items():
            m["failed_by_reason"][reason] = m["failed_by_reason"].get(reason, 0) + n
        if r.get("discovery") not in (None, "ok"):
            m["discovery"] = r["discovery"]
        if r.get("status") != "ok":
            m["status"] = "failed"
            m["reason"] = "; ".join(x for x in (m["reason"], r.get("reason")) if x)
    return [merged[k] for k in sorted(merged)]
