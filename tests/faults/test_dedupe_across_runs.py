"""Near-duplicates across runs: a split run, a run killed during clean and re-run, and one uninterrupted
run of the demo site end with the same tables.

Clean batches of two pages make the syndicated copy and its original land in different batches (and,
for the split run, in different runs), so only the sketches kept in the warehouse and the
earliest-copy-wins rule can make the three agree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from flows import steps
from flows.settings import load_settings
from tests.flows.helpers import warehouse_tables

pytestmark = pytest.mark.slow

SPLIT = date(2023, 10, 26)  # the original is published on this day, its syndicated copy the next
def _env(root: Path, demo_url: str) -> dict[str, str]:
    return {**os.environ, "AUTOFACTS_DATA": str(root), "AUTOFACTS_DEMO_URL": demo_url,
            "AUTOFACTS_CLEAN_BATCH": "2"}


def _kill_during_clean(env: dict[str, str]) -> None:
    """`autofacts run` in a subprocess, killed with SIGKILL once it reports its first cleaned batch."""
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--source", "demo", "-v"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("cleaned "):
                proc.kill()
                break
        else:
            pytest.fail("the run ended before it reported a cleaned batch")
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory):
    from spiders.demo_site import start

    server, base_url = start(port=0)
    roots = {k: tmp_path_factory.mktemp(k) for k in ("whole", "split", "killed")}
    try:
        whole = load_settings(_env(roots["whole"], base_url))
        steps.run_pipeline(whole, ["demo"])
        split = load_settings(_env(roots["split"], base_url))
        steps.run_pipeline(split, ["demo"], until=SPLIT)
        steps.run_pipeline(split, ["demo"])
        killed = load_settings(_env(roots["killed"], base_url))
        _kill_during_clean(_env(roots["killed"], base_url))
        halfway = warehouse_tables(killed.db_path)
        steps.run_pipeline(killed, ["demo"])
    finally:
        server.shutdown()
    tables = [warehouse_tables(s.db_path) for s in (whole, split, killed)]
    return (*tables, halfway)


def test_the_kill_landed_during_clean(three_runs) -> None:
    whole, _, _, halfway = three_runs
    assert halfway["pages"] == whole["pages"]
    assert 0 < len(halfway["articles"]) + len(halfway["skipped_pages"]) < len(whole["pages"])
    assert not halfway["partnership_mentions"]


def test_the_copy_points_to_the_earlier_original(three_runs) -> None:
    whole = three_runs[0]
    dups = {r for r in whole["skipped_pages"] if any(str(c).startswith("duplicate_of:") for c in r)}
    assert dups, "the demo site's syndicated copy was not found"


@pytest.mark.parametrize("name", ["split", "killed"])
def test_every_table_matches_the_uninterrupted_run(three_runs, name) -> None:
    whole, split, killed, _ = three_runs
    other = {"split": split, "killed": killed}[name]
    assert set(other) == set(whole)
    for table in whole:
        assert other[table] == whole[table], (table, other[table] ^ whole[table])
