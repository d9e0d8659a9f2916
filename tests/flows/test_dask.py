"""A backfill on a real local Dask cluster of two worker processes ends with the same tables as one on the
default runner: clean and extract batches run as Prefect tasks on the Dask workers, every warehouse
write stays in the flow's process."""

from __future__ import annotations

import pytest

from flows.backfill import backfill
from tests.flows.helpers import demo_window, use_warehouse, warehouse_tables

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def _task_run_names(flow_run_id) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return [r.name for r in runs]


def test_a_backfill_on_dask_gives_the_default_runners_tables(demo_url, tmp_path, monkeypatch) -> None:
    from distributed import LocalCluster
    from prefect_dask import DaskTaskRunner

    monkeypatch.setenv("AUTOFACTS_CLEAN_BATCH", "4")  # several batches, so both workers get some
    since, until = demo_window(demo_url, months=12)
    default = use_warehouse(monkeypatch, tmp_path / "default", demo_url)
    state = backfill(since=since, until=until, sources=["demo"], chunk="month", return_state=True)
    assert state.is_completed()
    assert not [n for n in _task_run_names(state.state_details.flow_run_id) if n.startswith("clean-batch")]

    on_dask = use_warehouse(monkeypatch, tmp_path / "dask", demo_url)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        runner = DaskTaskRunner(address=cluster.scheduler_address)
        state = backfill.with_options(task_runner=runner)(
            since=since, until=until, sources=["demo"], chunk="month", return_state=True
        )
        assert state.is_completed()
    names = _task_run_names(state.state_details.flow_run_id)
    assert sum(n.startswith("clean-batch") for n in names) >= 4
    assert any(n.startswith("extract-batch") for n in names)

    expected, got = warehouse_tables(default.db_path), warehouse_tables(on_dask.db_path)
    assert got["articles"] and got["partnership_mentions"] and got["sales_mentions"]
    assert got == expected
