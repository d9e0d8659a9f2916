"""Flow run names that say what a run does (`ingest-2026-12-01T06:00Z`, `backfill-2024-01..2024-06`),
given to Prefect as `flow_run_name` callables instead of its random adjective-animal names.

The `*_name` functions are pure (parameters and a time in, a name out); the zero-argument
`*_run_name` wrappers read them from `prefect.runtime` inside the flow run.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime
from typing import Any


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def window_label(since: Any, until: Any) -> str:
    """`2024-01..2024-06` for whole months, `2024-01-03..2024-02-10` otherwise; open ends as `start`/`now`."""
    start, end = _day(since), _day(until)
    whole = (start is None or start.day == 1) and (
        end is None or end.day == monthrange(end.year, end.month)[1]
    )
    fmt = "%Y-%m" if whole and (start or end) else "%Y-%m-%d"
    return f"{start.strftime(fmt) if start else 'start'}..{end.strftime(fmt) if end else 'now'}"


def ingest_name(when: datetime) -> str:
    """`ingest-2026-12-01T06:00Z`: the run's scheduled (or start) time in UTC, to the minute."""
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return f"ingest-{when:%Y-%m-%dT%H:%MZ}"


def backfill_name(params: dict[str, Any]) -> str:
    """`backfill-2024-01..2024-06` (plus `-weekly` for week chunks and the sources when named)."""
    name = "backfill-" + window_label(params.get("since"), params.get("until"))
    if params.get("chunk") == "week":
        name += "-weekly"
    return name + _sources_suffix(params)


def reprocess_name(params: dict[str, Any], when: datetime) -> str:
    """`reprocess-2024-01..2024-06`, or `reprocess-all-2026-12-01T06:00Z` without a window."""
    if params.get("since") or params.get("until"):
        return "reprocess-" + window_label(params.get("since"), params.get("until"))
    return "reprocess-all-" + ingest_name(when).removeprefix("ingest-")


def _sources_suffix(params: dict[str, Any]) -> str:
    sources = params.get("sources") or []
    return ("-" + "+".join(sorted(sources))) if sources and len(sources) <= 3 else ""


def _runtime() -> tuple[dict[str, Any], datetime]:
    from prefect.runtime import flow_run

    when = flow_run.scheduled_start_time or datetime.now(UTC)
    return dict(flow_run.parameters or {}), when


def ingest_run_name() -> str:
    params, when = _runtime()
    return ingest_name(when) + _sources_suffix(params)


def backfill_run_name() -> str:
    return backfill_name(_runtime()[0])


def reprocess_run_name() -> str:
    return reprocess_name(*_runtime())
