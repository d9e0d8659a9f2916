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

# Prefect waits 20 s by default; its first start on a fresh PREFECT_HOME migrates the server database,
# which took 29 s on a 2-core machine. Wait longer than that, and say why the command is quiet.
STARTUP_TIMEOUT_S = 120


class PrefectServerError(RuntimeError):
    """Prefect's temporary server did not come up: a one-line error for the CLI."""


def guard_temporary_server() -> int | None:
    """Start Prefect's temporary server now and watch it; returns its pid (None when an API is set)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    )

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    from prefect.server.api.server import SubprocessASGIServer

    timeout = max(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value(), STARTUP_TIMEOUT_S)
    server = SubprocessASGIServer()
    try:
        server.start(timeout=timeout)
    except RuntimeError as exc:
        raise PrefectServerError(
            f"Prefect's temporary server did not start within {timeout} s ({exc}); set PREFECT_API_URL "
            "to a running `prefect server start`, or PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
        ) from None
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
