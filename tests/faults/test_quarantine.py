"""Fault: broken landing files. Each kind (a drifted column type, a missing column, garbage bytes, an
empty file, a truncated file, corrupt data pages behind a valid footer) is moved to
`<landing>/_quarantine/` with its reason in `quarantined_files`, the good files load, `autofacts load`
exits 1, `status` shows it, and the next load is clean (issue 10, item 4).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from flows.settings import load_settings
from spiders.landing import LANDING_SCHEMA
from tests.warehouse.helpers import fetch, write_landing
from warehouse.db import connect
from warehouse.pages import check_landing_file


def _rows(tag: str, n: int = 3) -> list[dict]:
    return [fetch(f"http://127.0.0.1/news/{tag}-{i}.html", body=(f"<p>{tag} {i} </p>" * 300).encode())
            for i in range(n)]


def _drifted(path: Path) -> Path:
    """`status` written as strings: the drift that used to fail every load with a BinderException."""
    rows = [{**r, "status": str(r["status"])} for r in _rows("drift")]
    schema = pa.schema([pa.field("status", pa.string()) if f.name == "status" else f for f in LANDING_SCHEMA])
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


def _missing_column(path: Path) -> Path:
    table = pa.Table.from_pylist(_rows("missing"), schema=LANDING_SCHEMA).drop_columns(["fetched_at"])
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def _truncated(path: Path) -> Path:
    whole = write_landing(path, _rows("truncated")).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a copy interrupted half way
    return path


def _corrupt_pages(path: Path) -> Path:
    """A valid footer in front of which the body's data pages are overwritten."""
    pq.write_table(pa.Table.from_pylist(_rows("pages"), schema=LANDING_SCHEMA), path, compression="zstd")
    col = pq.read_metadata(path).row_group(0).column(LANDING_SCHEMA.get_field_index("body"))
    data = bytearray(path.read_bytes())
    start = col.data_page_offset + 16
    data[start : start + col.total_compressed_size - 32] = b"\xab" * (col.total_compressed_size - 32)
    path.write_bytes(bytes(data))
    return path


BAD_KINDS = {
    "drifted": (_drifted, "column type drift: status is string, expected int32"),
    "missing": (_missing_column, "lacks column(s) fetched_at"),
    "garbage": (lambda p: (p.write_bytes(b"not parquet at all"), p)[1], "not a readable Parquet file"),
    "empty": (lambda p: (p.write_bytes(b""), p)[1], "empty file (0 bytes)"),
    "truncated": (_truncated, "not a readable Parquet file"),
}


@pytest.mark.parametrize("kind", sorted(BAD_KINDS))
def test_each_bad_kind_is_named_before_any_row_is_read(tmp_path: Path, kind: str):
    make, reason = BAD_KINDS[kind]
    tmp_path.joinpath("r").mkdir()
    problem = check_landing_file(make(tmp_path / "r" / "pages-00001.parquet"))
    assert problem is not None and problem.startswith(reason), problem
    assert "\n" not in problem
    assert check_landing_file(write_landing(tmp_path / "r" / "good.parquet", _rows("good"))) is None


def test_bad_files_are_quarantined_the_rest_load_and_the_exit_code_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("AUTOFACTS_DB", raising=False)
    settings = load_settings()
    run_dir = settings.landing_dir / "crawl-1"
    run_dir.mkdir(parents=True)
    write_landing(run_dir / "pages-00001.parquet", _rows("good-a"))
    bad: dict[str, str] = {}
    for n, (_kind, (make, reason)) in enumerate(sorted(BAD_KINDS.items()), start=2):
        bad[make(run_dir / f"pages-{n:05d}.parquet").name] = reason
    bad[_corrupt_pages(run_dir / "pages-00010.parquet").name] = "unreadable rows"
    write_landing(run_dir / "pages-00011.parquet", _rows("good-b"))

    assert main(["load"]) == 1
    err = capsys.readouterr().err
    assert all(f"quarantined {run_dir / name}" in err for name in bad), err

    # the good files loaded; every bad one moved aside with its reason recorded
    con = connect(settings.db_path, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 6
        recorded = dict(con.execute(
            "SELECT original_path, reason FROM quarantined_files").fetchall())  # fmt: skip
        paths = [r[0] for r in con.execute("SELECT path FROM quarantined_files").fetchall()]
    finally:
        con.close()
    assert {Path(p).name for p in recorded} == set(bad)
    for original, reason in recorded.items():
        assert reason.startswith(bad[Path(original).name]), (original, reason)
    assert sorted(p.name for p in run_dir.iterdir()) == ["pages-00001.parquet", "pages-00011.parquet"]
    quarantine = settings.landing_dir / "_quarantine" / "crawl-1"
    assert sorted(Path(p) for p in paths) == sorted(quarantine.iterdir())

    # status shows them; the next load has nothing wrong to say
    assert main(["status"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["tables"]["quarantined_files"] == len(bad)
    assert {Path(q["original_path"]).name for q in status["quarantined_files"]} == set(bad)
    assert main(["load"]) == 0
    assert "quarantined" not in capsys.readouterr().err


def test_a_drifted_file_offered_by_name_is_quarantined_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("AUTOFACTS_DB", raising=False)
    drifted = _drifted(tmp_path / "elsewhere" / "pages-00001.parquet")
    good = write_landing(tmp_path / "elsewhere" / "pages-00002.parquet", _rows("named"))
    assert main(["load", str(drifted), str(good)]) == 1
    assert not drifted.exists() and good.exists()
    assert (load_settings().landing_dir / "_quarantine" / "elsewhere" / drifted.name).exists()
    assert "status is string, expected int32" in capsys.readouterr().err
