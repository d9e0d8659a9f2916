"""prefect.yaml against a real Prefect server: `prefect deploy --all` onto a process work pool, then
`autofacts serve` on the same server (its own `-served` deployments, one backfill run through it),
then a process worker started from the project root, and a backfill run of the demo source end to end
through the worker deployment, which serving must have left intact.

Slow (a server, a worker, a flow-run subprocess and a Scrapy subprocess); everything runs in a
temporary PREFECT_HOME and a temporary warehouse, from a copy of the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.flows.helpers import demo_articles_in, demo_window, table_rows

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")
PROCESSED = "SELECT url FROM articles UNION SELECT url FROM skipped_pages"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"prefect server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server not healthy after {timeout}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen, interrupts: int = 1, timeout: float = 30) -> None:
    """SIGINT (twice for a worker: the first starts a graceful shutdown), then terminate as a fallback."""
    if proc.poll() is not None:
        return
    for _ in range(interrupts):
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=timeout / interrupts)
            return
        except subprocess.TimeoutExpired:
            continue
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """`prefect server start` on a free port with its own PREFECT_HOME; yields the client env."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AUTOFACTS_"))}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_CLI_PROMPT="false",
        PREFECT_UI_ENABLED="false",
    )
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_healthy(env["PREFECT_API_URL"], proc, log)
        yield env
    finally:
        _stop(proc, interrupts=1)


def _run(args: list[str], env: dict, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _wait_for_deployment(name: str, env: dict, cwd: Path, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"autofacts serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        done = subprocess.run([PREFECT, "deployment", "inspect", name], env=env, cwd=cwd,
                              capture_output=True, text=True, timeout=60)
        if done.returncode == 0:
            return
        time.sleep(1)
    pytest.fail(f"{name} not registered by autofacts serve:\n{log.read_text()[-3000:]}")


def _backfill(name: str, env: dict, cwd: Path, since, until) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PREFECT, "deployment", "run", name,
         "-p", f"since={since.isoformat()}", "-p", f"until={until.isoformat()}",
         "-p", f"sources={json.dumps(['demo'])}", "-p", "chunk=month",
         "--watch", "--watch-timeout", "300"],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=360,
    )


def test_deploy_all_then_serve_then_run_backfill_on_a_process_worker(
    prefect_server, demo_url, tmp_path
) -> None:
    env = dict(prefect_server)
    project = tmp_path / "autofacts"
    skip = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".*_cache")

    def ignore(folder: str, names: list[str]) -> set[str]:  # the local warehouse (./data) stays behind
        return set(skip(folder, names)) | ({"data"} if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, project, ignore=ignore)
    _run([PREFECT, "work-pool", "create", "autofacts-pool", "--type", "process"], env, project)
    # $PWD in prefect.yaml's pull step is resolved at deploy time: the directory deployed from.
    deployed = _run([PREFECT, "--no-prompt", "deploy", "--all"], {**env, "PWD": str(project)}, project)
    for name in ("ingest/ingest", "backfill/backfill", "reprocess/reprocess"):
        assert name in deployed.stdout, deployed.stdout
    inspect = [PREFECT, "deployment", "inspect", "backfill/backfill", "--output", "json"]
    inspected = _run(inspect, env, project)
    (pull,) = json.loads(inspected.stdout)["pull_steps"]
    assert pull["prefect.deployments.steps.set_working_directory"]["directory"] == str(project)

    data = tmp_path / "data"
    worker_env = {**env, "PWD": str(project), "AUTOFACTS_DATA": str(data),
                  "AUTOFACTS_DB": str(data / "autofacts.duckdb"), "AUTOFACTS_DEMO_URL": demo_url}

    # Serve mode on the same server: its own names, one backfill run through it, then stopped.
    serve_log = tmp_path / "serve.log"
    with serve_log.open("wb") as out:
        served = subprocess.Popen(
            [str(BIN / "autofacts"), "serve"],
            env=worker_env, cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_for_deployment("backfill/backfill-served", env, project, served, serve_log)
        since, until = demo_window(demo_url, months=1)
        run = _backfill("backfill/backfill-served", env, project, since, until)
    finally:
        _stop(served, interrupts=2)
    logs = serve_log.read_text(errors="replace")
    assert run.returncode == 0 and "Completed" in run.stdout, f"{run.stdout}\n{run.stderr}\n{logs[-4000:]}"
    listed = _run([PREFECT, "deployment", "ls"], env, project).stdout
    for name in ("ingest/ingest-served", "backfill/backfill-served", "reprocess/reprocess-served"):
        assert name in listed, listed
    # ... and the worker deployment it must not have replaced still has its pull step and pool.
    again = json.loads(_run(inspect, env, project).stdout)
    assert again["work_pool_name"] == "autofacts-pool"
    (pull,) = again["pull_steps"]
    assert pull["prefect.deployments.steps.set_working_directory"]["directory"] == str(project)

    worker_log = tmp_path / "worker.log"
    with worker_log.open("wb") as out:
        worker = subprocess.Popen(
            [PREFECT, "worker", "start", "--pool", "autofacts-pool", "--type", "process"],
            env=worker_env, cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        since, until = demo_window(demo_url, months=3)  # three month chunks: quick, still chunked
        run = _backfill("backfill/backfill", env, project, since, until)
    finally:
        _stop(worker, interrupts=2)
    logs = worker_log.read_text(errors="replace")
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}\n--- worker log ---\n{logs[-4000:]}"
    assert "Completed" in run.stdout, run.stdout

    from flows.settings import load_settings

    settings = load_settings({"AUTOFACTS_DATA": str(data), "AUTOFACTS_DB": str(data / "autofacts.duckdb")})
    expected = demo_articles_in(demo_url, since, until)
    stored = {u for (u,) in table_rows(settings, "SELECT url FROM pages")}
    processed = {u for (u,) in table_rows(settings, PROCESSED)}
    assert expected and expected <= stored, expected - stored
    assert expected <= processed, expected - processed
    assert {u for (u,) in table_rows(settings, "SELECT url FROM articles")} & expected
    assert settings.snapshot_path.exists()
