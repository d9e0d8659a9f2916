"""Nothing left behind (issue 10, item 6): a crawl child dies with its parent, a run whose process is
gone is marked `died`, and a killed flow command stops the temporary Prefect server it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from spiders.lifeline import ProcessId, process_alive, this_process
from tests.mockserver import FAST, MockServer

REPO_ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int, needle: str) -> list[int]:
    """Live processes whose parent is `pid` and whose command line contains `needle`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        if int(stat[1]) == pid and needle in cmdline and stat[0] not in "ZX":
            found.append(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_crawl_child_dies_within_seconds_of_a_kill_9_of_its_parent(tmp_path):
    with MockServer("faults") as site:
        overrides = {**FAST, "DOWNLOAD_DELAY": 0.1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                     "AUTOFACTS_MAX_SITEMAP_DEPTH": 0, "AUTOFACTS_MAX_SITEMAP_DOCUMENTS": 0}
        script = textwrap.dedent(f"""
            from spiders.run import run_crawl
            from spiders.sources import Source
            source = Source(name="endless", sitemaps=({site.url("/fault/sitemap-tree/r.xml")!r},),
                            allowed_domains=("127.0.0.1",), article_patterns=("^/news/",))
            run_crawl([source], {str(tmp_path)!r}, overrides={overrides!r}, timeout=None)
        """)
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, env=env)
        try:
            assert _wait_for(lambda: len(site.request_log()) > 5, 60), "the crawl never started"
            [child] = _children(parent.pid, "spiders.crawl")
            parent.send_signal(signal.SIGKILL)
            parent.wait()
            assert _wait_for(lambda: _gone(child), 10), "the crawl outlived its parent"
            settled = len(site.request_log())
            time.sleep(1)
            assert len(site.request_log()) == settled  # and nobody crawls on in its name
        finally:
            if parent.poll() is None:
                parent.kill()


def test_process_alive_tells_running_gone_and_reused_pids():
    me = this_process()
    assert process_alive(me) is True
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert process_alive(ProcessId(dead.pid, me.host, None)) is False
    if me.started is not None:
        assert process_alive(ProcessId(me.pid, me.host, me.started + 1)) is False  # a reused pid
    assert process_alive(ProcessId(me.pid, "another-host.invalid", me.started)) is None


def test_a_run_whose_process_is_gone_is_marked_died_when_the_next_run_starts(tmp_path):
    from flows import steps
    from flows.settings import load_settings
    from warehouse.db import connect

    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "AUTOFACTS_DATA": str(tmp_path)}
    settings = load_settings(env)
    script = "from flows import steps; from flows.settings import load_settings; " \
             "steps.start_run(load_settings(), 'run-gone', 'ingest', {})"
    subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, check=True)  # exits unfinished
    steps.start_run(settings, "run-alive", "ingest", {})
    steps.start_run(settings, "run-next", "ingest", {})  # finds run-gone dead, run-alive still going
    con = connect(settings.db_path, read_only=True)
    try:
        rows = {r[0]: r[1:] for r in con.execute(
            "SELECT run_id, status, died_found_at IS NOT NULL, finished_at, pid FROM runs").fetchall()}
    finally:
        con.close()
    assert rows["run-gone"][:3] == ("died", True, None)
    assert rows["run-alive"][:2] == ("running", False) and rows["run-alive"][3] == os.getpid()
    assert rows["run-next"][:2] == ("running", False)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_backfill_stops_the_temporary_prefect_server_it_started(tmp_path):
    from spiders.demo_site import start

    server, base_url = start(port=0)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PYTHONPATH": str(REPO_ROOT), "AUTOFACTS_DATA": str(tmp_path / "data"),
                "AUTOFACTS_DEMO_URL": base_url, "PREFECT_HOME": str(tmp_path / "prefect"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    cli = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "backfill", "--source", "demo", "--since", "2016-01-01",
         "--until", "2025-12-31", "--chunk", "week"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: _children(cli.pid, "spiders.lifeline watch"), 180), "no watchdog started"
        [prefect_server] = _children(cli.pid, "uvicorn")
        cli.send_signal(signal.SIGKILL)
        cli.wait()
        assert _wait_for(lambda: _gone(prefect_server), 30), "Prefect's temporary server outlived backfill"
    finally:
        if cli.poll() is None:
            cli.kill()
        server.shutdown()
