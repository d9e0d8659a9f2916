"""Serve the three deployments from one long-running process (no work pool or worker needed).

`autofacts serve` (or `serve_all()`) registers `ingest/ingest-served` (every 6 hours, UTC),
`backfill/backfill-served` and `reprocess/reprocess-served` (run on demand) with the Prefect API and
executes their runs in this process. The work-pool alternative is prefect.yaml (`prefect deploy --all`
+ `prefect worker start`), whose deployments are named like the flows (`ingest/ingest`, …): the
`-served` suffix keeps serving from overwriting them (a served deployment has no pull step and no
work pool, so a worker could no longer run a deployment it had replaced).
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
SUFFIX = "-served"  # never the names prefect.yaml registers


def deployments() -> list[Any]:
    """The three RunnerDeployments: `ingest/ingest-served`, `backfill/backfill-served`, …"""
    return [
        ingest.to_deployment(
            name="ingest" + SUFFIX,
            schedules=[Cron(INGEST_CRON, timezone=TIMEZONE)],
            concurrency_limit=1,  # a slow ingest makes the next scheduled one wait, never overlap
            tags=TAGS,
            description=(
                "Incremental crawl of the enabled sources since the last successful ingest, every 6 hours."
            ),
        ),
        backfill.to_deployment(
            name="backfill" + SUFFIX,
            parameters={"sources": None, "chunk": "week"},
            tags=TAGS,
            description="Backfill a past window (since, until) in week or month chunks; resumable.",
        ),
        reprocess.to_deployment(
            name="reprocess" + SUFFIX,
            tags=TAGS,
            description="Re-clean and re-extract stored pages (no crawling).",
        ),
    ]


class ShadowError(RuntimeError):
    """Serving would overwrite a deployment a worker runs (one registered by `prefect deploy`)."""


def worker_deployments_in_the_way(planned: list[Any]) -> list[str]:
    """Names among `planned` that the API already holds as work-pool deployments (never to be replaced)."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    taken: list[str] = []
    with get_client(sync_client=True) as client:
        for d in planned:
            name = f"{d.flow_name}/{d.name}"
            try:
                existing = client.read_deployment_by_name(name)
            except ObjectNotFound:
                continue
            if existing.work_pool_name:
                taken.append(name)
    return taken


def serve_all(limit: int | None = 2) -> None:
    """Serve ingest, backfill and reprocess until interrupted (writers queue on the warehouse lock).

    Refuses (ShadowError) when a served name belongs to a work-pool deployment.
    """
    planned = deployments()
    taken = worker_deployments_in_the_way(planned)
    if taken:
        raise ShadowError(
            f"refusing to serve over work-pool deployment(s) {', '.join(taken)} "
            "registered by `prefect deploy`"
        )
    serve(*planned, limit=limit)


if __name__ == "__main__":
    serve_all()
