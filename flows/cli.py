"""The `autofacts` command line: the front door to every step of the pipeline.

Every bad argument (unknown source, malformed date, since after until, missing file) is reported as
one line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from flows.settings import SettingsError, load_settings

SQL_ROW_LIMIT = 1000


class UsageError(Exception):
    """A bad argument: reported as one line on stderr with exit code 2."""


# ---------------------------------------------------------------- argument parsing helpers


def iso_date(value: str) -> date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {value!r}") from None


def non_negative_int(value: str) -> int:
    """argparse type for counts such as --limit: a whole number, 0 or more."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n


def port_number(value: str) -> int:
    """argparse type for a TCP port: 0 (any free port) to 65535."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, not {n}")
    return n


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) of a JSON Lines file; a malformed or non-UTF-8 line is a UsageError naming it."""
    _require_file(path)
    return _read_jsonl(path)


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise UsageError(f"input file not found: {path}")


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise UsageError(f"{path}:{n}: not UTF-8 text (byte {exc.start + 1} of the line)") from None
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
                if not isinstance(obj, dict):
                    raise UsageError(f"{path}:{n}: expected a JSON object per line")
                yield n, obj


@contextmanager
def open_output(path: Path | None, *, input_path: Path) -> Iterator[Any]:
    """Where a file command writes: stdout for None / '-', else a temp file renamed over `path` on success.

    The temp file sits beside the target (same file system, so the rename is atomic); when the command
    fails half-way the temp file is removed and an existing output file is left exactly as it was.
    Refuses an output that is the input or a directory, before anything is read or written.
    """
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    if path.resolve() == input_path.resolve() or (path.exists() and os.path.samefile(path, input_path)):
        raise UsageError(f"--output is the --input file ({path}): write to another file")
    if path.is_dir():
        raise UsageError(f"--output is a directory: {path}")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = tmp.open("w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with fh:
            yield fh
        os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _window(args: argparse.Namespace) -> tuple[date | None, date | None]:
    from flows.steps import validate_window

    since, until = getattr(args, "since", None), getattr(args, "until", None)
    try:
        validate_window(since, until)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return since, until


def _sources(args: argparse.Namespace) -> list[str] | None:
    """The chosen source names, checked against the sources config."""
    from spiders.sources import SourceConfigError, UnknownSourceError, select_sources

    names = args.source or None
    try:
        select_sources(names, load_settings().demo_url)
    except (SourceConfigError, UnknownSourceError) as exc:
        raise UsageError(str(exc)) from None
    return names


CRAWL_SUMMARY = ("discovered", "requested", "fetched", "not_modified", "unchanged", "out_of_window", "failed")


def print_summary(result: dict[str, Any], args: argparse.Namespace | None = None) -> None:
    """A run's outcome on stdout: a few human lines, or with `--json` counts per step as JSON (without
    the full report; one line per source)."""
    from flows.console import summary_text
    from flows.outcomes import summary_lines

    brief = {k: v for k, v in result.items() if k not in ("report", "source_outcomes")}
    if isinstance(brief.get("crawl"), dict):
        brief["crawl"] = {k: brief["crawl"][k] for k in CRAWL_SUMMARY if k in brief["crawl"]}
    if result.get("source_outcomes"):  # one line per source: outcome, discovery, counts, why
        brief["source_outcomes"] = summary_lines(result["source_outcomes"])
    if args is not None and not getattr(args, "json", False):
        print(summary_text(brief, str(load_settings().db_path)))
        return
    print(json.dumps(brief, indent=2, default=str, ensure_ascii=False))


def _terminal(args: argparse.Namespace) -> Any:
    """The terminal sink of a flow command (flows.console.Terminal): `-v` shows Scrapy's INFO lines."""
    from flows.console import Terminal

    return Terminal(verbose=getattr(args, "verbose", False))


def _quiet_prefect(args: argparse.Namespace) -> Any:
    """The terminal of a command that runs Prefect flows in this process (flows.console)."""
    from flows.console import Terminal

    return Terminal.for_flows(getattr(args, "verbose", False))


SOURCE_FAILED_EXIT = 3  # a selected source could not be discovered or most of its fetches failed


def _sources_exit(result: dict[str, Any]) -> int:
    """3 when a source failed (each named on stderr), else 0; see README "Exit codes"."""
    failed = [r for r in result.get("source_outcomes") or [] if r.get("status") != "ok"]
    for row in failed:
        _print(f"autofacts: source {row['source']} failed: {row['reason']}")
    return SOURCE_FAILED_EXIT if failed else 0


def _flow_result(state: Any) -> dict[str, Any]:
    """A flow run's result dict, also from an honest Failed/Partial state (a crash still raises)."""
    data = state.result(raise_on_failure=False)
    if isinstance(data, BaseException):
        raise data
    return data


def _print(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- commands


def cmd_crawl(args: argparse.Namespace) -> int:
    from flows import steps

    settings = load_settings()
    since, until = _window(args)
    names = _sources(args)
    run_id = steps.new_run_id("crawl")
    with _terminal(args) as log:
        result = steps.crawl(settings, names, run_id=run_id, since=since, until=until, log=log)
    print_summary({"run_id": result.run_id, "batch_dir": str(result.batch_dir), "crawl": result.stats}, args)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from flows import steps

    settings = load_settings()
    files = args.files or steps.pending_landing_files(settings)
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        raise UsageError(f"landing file not found: {missing[0]}")
    run_id = steps.new_run_id("load")
    steps.start_run(settings, run_id, "load", {"files": [str(f) for f in files]})
    with _terminal(args) as log:
        stats = {
            "load": steps.load(settings, [Path(f) for f in files], run_id=run_id),
            "clean": steps.clean(settings, run_id=run_id, log=log),
            "extract": steps.extract(settings, run_id=run_id, log=log),
        }
    steps.finish_run(settings, run_id, "completed", stats)
    steps.publish(settings)  # after the run row is closed, so the snapshot shows it finished
    print_summary({"run_id": run_id, **stats}, args)
    return _load_exit(stats["load"])


def _load_exit(load: dict[str, Any]) -> int:
    """Exit code after a load: 1 when a landing file was quarantined (or could not be loaded), else 0.

    The other files loaded; each bad one is a line on stderr saying where it went and why.
    """
    quarantined = list(load.get("quarantined") or [])
    for q in quarantined:
        _print(f"autofacts: quarantined {q['file']}: {q['reason']} (moved to {q['moved_to']})")
    moved = {Path(q["file"]).name for q in quarantined}
    others = [e for e in load.get("errors") or [] if e.split(":", 1)[0] not in moved]
    for error in others:
        _print(f"autofacts: error: {error}")
    return 1 if quarantined or others else 0


def cmd_import(args: argparse.Namespace) -> int:
    """WARC / JSON Lines archives → warehouse, then clean, extract and publish (as after a crawl)."""
    from flows import imports, steps

    for f in args.files:
        _require_file(f)
        if imports.archive_kind(f) is None:
            raise UsageError(f"not a WARC or JSON Lines file (by its name): {f}")
    settings = load_settings()
    run_id = steps.new_run_id("import")
    params = {"files": [str(f.resolve()) for f in args.files], "source": args.source}
    steps.start_run(settings, run_id, "import", params)
    stats: dict[str, Any] = {"stages": []}
    try:
        with _terminal(args) as log:
            with steps.timed(stats["stages"], "import"):
                stats["import"] = imports.import_archives(settings, args.files, run_id=run_id,
                                                          source=args.source, log=log)
            with steps.timed(stats["stages"], "clean"):
                stats["clean"] = steps.clean(settings, run_id=run_id, log=log)
            with steps.timed(stats["stages"], "extract"):
                stats["extract"] = steps.extract(settings, run_id=run_id, log=log)
    except BaseException:
        steps.finish_run(settings, run_id, "failed", stats)
        raise
    steps.finish_run(settings, run_id, "completed", stats)
    with steps.timed(stats["stages"], "publish"):
        steps.publish(settings)  # after the run row is closed, so the snapshot shows it finished
    print_summary({"run_id": run_id, **stats}, args)
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    pages = read_jsonl(args.input)
    from transforms.clean import clean_records

    def checked() -> Iterator[dict]:
        for n, page in pages:
            if "html" not in page and "text" in page:
                raise UsageError(
                    f"{args.input}:{n}: input has no 'html' field: is this an articles file? "
                    "use `autofacts extract`"
                )
            yield page

    with open_output(args.output, input_path=args.input) as out:
        for record in clean_records(checked()):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    articles = read_jsonl(args.input)
    from transforms.extract import extract_article

    with open_output(args.output, input_path=args.input) as out:
        for n, article in articles:
            if "skipped" in article:
                continue
            if "text" not in article:
                hint = "is this a pages file? use `autofacts clean`" if "html" in article else "want articles"
                raise UsageError(f"{args.input}:{n}: input has no 'text' field: {hint}")
            out.write(json.dumps(extract_article(article).to_contract(), ensure_ascii=False) + "\n")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from flows import steps

    since, until = _window(args)
    names = _sources(args)
    with _terminal(args) as log:
        result = steps.run_pipeline(load_settings(), names, since=since, until=until, log=log)
    print_summary(result, args)
    return _sources_exit(result) or _load_exit(result.get("load") or {})


def cmd_ingest(args: argparse.Namespace) -> int:
    since, until = _window(args)
    names = _sources(args)
    from flows.ingest import ingest
    from flows.prefect_server import guard_temporary_server

    terminal = _quiet_prefect(args)
    guard_temporary_server()  # a kill -9 of this command must not leave Prefect's server running
    with terminal:
        result = _flow_result(ingest(sources=names, since=since, until=until, return_state=True))
    print_summary(result, args)
    return _sources_exit(result) or _load_exit(result.get("load") or {})


def cmd_backfill(args: argparse.Namespace) -> int:
    since, until = _window(args)
    names = _sources(args)
    from flows.backfill import backfill
    from flows.prefect_server import guard_temporary_server

    terminal = _quiet_prefect(args)
    guard_temporary_server()  # a kill -9 of this command must not leave Prefect's server running
    with terminal:
        result = _flow_result(backfill(since=since, until=until, sources=names, chunk=args.chunk,
                                       return_state=True))
    print_summary(result, args)
    return _sources_exit(result)


def cmd_reprocess(args: argparse.Namespace) -> int:
    since, until = _window(args)
    from flows.prefect_server import guard_temporary_server
    from flows.reprocess import reprocess

    terminal = _quiet_prefect(args)
    guard_temporary_server()  # a kill -9 of this command must not leave Prefect's server running
    with terminal:
        result = reprocess(since=since, until=until)
    print_summary(result, args)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import ShadowError, serve_all

    try:
        serve_all()
    except ShadowError as exc:
        raise UsageError(str(exc)) from None
    return 0


@contextmanager
def read_only(path: Path) -> Iterator[Any]:
    """A read-only connection to an existing warehouse file (a UsageError when there is none)."""
    from warehouse.db import connect

    if not path.exists():
        raise UsageError(f"no warehouse at {path}: run `autofacts run` (or `make demo`) first")
    con = connect(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from flows.rows import table_footer, write_batches
    from warehouse.sql_door import QueryRefused, open_sandboxed, run_query

    if not args.query.strip().strip(";").strip():
        raise UsageError("empty query: give one SELECT statement")
    settings = load_settings()
    path = settings.snapshot_path if args.snapshot else settings.db_path
    if not path.exists():
        raise UsageError(f"no warehouse at {path}: run `autofacts run` (or `make demo`) first")
    limit = None if args.no_limit else args.limit
    try:
        con = open_sandboxed(path)
    except duckdb.Error as exc:
        if not args.snapshot and "lock" in str(exc).lower():
            raise UsageError(f"{path} is held by a running writer: use --snapshot") from None
        raise UsageError(f"cannot open {path}: {_first_line(exc)}") from None
    try:
        result = run_query(con, args.query, limit)
        n = write_batches(result.columns, result.batches, args.format, sys.stdout)
    except QueryRefused as exc:
        raise UsageError(str(exc)) from None
    except duckdb.Error as exc:
        raise UsageError(f"SQL error: {_first_line(exc)}") from None
    finally:
        con.close()
    if args.format == "table":
        print(table_footer(n, result.truncated))
    elif result.truncated:
        _print(f"autofacts: showing the first {n} rows; more not shown: --limit N or --no-limit")
    return 0


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def write_rows(columns: list[str], rows: list[tuple], fmt: str, out: Any) -> None:
    """Rows as an aligned text table (with a row count), CSV or JSON Lines."""
    from flows.rows import table_footer, write_batches

    n = write_batches(columns, [rows], fmt, out)
    if fmt == "table":
        out.write(table_footer(n, False) + "\n")


def cmd_status(args: argparse.Namespace) -> int:
    from warehouse import load as wh
    from warehouse.quarantine import recent_quarantined

    settings = load_settings()
    with read_only(settings.db_path) as con:
        status = wh.status(con)
        has_table = "quarantined_files" in status["tables"]  # an old warehouse not yet migrated lacks it
        status["quarantined_files"] = recent_quarantined(con) if has_table else []
    print(json.dumps({"warehouse": str(settings.db_path), **status}, indent=2, default=str))
    return 0


def cmd_companies_unresolved(args: argparse.Namespace) -> int:
    from warehouse import load as wh

    with read_only(load_settings().db_path) as con:
        rows = wh.unresolved_companies(con, limit=args.limit)
    write_rows(["name", "mentions"], rows, args.format, sys.stdout)
    return 0


def _sources_file(args: argparse.Namespace) -> Path:
    from spiders.sources import DEFAULT_SOURCES

    path = args.file or DEFAULT_SOURCES
    if not path.is_file():
        raise UsageError(f"sources file not found: {path}")
    return path


def _load_sources(path: Path) -> dict[str, Any]:
    from spiders.sources import SourceConfigError, load_sources

    try:
        return load_sources(load_settings().demo_url, path)
    except SourceConfigError as exc:
        raise UsageError(str(exc)) from None


def cmd_sources_list(args: argparse.Namespace) -> int:
    from spiders.check import describe

    rows = [describe(s) for s in _load_sources(_sources_file(args)).values()]
    columns = ["name", "enabled", "verified", "sitemaps", "feeds", "domains"]
    write_rows(columns, [tuple(r[c] for c in columns) for r in rows], args.format, sys.stdout)
    return 0


def cmd_sources_check(args: argparse.Namespace) -> int:
    """Exit 0 when the source is verified, 1 when the check found problems, 2 for a bad argument."""
    from dataclasses import asdict

    from spiders.check import check_source, mark_verified, render_check

    path = _sources_file(args)
    sources = _load_sources(path)
    if args.name not in sources:
        raise UsageError(f"unknown source {args.name}; valid: {', '.join(sorted(sources))}")
    _print(f"checking {args.name}: robots.txt, sitemaps and feeds, {args.samples} sample articles …")
    result = check_source(sources[args.name], samples=args.samples, timeout=args.timeout)
    if args.json:
        print(json.dumps({**asdict(result), "verified": result.verified}, indent=2, default=str))
    else:
        print("\n".join(render_check(result)))
    if result.verified and args.write:
        mark_verified(args.name, path)
        _print(f"marked {args.name} verified and enabled in {path}")
    elif args.write:
        _print(f"{path} left unchanged: {args.name} did not pass")
    return 0 if result.verified else 1


def cmd_demo_site(args: argparse.Namespace) -> int:
    from spiders.demo_site import serve

    try:
        serve(port=args.port, host=args.host)
    except OSError as exc:
        raise UsageError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except KeyboardInterrupt:
        pass
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    # the demo runs offline: Prefect sends no usage data (an "ERROR … Failed to send telemetry" otherwise)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from flows.demo import run_demo

    return run_demo(load_settings(), verbose=args.verbose)


# ---------------------------------------------------------------- parser


def _add_window(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument("--since", type=iso_date, required=required, help="first day, YYYY-MM-DD (inclusive)")
    p.add_argument("--until", type=iso_date, required=required, help="last day, YYYY-MM-DD (inclusive)")


def _add_sources(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", action="append", metavar="NAME", help="a source from spiders/sources.toml "
                   "(repeatable; default: the enabled ones, see `autofacts sources list`)")


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="the summary as JSON (default: a few lines of text)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="show Scrapy's and Prefect's INFO log lines (default: warnings and errors)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="autofacts", description="Auto-industry news → partnership and sales facts.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("run", help="the whole job without Prefect: crawl, load, clean, extract, publish")
    _add_sources(p)
    _add_window(p)
    _add_output(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("demo", help="serve the bundled demo site and run the whole job on it")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's and Prefect's INFO log lines")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("crawl", help="fetch sources into landing files (Scrapy, in a subprocess)")
    _add_sources(p)
    _add_window(p)
    _add_output(p)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("load", help="landing files → warehouse, then clean and extract what is new")
    p.add_argument("files", nargs="*", type=Path, help="landing Parquet files (default: all landed)")
    _add_output(p)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("import", help="load WARC files or JSON Lines of extracted articles, then clean, "
                       "extract and publish")
    p.add_argument("files", nargs="+", type=Path, help="*.warc[.gz] (CC-NEWS) or *.jsonl[.gz] (news-please, "
                   "fundus: url, title, maintext/plaintext/text, date_publish/publishing_date, ...)")
    p.add_argument("--source", default="archive", help="source name recorded for the pages "
                   "(default: archive)")
    _add_output(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("clean", help="HTML pages → articles (JSON Lines in, JSON Lines out)")
    p.add_argument("--input", type=Path, required=True, help='pages: {"id","url","html"} per line')
    p.add_argument("--output", type=Path, help="articles file (default: stdout)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("extract", help="articles → facts (JSON Lines in, JSON Lines out)")
    p.add_argument("--input", type=Path, required=True, help="articles, as `autofacts clean` writes them")
    p.add_argument("--output", type=Path, help="facts file (default: stdout)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="run the Prefect `ingest` flow once (since the last successful run)")
    _add_sources(p)
    _add_window(p)
    _add_output(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("backfill", help="run the Prefect `backfill` flow over a date range, chunk by chunk")
    _add_sources(p)
    _add_window(p, required=True)
    p.add_argument("--chunk", choices=["week", "month"], default="week", help="chunk size (default: week)")
    _add_output(p)
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("reprocess", help="re-clean and re-extract stored pages (no crawling)")
    _add_window(p)
    _add_output(p)
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("serve", help="serve the ingest, backfill and reprocess deployments from one process")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("sql", help="run SQL against the warehouse (read-only)")
    p.add_argument("query", help='e.g. "SELECT * FROM v_company_partnerships LIMIT 5"')
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--snapshot", action="store_true", help="query the published snapshot instead")
    p.add_argument("--limit", type=non_negative_int, default=SQL_ROW_LIMIT,
                   help=f"show at most N rows (default {SQL_ROW_LIMIT})")
    p.add_argument("--no-limit", action="store_true", help="show every row (streamed)")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("status", help="table counts and the latest runs")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("companies", help="the company table")
    csub = p.add_subparsers(dest="companies_command", required=True, metavar="WHAT", parser_class=_Parser)
    q = csub.add_parser("unresolved", help="organisation names not in the table, by frequency")
    q.add_argument("--limit", type=non_negative_int, default=50)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.set_defaults(func=cmd_companies_unresolved)

    p = sub.add_parser("sources", help="the news sources of spiders/sources.toml")
    ssub = p.add_subparsers(dest="sources_command", required=True, metavar="WHAT", parser_class=_Parser)
    q = ssub.add_parser("list", help="every source: enabled (crawled by default / on schedule), verified")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--file", type=Path, help="sources file (default: spiders/sources.toml)")
    q.set_defaults(func=cmd_sources_list)
    q = ssub.add_parser("check", help="fetch a source's robots.txt, sitemaps, feeds and sample articles; "
                        "say 'verified' or what failed (exit 1)")
    q.add_argument("name", help="a source name from spiders/sources.toml")
    q.add_argument("--write", action="store_true",
                   help="on success, mark it verified and enabled in the file")
    q.add_argument("--samples", type=int, default=3, help="sample articles to clean (default: 3)")
    q.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default: 20)")
    q.add_argument("--json", action="store_true", help="the findings as JSON")
    q.add_argument("--file", type=Path, help="sources file (default: spiders/sources.toml)")
    q.set_defaults(func=cmd_sources_check)

    p = sub.add_parser("demo-site", help="serve the bundled demo news site until stopped")
    p.add_argument("--port", type=port_number, default=8765)
    p.add_argument("--host", default="127.0.0.1")
    p.set_defaults(func=cmd_demo_site)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `autofacts: error: …` and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _is_lock_timeout(exc: BaseException) -> bool:
    """True for warehouse.db.WarehouseLockedError (only importable once the warehouse was touched)."""
    db = sys.modules.get("warehouse.db")
    return db is not None and isinstance(exc, db.WarehouseLockedError)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, SettingsError) as exc:
        print(f"autofacts: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("autofacts: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`autofacts sql … | head`): not an error. Point stdout at /dev/null so
        # the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        server = sys.modules.get("flows.prefect_server")
        if not (_is_lock_timeout(exc) or (server and isinstance(exc, server.PrefectServerError))):
            raise
        print(f"autofacts: error: {exc}", file=sys.stderr)  # waited the documented time: one line
        return 2


if __name__ == "__main__":
    sys.exit(main())
