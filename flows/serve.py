"""Serve the three deployments from one long-running process (no work pool or worker needed).

`python -m flows.serve` (or `serve_all()`) registers ingest (every 6 hours, UTC), backfill and
reprocess (run on demand) with the Prefect API and executes their runs in this process. The
work-pool alternative is prefect.yaml (`prefect deploy --all` + `prefect worker start`).
"""

from __future__ import annotations

from typing import Any

from prefect import serve
from prefect.schedules import Cron

from flows.backfill import backfill
from flows.ingest import ingest
from flows.reprocess import reprocess

INGEST_CRON = "0 */6 * * *"
TIMEZONE = "UTC"
TAGS = ["autofacts"]


def deployments() -> list[Any]:
    """The three RunnerDeployments, named like the flows (so `ingest/ingest`, `backfill/backfill`, …)."""
    return [
        ingest.to_deployment(
            name="ingest",
            schedules=[Cron(INGEST_CRON, timezone=TIMEZONE)],
            concurrency_limit=1,  # a slow ingest makes the next scheduled one wait, never overlap
            tags=TAGS,
            description=(
                "Incremental crawl of the enabled sources since the last successful ingest, every 6 hours."
            ),
        ),
        backfill.to_deployment(
            name="backfill",
            parameters={"sources": None, "chunk": "week"},
            tags=TAGS,
            description="Backfill a past window (since, until) in week or month chunks; resumable.",
        ),
        reprocess.to_deployment(
            name="reprocess",
            tags=TAGS,
            description="Re-clean and re-extract stored pages (no crawling).",
        ),
    ]


def serve_all(limit: int | None = 2) -> None:
    """Serve ingest, backfill and reprocess until interrupted (writers queue on the warehouse lock)."""
    serve(*deployments(), limit=limit)


if __name__ == "__main__":
    serve_all()
