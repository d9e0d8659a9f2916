"""The `autofacts` command line: the front door to every step of the pipeline."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path


class UsageError(Exception):
    """A bad argument: reported as one line on stderr with exit code 2."""


def read_jsonl(path: Path) -> Iterator[dict]:
    """Objects of a JSON Lines file; a malformed line is a UsageError naming its number."""
    if not path.is_file():
        raise UsageError(f"input file not found: {path}")
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{n}: not valid JSON ({exc.msg})") from None


def cmd_extract(args: argparse.Namespace) -> int:
    from transforms.extract import extract_article

    with open_output(args.output) as out:
        for article in read_jsonl(args.input):
            if "skipped" in article:
                continue
            out.write(json.dumps(extract_article(article).to_contract(), ensure_ascii=False) + "\n")
    return 0


def open_output(path: Path | None):
    """The output file (parent folders created), or stdout for None / '-'."""
    if path is None or str(path) == "-":
        return _Stdout()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")


class _Stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autofacts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="facts from cleaned articles (JSON Lines in, JSON Lines out)")
    p.add_argument("--input", type=Path, required=True, help="articles, as `autofacts clean` writes them")
    p.add_argument("--output", type=Path, help="facts file (default: stdout)")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"autofacts: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
