"""Which Prefect task runner the flows run on, from settings: this machine, or a Dask cluster.

`process` (the default) keeps Prefect's thread pool for the flow's own tasks and runs clean and extract
batches in this machine's process pool (flows/pool.py). `dask` gives the flows prefect-dask's
DaskTaskRunner: on the cluster at AUTOFACTS_DASK_ADDRESS, or on a local cluster of AUTOFACTS_WORKERS
single-threaded worker processes started for the flow run; clean and extract batches then become Prefect
tasks that run on the Dask workers (flows/tasks.py:batch_mapper), while every warehouse write stays in
the flow's own process.
"""

from __future__ import annotations

from typing import Any

from flows.settings import Settings


def task_runner(settings: Settings) -> Any:
    """The Prefect task runner for AUTOFACTS_TASK_RUNNER (and AUTOFACTS_DASK_ADDRESS, AUTOFACTS_WORKERS)."""
    if settings.task_runner != "dask":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:  # the optional extra is not installed
        from flows.settings import SettingsError

        raise SettingsError(
            "AUTOFACTS_TASK_RUNNER=dask needs prefect-dask: pip install 'autofacts[dask]'"
        ) from exc
    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": settings.workers, "threads_per_worker": 1, "processes": True,
                        "dashboard_address": None},
    )


def is_dask(runner: Any) -> bool:
    """True for prefect-dask's DaskTaskRunner (without importing prefect-dask when it is absent)."""
    return type(runner).__module__.startswith("prefect_dask")
