"""The CLI: every command documented in the README; every bad argument one line and exit 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = []
    for name, p in sub.choices.items():
        nested = [a for a in p._actions if getattr(a, "choices", None) and a.dest.endswith("_command")]
        names += [f"{name} {n}" for a in nested for n in a.choices] or [name]
    return names


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"autofacts {command}" in readme, f"`autofacts {command}` is missing from README.md"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["backfill", "--since", "2024-01-01"], "required: --until"),
        (["backfill", "--since", "2024-13-01", "--until", "2024-02-01"], "not a date"),
        (["backfill", "--since", "2024-02-01", "--until", "2024-01-01"], "is after until"),
        (["run", "--since", "2999-01-01"], "in the future"),
        (["crawl", "--source", "no-such-site"], "no-such-site"),
        (["clean", "--input", "/nonexistent/pages.jsonl"], "input file not found"),
        (["extract", "--input", "/nonexistent/articles.jsonl"], "input file not found"),
        (["load", "/nonexistent/pages-00001.parquet"], "landing file not found"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(argv, expected, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path))
    with pytest.raises(SystemExit) as exc:
        sys.exit(main(argv))
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert expected in err
    assert "Traceback" not in err


def test_malformed_jsonl_names_the_line(tmp_path, capsys) -> None:
    bad = tmp_path / "articles.jsonl"
    bad.write_text('{"id": "a1", "text": "ok"}\n{not json\n', encoding="utf-8")
    assert main(["extract", "--input", str(bad), "--output", str(tmp_path / "out.jsonl")]) == 2
    assert re.search(r"articles\.jsonl:2: not valid JSON", capsys.readouterr().err)


def test_extract_contract_one_line_per_article(tmp_path) -> None:
    articles = tmp_path / "articles.jsonl"
    rows = [
        {"id": "x1", "url": None, "title": "Acme and Bolt form alliance", "published": "2024-03-05",
         "text": "..."},
        {"id": "x2", "skipped": "not_article:too_short"},
        {"id": "x3", "url": None, "title": None, "published": None, "text": ""},
    ]
    articles.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", "--input", str(articles), "--output", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["x1", "x3"]
    assert all(set(line) >= {"id", "partnerships", "sales"} for line in lines)


def test_console_script_runs() -> None:
    exe = Path(sys.executable).with_name("autofacts")
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "extract" in proc.stdout


def test_a_reader_closing_the_pipe_early_is_not_an_error(tmp_path) -> None:
    articles = tmp_path / "articles.jsonl"
    line = json.dumps({"id": "x", "title": None, "published": None, "text": ""}) + "\n"
    articles.write_text(line * 5000, encoding="utf-8")  # ~200 kB of output: more than a pipe holds
    exe = Path(sys.executable).with_name("autofacts")
    proc = subprocess.run(
        f"'{exe}' extract --input '{articles}' | head -c 10 > /dev/null; echo \"${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=120,
    )
    assert proc.stdout.strip() == "0"
    assert "Traceback" not in proc.stderr
