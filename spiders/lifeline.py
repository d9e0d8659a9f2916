"""Processes that must not outlive the one that started them, and telling whether a run's process is alive.

- `die_with_parent(pid)`: called first thing in a child (the Scrapy crawl): Linux's parent-death signal
  (prctl PR_SET_PDEATHSIG → SIGTERM, so Scrapy shuts down and flushes), plus a watchdog thread that
  exits hard a few seconds after the parent is gone (other systems, or a shutdown that hangs).
- `exit_when_gone(owner)`: called in a pool worker (flows/pool.py), whose parent is a forkserver, not
  the process it works for: the worker exits once that process is gone.
- `python -m spiders.lifeline watch --parent P --child C`: a small watchdog process that stops C
  (SIGTERM, then SIGKILL) when P dies; used for a child we did not start ourselves (Prefect's
  temporary server), so a kill -9 of the CLI does not leave it running.
- `this_process()` / `process_alive()`: the pid, host and start time a run records, so a later run can
  tell a run whose process is gone (status `died`) from one still going, even after pid reuse.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass

PR_SET_PDEATHSIG = 1
EXIT_GRACE = 5.0  # seconds a child whose parent died gets to shut down cleanly before it exits hard
POLL = 0.5


@dataclass(frozen=True)
class ProcessId:
    """A process as a run records it: pid, host, and its start time (Linux clock ticks since boot, or
    None elsewhere), which tells a reused pid from the original process."""

    pid: int
    host: str
    started: int | None


def _start_ticks(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[19]) if len(fields) > 19 and fields[19].isdigit() else None  # field 22: starttime


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def this_process() -> ProcessId:
    """The current process, as a run records it."""
    return ProcessId(os.getpid(), socket.gethostname(), _start_ticks(os.getpid()))


def process_alive(proc: ProcessId) -> bool | None:
    """True if `proc` still runs, False if it is gone; None when it cannot be told (another host)."""
    if proc.host != socket.gethostname():
        return None
    try:
        os.kill(proc.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if _state(proc.pid) in ("Z", "X"):  # a zombie waiting to be reaped has finished
        return False
    if proc.started is not None:
        now = _start_ticks(proc.pid)
        if now is not None and now != proc.started:
            return False  # the pid was reused by another process
    return True


def _set_parent_death_signal(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int, grace: float = EXIT_GRACE) -> None:
    """Make this process end when `parent_pid` (its parent) does: SIGTERM at once on Linux, and a hard
    exit `grace` seconds later in any case. Exits now if the parent is already gone."""
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent_pid:  # died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(POLL)
        print(f"parent process {parent_pid} is gone: stopping", file=sys.stderr, flush=True)
        try:
            os.kill(os.getpid(), signal.SIGTERM)  # a clean shutdown first (no-op if PDEATHSIG did it)
        except OSError:
            pass
        time.sleep(grace)
        os._exit(1)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def exit_when_gone(owner: ProcessId) -> None:
    """End this process (hard) soon after `owner` is gone, from a watchdog thread: for a worker whose
    parent is not the process it works for (a pool worker forked by multiprocessing's forkserver), so
    a kill -9 of that process leaves no worker waiting for work forever."""

    def watch() -> None:
        while process_alive(owner) is not False:
            time.sleep(POLL)
        os._exit(1)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _state(pid) in ("Z", "X")


def watch(parent: int, child: int, grace: float = EXIT_GRACE) -> int:
    """Stop `child` once `parent` is gone (SIGTERM, SIGKILL after `grace`); return when either ends."""
    own_parent = os.getppid()
    while not _gone(child):
        if _gone(parent) or os.getppid() != own_parent:
            try:
                os.kill(child, signal.SIGTERM)
                deadline = time.monotonic() + grace
                while not _gone(child) and time.monotonic() < deadline:
                    time.sleep(0.1)
                if not _gone(child):
                    os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return 0
        time.sleep(POLL)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spiders.lifeline", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("watch", help="stop CHILD when PARENT dies")
    w.add_argument("--parent", type=int, required=True)
    w.add_argument("--child", type=int, required=True)
    args = parser.parse_args(argv)
    return watch(args.parent, args.child)


if __name__ == "__main__":
    sys.exit(main())
