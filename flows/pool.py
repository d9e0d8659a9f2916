"""Worker processes for the CPU-bound steps: clean and extract batches run in a process pool, in order.

`ordered_map(fn, items, workers=n)` runs `fn` on each item in up to n worker processes and yields the
results in the order of the items, keeping at most 2n items in flight, so the caller (the one process
that writes the warehouse) stores each result while the workers go on with the next, and memory stays
bounded whatever the number of items. The pool is started once per process (forkserver: workers are
forked from a small clean server, never from a parent holding threads, DuckDB or Prefect state) and
reused by every later step; a worker is replaced after MAX_TASKS_PER_WORKER batches so that caches in
the parsing libraries cannot grow without bound, and exits by itself once the process it works for is
gone (a kill -9 leaves nothing behind). With n = 1 the items run in the calling process.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from spiders.lifeline import exit_when_gone, this_process

T = TypeVar("T")
R = TypeVar("R")

Mapper = Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]

MAX_TASKS_PER_WORKER = 100
IN_FLIGHT_PER_WORKER = 2

_lock = threading.Lock()
_pool: tuple[int, ProcessPoolExecutor] | None = None


def _executor(workers: int) -> ProcessPoolExecutor:
    """The process-wide pool of `workers` processes (replaced when a different size is asked for)."""
    global _pool
    with _lock:
        if _pool is not None and _pool[0] == workers and not getattr(_pool[1], "_broken", False):
            return _pool[1]
        if _pool is not None:
            _pool[1].shutdown(wait=False, cancel_futures=True)
        context = multiprocessing.get_context("forkserver")
        executor = ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=MAX_TASKS_PER_WORKER,
                                       initializer=exit_when_gone, initargs=(this_process(),))
        _pool = (workers, executor)
        return executor


def shutdown() -> None:
    """Stop the worker processes (at exit, or in tests that want a fresh pool)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool[1].shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


def in_order(submit: Callable[[T], Any], items: Iterable[T], ahead: int) -> Iterator[Any]:
    """submit(item) for each item, at most `ahead` submitted and not yet handed over, and each future's
    result() yielded in item order. The next item is submitted before a result is handed over, so the
    workers never wait while the caller stores it; pending futures are cancelled if the caller stops."""
    source = iter(items)
    pending = deque(submit(item) for item in islice(source, max(1, ahead)))
    try:
        while pending:
            done = pending.popleft().result()
            for item in islice(source, 1):
                pending.append(submit(item))
            yield done
    finally:
        for future in pending:
            cancel = getattr(future, "cancel", None)
            if cancel is not None:
                cancel()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, workers: int) -> Iterator[R]:
    """fn(item) for each item, computed in `workers` processes, yielded in item order."""
    if workers <= 1:
        yield from map(fn, items)
        return
    executor = _executor(workers)
    try:
        yield from in_order(lambda item: executor.submit(fn, item), items, workers * IN_FLIGHT_PER_WORKER)
    except BrokenProcessPool:
        shutdown()  # a worker died (killed, out of memory): the next step starts a fresh pool
        raise


def process_mapper(workers: int) -> Mapper:
    """A Mapper running batches in this machine's process pool of `workers` processes."""

    def mapper(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return ordered_map(fn, items, workers=workers)

    return mapper
