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
