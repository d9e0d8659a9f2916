"""The worker pool: results in item order from several processes, a bounded number of items ahead, and
no worker left behind when the process it works for is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.pool import IN_FLIGHT_PER_WORKER, ordered_map

REPO_ROOT = Path(__file__).resolve().parents[2]


def _slow_square(x: int) -> tuple[int, int]:
    time.sleep(0.05 * (x % 3))  # finish out of order
    return x * x, os.getpid()


def test_results_come_in_item_order_from_several_processes():
    out = list(ordered_map(_slow_square, range(12), workers=2))
    assert [r for r, _ in out] == [x * x for x in range(12)]
    pids = {pid for _, pid in out}
    assert os.getpid() not in pids and len(pids) == 2


def test_one_worker_runs_in_this_process_and_items_are_pulled_lazily():
    assert [pid for _, pid in ordered_map(_slow_square, range(3), workers=1)] == [os.getpid()] * 3
    pulled: list[int] = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    results = ordered_map(_slow_square, items(), workers=2)
    next(results)
    assert len(pulled) <= 2 * IN_FLIGHT_PER_WORKER + 1  # bounded read-ahead: memory flat in the work


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_process_they_work_for_is_killed():
    script = (
        "import os, sys, time\n"
        "from flows.pool import ordered_map\n"
        "from tests.flows.test_pool import _slow_square\n"
        "pids = {pid for _, pid in ordered_map(_slow_square, range(8), workers=2)}\n"
        "print(' '.join(map(str, pids)), flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    try:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "pool workers outlived the killed process"
    finally:
        if proc.poll() is None:
            proc.kill()
