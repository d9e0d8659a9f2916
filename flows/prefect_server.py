"""The temporary Prefect server a flow command starts when no PREFECT_API_URL is set, tied to our life.

Prefect starts that server as a child process and stops it at exit, but a kill -9 of the command skips
the exit hooks and leaves the server running. `guard_temporary_server()` starts it up front (Prefect
reuses the same instance for the flow) and a small watchdog (`python -m spiders.lifeline watch`) stops it
once this process is gone.
"""

from __future__ import annotations

import os
import subprocess
import sys


def guard_temporary_server() -> int | None:
    """Start Prefect's temporary server now and watch it; returns its pid (None when an API is set)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    if server.server_process is None:
        return None
    child = server.server_process.pid
    subprocess.Popen(
        [sys.executable, "-m", "spiders.lifeline", "watch", "--parent", str(os.getpid()),
         "--child", str(child)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # outlives a kill of our process group long enough to stop the server
    )  # fmt: skip
    return child
