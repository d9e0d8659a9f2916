"""What a flow command shows in the terminal: its own messages, Scrapy's and Prefect's log lines at
WARNING and above (everything with `-v`), progress bars for long steps, and a short human summary.

Steps report progress by logging a `ProgressLine`: a str (so Prefect's run logs and plain `print` show it
as a line) that also carries the stage, how many are done and of how many. `Terminal` is the `log`
sink the CLI hands to steps, and a logging handler for the Prefect flows the CLI runs in-process.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from typing import Any, TextIO

# spiders.settings LOG_FORMAT ("INFO scrapy.core.engine: …"), or Scrapy's default with a timestamp
SCRAPY_LINE = re.compile(r"^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d+)? \[[^\]]+\] )?"
                         r"(DEBUG|INFO|WARNING|ERROR|CRITICAL)(?::| [\w.]+:)")
SCRAPY_CRAWLED = re.compile(r"Crawled (\d+) pages")
# Lines that continue the record before them: pprint'ed settings, tracebacks, Python warnings.
CONTINUATION = re.compile(r"^(\s|[{}\[\]']|Traceback |During handling|The above exception|"
                          r"\S+\.py:\d+: \w*Warning|[\w.]+(Error|Exception|Warning)\b)")
SHOWN_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
PREFECT_RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")
PLAIN_EVERY_S = 10.0  # without a terminal, a stage's progress is printed at most this often


class ProgressLine(str):
    """A log message that is also a progress report: `done` of `total` (None: unknown) in `stage`."""

    stage: str
    done: int
    total: int | None

    def __new__(cls, text: str, stage: str, done: int, total: int | None = None) -> ProgressLine:
        self = super().__new__(cls, text)
        self.stage, self.done, self.total = stage, done, total
        return self


class Terminal(logging.Handler):
    """The terminal sink of a CLI command: call it with a line, or attach it to a logger."""

    def __init__(self, verbose: bool = False, stream: TextIO | None = None) -> None:
        super().__init__(logging.INFO)
        self.verbose = verbose
        self.stream = stream or sys.stderr
        self._showing = verbose  # whether continuation lines of the current record are shown
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}
        self._printed: dict[str, float] = {}
        if self.stream.isatty() and not verbose:  # -v: the full log, every progress line as written
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bars

            self._bars = Bars(TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), console=Console(file=self.stream), transient=False)

    def __call__(self, line: str) -> None:
        if isinstance(line, ProgressLine) and not self.verbose:
            self.progress(line)
            return
        line = line.rstrip()
        if not line:
            return
        scrapy = SCRAPY_LINE.match(line)
        if scrapy:
            crawled = SCRAPY_CRAWLED.search(line)
            if crawled:
                self.progress(ProgressLine(line, "crawl pages", int(crawled.group(1))))
            self._showing = self.verbose or scrapy.group(1) in SHOWN_LEVELS
        elif not CONTINUATION.match(line):
            self._showing = True  # one of our own messages
        if self._showing:
            self._write(line)

    def emit(self, record: logging.LogRecord) -> None:
        """Prefect run loggers: ProgressLine records drive the bars, other lines go through the filter."""
        try:
            progress = isinstance(record.msg, ProgressLine) and not record.args
            msg = record.msg if progress else record.getMessage()
            if record.levelno >= logging.WARNING and not isinstance(msg, ProgressLine):
                self._showing = True
                self._write(f"{record.levelname}: {msg}")
            elif f"{os.sep}prefect{os.sep}" not in record.pathname:  # not the engine's "Finished in state"
                self(msg)
        except Exception:  # noqa: BLE001 - the terminal must never break a run
            self.handleError(record)

    def progress(self, p: ProgressLine) -> None:
        """Advance the stage's bar (a terminal), or print its line now and then (a file or pipe)."""
        if self._bars is None:
            now = time.monotonic()
            final = p.total is not None and p.done >= p.total
            due = p.done and now - self._printed.get(p.stage, 0.0) >= PLAIN_EVERY_S
            if final or due:
                self._printed[p.stage] = now
                self._write(f"{p.stage}: {p.done}" + (f"/{p.total}" if p.total is not None else ""))
            return
        if not self._tasks:
            self._bars.start()
        if p.stage not in self._tasks:
            self._tasks[p.stage] = self._bars.add_task(p.stage, total=p.total)
        self._bars.update(self._tasks[p.stage], completed=p.done, total=p.total)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        for name in PREFECT_RUN_LOGGERS:
            logging.getLogger(name).removeHandler(self)
        self.close()

    @classmethod
    def for_flows(cls, verbose: bool = False) -> Terminal:
        """A terminal for commands that run Prefect flows in this process: unless `verbose`, Prefect's
        console goes quiet and the flows' INFO lines come here (see quiet_prefect_console)."""
        terminal = cls(verbose)
        if not verbose:
            terminal.quiet_prefect_console()
        return terminal

    def quiet_prefect_console(self) -> None:
        """Prefect's own console output at WARNING for the rest of this process (the UI keeps every INFO
        line); INFO lines of flow and task runs reach this terminal instead: progress, our messages."""
        from prefect.logging.handlers import PrefectConsoleHandler

        for handler in logging.getLogger().handlers:
            if isinstance(handler, PrefectConsoleHandler):
                handler.setLevel(logging.WARNING)
        for name in PREFECT_RUN_LOGGERS:
            logging.getLogger(name).addHandler(self)

    def close(self) -> None:
        if self._bars is not None and self._tasks:
            self._bars.stop()
        super().close()

    def _write(self, line: str) -> None:
        if self._bars is not None and self._tasks:
            self._bars.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)


SUMMARY_SHOWN = {"run_id", "backfill_id", "status", "state", "chunks", "source_outcomes", "report", "import",
                 "crawl", "load", "clean", "extract", "stages"}


def summary_text(result: dict[str, Any], warehouse: str | None = None) -> str:
    """A run's outcome in a few lines: one per step, one per source, where the warehouse is."""
    lines = []
    head = result.get("run_id") or result.get("backfill_id") or "run"
    lines.append(f"{head}: {result.get('status') or result.get('state') or 'finished'}")
    for step in ("import", "crawl", "load", "clean", "extract"):
        stats = result.get(step)
        if isinstance(stats, dict) and stats:
            lines.append(f"  {step:<8} {_counts(stats)}")
    chunks = result.get("chunks")
    if isinstance(chunks, list) and chunks:
        states: dict[str, int] = {}
        for c in chunks:
            states[str(c.get("status"))] = states.get(str(c.get("status")), 0) + int(c.get("n", 1))
        lines.append("  chunks   " + ", ".join(f"{n} {s}" for s, n in states.items()))
    for key, value in result.items():
        if key in SUMMARY_SHOWN or isinstance(value, (dict, list)):
            continue
        lines.append(f"  {key:<8} {value}")
    for line in result.get("source_outcomes") or []:
        lines.append(f"  source   {line}")
    if result.get("stages"):  # steps.timed: [{"stage", "started", "seconds"}, ...]
        lines.append("  seconds  " + ", ".join(f"{s['stage']} {s['seconds']}" for s in result["stages"]))
    if warehouse:
        lines.append(f"warehouse {warehouse} (autofacts sql, or the snapshot next to it)")
    return "\n".join(lines)


def _counts(stats: dict[str, Any]) -> str:
    """`k=v` pairs of a step's stats, nested counts flattened (`skipped: not_article:paywall=1`)."""
    parts = []
    for key, value in stats.items():
        if isinstance(value, dict):
            if value:
                parts.append(f"{key}: " + ", ".join(f"{k}={v}" for k, v in value.items()))
        elif isinstance(value, list):
            if value:
                parts.append(f"{key}: {len(value)}")
        elif value not in (0, None, ""):
            parts.append(f"{key}={value}")
    return "; ".join(parts) or "nothing to do"
