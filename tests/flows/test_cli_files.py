"""File commands never damage a file, and every listed mistake is one line on stderr with exit code 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from flows.cli import main

ARTICLE = {"id": "a1", "url": None, "title": "Acme and Bolt form alliance", "published": "2024-03-05",
           "text": "Acme and Bolt formed a strategic alliance on Tuesday."}  # fmt: skip
BODY = "<p>" + "Some words here. " * 40 + "</p>"
PAGE = {"id": "p1", "url": "http://127.0.0.1/news/x.html",
        "html": f"<html><body><article><h1>Hello</h1>{BODY}</article></body></html>"}  # fmt: skip


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    return code, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["clean", "extract"])
def test_output_equal_to_input_is_refused_and_the_input_kept(tmp_path, capsys, command) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [PAGE if command == "clean" else ARTICLE])
    before = src.read_bytes()
    for same in (src, tmp_path / "." / "in.jsonl"):
        code, err = _run(capsys, [command, "--input", str(src), "--output", str(same)])
        assert code == 2 and "--output is the --input file" in _one_line(err)
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    code, err = _run(capsys, [command, "--input", str(link), "--output", str(src)])
    assert code == 2 and "--output is the --input file" in _one_line(err)
    assert src.read_bytes() == before


@pytest.mark.parametrize("command", ["clean", "extract"])
def test_a_malformed_line_leaves_the_old_output_untouched(tmp_path, capsys, command) -> None:
    good = PAGE if command == "clean" else ARTICLE
    out = tmp_path / "out.jsonl"
    src = _jsonl(tmp_path / "in.jsonl", [good] * 3)
    assert main([command, "--input", str(src), "--output", str(out)]) == 0
    before = out.read_bytes()
    assert len(before.splitlines()) == 3
    src.write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    code, err = _run(capsys, [command, "--input", str(src), "--output", str(out)])
    assert code == 2 and "in.jsonl:2: not valid JSON" in _one_line(err)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temp file left


@pytest.mark.parametrize("command", ["clean", "extract"])
def test_non_utf8_input_is_one_line(tmp_path, capsys, command) -> None:
    src = tmp_path / "in.jsonl"
    good = PAGE if command == "clean" else ARTICLE
    src.write_bytes(json.dumps(good).encode() + b"\n" + '{"id": "é"}\n'.encode("latin-1"))
    out = tmp_path / "out.jsonl"
    code, err = _run(capsys, [command, "--input", str(src), "--output", str(out)])
    assert code == 2 and "in.jsonl:2: not UTF-8 text" in _one_line(err)
    assert not out.exists()


@pytest.mark.parametrize("command", ["clean", "extract"])
def test_output_a_directory_is_one_line(tmp_path, capsys, command) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [PAGE if command == "clean" else ARTICLE])
    code, err = _run(capsys, [command, "--input", str(src), "--output", str(tmp_path)])
    assert code == 2 and "--output is a directory" in _one_line(err)


def test_extract_on_a_pages_file_says_what_it_is(tmp_path, capsys) -> None:
    src = _jsonl(tmp_path / "pages.jsonl", [PAGE])
    code, err = _run(capsys, ["extract", "--input", str(src), "--output", str(tmp_path / "facts.jsonl")])
    line = _one_line(err)
    assert code == 2 and "input has no 'text' field" in line and "use `autofacts clean`" in line
    assert not (tmp_path / "facts.jsonl").exists()


def test_clean_on_an_articles_file_says_what_it_is(tmp_path, capsys) -> None:
    src = _jsonl(tmp_path / "articles.jsonl", [ARTICLE])
    code, err = _run(capsys, ["clean", "--input", str(src)])
    assert code == 2 and "use `autofacts extract`" in _one_line(err)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["companies", "unresolved", "--limit", "-1"], "must be 0 or more"),
        (["companies", "unresolved", "--limit", "many"], "not a whole number"),
        (["demo-site", "--port", "99999"], "port must be 0-65535"),
        (["demo-site", "--port", "-5"], "port must be 0-65535"),
        (["sql", ""], "empty query"),
        (["sql", "SELECT 1", "--limit", "-1"], "must be 0 or more"),
    ],
)
def test_bad_numbers_and_empty_sql_are_one_line(argv, expected, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path))
    code, err = _run(capsys, argv)
    assert code == 2 and expected in _one_line(err)


def test_load_of_a_fake_parquet_file_fails_loudly(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path))
    monkeypatch.delenv("AUTOFACTS_DB", raising=False)
    fake = tmp_path / "fake.parquet"
    fake.write_text("this is not parquet\n", encoding="utf-8")
    code = main(["load", "--json", str(fake)])
    out, err = capsys.readouterr()
    assert code == 1  # README: a quarantined landing file makes `load` exit 1, the others still load
    line = _one_line(err)
    assert line.startswith("autofacts: quarantined ") and "fake.parquet: not a readable Parquet file" in line
    assert json.loads(out)["load"]["errors"]  # still in the summary too


def test_clean_and_extract_still_write_to_stdout(tmp_path, capsys) -> None:
    src = _jsonl(tmp_path / "articles.jsonl", [ARTICLE])
    assert main(["extract", "--input", str(src)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "a1"
    assert main(["extract", "--input", str(src), "--output", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "a1"
    assert sys.stdout  # stdout is not closed by the command
