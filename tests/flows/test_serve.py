"""The deployment definitions: serve_all's RunnerDeployments and prefect.yaml agree on names,
entrypoints, schedules and the work pool (no server needed)."""

from __future__ import annotations

from pathlib import Path

import yaml

from flows.serve import deployments

ROOT = Path(__file__).resolve().parents[2]


def test_serve_builds_three_deployments_with_ingest_every_six_hours_utc() -> None:
    by_name = {d.name.removesuffix("-served"): d for d in deployments()}
    assert set(by_name) == {"ingest", "backfill", "reprocess"}
    assert all(d.name.endswith("-served") for d in by_name.values())  # never prefect.yaml's names
    assert {d.flow_name for d in by_name.values()} == {"ingest", "backfill", "reprocess"}
    (schedule,) = by_name["ingest"].schedules
    assert schedule.schedule.cron == "0 */6 * * *" and schedule.schedule.timezone == "UTC"
    assert not by_name["backfill"].schedules and not by_name["reprocess"].schedules
    assert by_name["ingest"].entrypoint == "flows/ingest.py:ingest"
    assert by_name["ingest"].concurrency_limit == 1


def test_prefect_yaml_deploys_the_same_flows_on_the_process_pool() -> None:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert not config.get("build") and not config.get("push")
    (pull,) = config["pull"]
    assert "prefect.deployments.steps.set_working_directory" in pull
    by_name = {d["name"]: d for d in config["deployments"]}
    assert set(by_name) == {"ingest", "backfill", "reprocess"}
    for name, d in by_name.items():
        assert d["entrypoint"] == f"flows/{name}.py:{name}"
        assert d["work_pool"]["name"] == "autofacts-pool"
        module, func = d["entrypoint"].split(":")
        assert (ROOT / module).is_file()
    (cron,) = by_name["ingest"]["schedules"]
    assert cron["cron"] == "0 */6 * * *" and cron["timezone"] == "UTC"
    assert by_name["ingest"]["concurrency_limit"] == 1
    assert by_name["backfill"]["schedules"] == [] and by_name["reprocess"]["schedules"] == []
    assert "since" not in by_name["backfill"]["parameters"]  # required at run time
