"""Landing files → fetches/pages: idempotent, body replaced only on change, 304s and failures recorded."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq

from spiders.landing import read_bodies
from tests.warehouse.helpers import article, fetch, page_id, skip, write_landing
from warehouse.load import (
    export_bodies,
    export_known_pages,
    export_pages_to_clean,
    load_landing,
    store_clean_results,
)
from warehouse.pages import headers_dict, page_bodies

A = "http://127.0.0.1/news/a.html"
B = "http://127.0.0.1/news/b.html"
C = "http://127.0.0.1/news/c.html"


def _counts(con) -> tuple[int, int]:
    return con.execute("SELECT (SELECT count(*) FROM fetches), (SELECT count(*) FROM pages)").fetchone()


def test_loading_the_same_file_twice_adds_nothing(con, tmp_path: Path):
    f = write_landing(
        tmp_path / "landing" / "run-1" / "pages-0.parquet",
        [fetch(A), fetch(B), fetch(C, status=500, body=b"oops", error=None)],
    )
    first = load_landing(con, [f])
    assert (first["inserted"], first["failed"], first["fetches"], first["files"]) == (2, 1, 3, 1)
    assert _counts(con) == (3, 2)
    again = load_landing(con, [f])  # same size and mtime: skipped unread
    assert again["files_skipped"] == 1 and again["fetches"] == 0
    f.touch()  # even when re-read, the fetch rows are already there
    f.chmod(0o644)
    third = load_landing(con, [f])
    assert (third["inserted"], third["updated"], third["fetches"], third["already_loaded"]) == (0, 0, 0, 3)
    assert _counts(con) == (3, 2)


def test_headers_parsed_and_body_hashed(con, tmp_path: Path):
    load_landing(con, [write_landing(tmp_path / "l" / "p.parquet", [fetch(A)])])
    row = con.execute(
        "SELECT etag, last_modified, body_sha1, status, first_run_id, last_run_id, body FROM pages"
    ).fetchone()
    assert row[:2] == ('"v1"', "Fri, 09 Jan 2026 00:00:00 GMT") and row[3:] == (200, "run-1", "run-1", None)
    # the body stays in its landing file (pages.body is only the copy older warehouses kept)
    assert row[2] == hashlib.sha1(page_bodies(con, [page_id(A)])[page_id(A)]).hexdigest()


def test_changed_body_replaces_page_unchanged_body_does_not(con, tmp_path: Path):
    load_landing(con, [write_landing(tmp_path / "1" / "p.parquet", [fetch(A), fetch(B)])])
    later = datetime(2026, 1, 11, tzinfo=UTC)
    out = load_landing(
        con,
        [
            write_landing(
                tmp_path / "2" / "p.parquet",
                [
                    fetch(A, run_id="run-2", when=later, body=b"new body", etag='"v2"'),
                    fetch(B, run_id="run-2", when=later),
                ],
            )
        ],
    )
    assert (out["inserted"], out["updated"], out["unchanged"]) == (0, 1, 1)
    rows = page_bodies(con, [page_id(A), page_id(B)])
    assert rows[page_id(A)] == b"new body" and rows[page_id(B)].startswith(b"<html>")
    assert (
        con.execute(
            "SELECT count(*) FROM pages WHERE first_run_id = 'run-1' AND last_run_id = 'run-2'"
        ).fetchone()[0]
        == 2
    )


def test_an_older_fetch_never_overwrites_a_newer_body(con, tmp_path: Path):
    load_landing(con, [write_landing(tmp_path / "2" / "p.parquet", [fetch(A, run_id="r2", body=b"newer")])])
    early = datetime(2026, 1, 1, tzinfo=UTC)
    load_landing(
        con, [write_landing(tmp_path / "1" / "p.parquet", [fetch(A, run_id="r1", when=early, body=b"old")])]
    )
    assert con.execute("SELECT last_run_id FROM pages").fetchone() == ("r2",)
    assert page_bodies(con, [page_id(A)]) == {page_id(A): b"newer"}


def test_304_moves_last_run_only_and_failures_are_recorded(con, tmp_path: Path):
    load_landing(con, [write_landing(tmp_path / "1" / "p.parquet", [fetch(A)])])
    later = datetime(2026, 1, 12, tzinfo=UTC)
    out = load_landing(
        con,
        [
            write_landing(
                tmp_path / "2" / "p.parquet",
                [
                    fetch(A, run_id="run-2", status=304, when=later),
                    fetch(
                        B,
                        run_id="run-2",
                        status=0,
                        body=None,
                        error="TimeoutError: took too long",
                        when=later,
                    ),
                ],
            )
        ],
    )
    assert (out["not_modified"], out["failed"], out["inserted"]) == (1, 1, 0)
    assert con.execute(
        "SELECT last_run_id, landing_path IS NOT NULL, fetched_at < ? FROM pages", [later]
    ).fetchone() == (
        "run-2",
        True,
        True,
    )
    assert con.execute("SELECT count(*) FROM fetches WHERE run_id = 'run-2'").fetchone()[0] == 2
    assert (
        con.execute("SELECT error FROM fetches WHERE page_id = ?", [page_id(B)])
        .fetchone()[0]
        .startswith("Timeout")
    )


def test_a_bad_file_is_reported_and_the_rest_loads(con, tmp_path: Path):
    bad = tmp_path / "l" / "bad.parquet"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not parquet at all")
    good = write_landing(tmp_path / "l" / "good.parquet", [fetch(A)])
    out = load_landing(con, [bad, good])
    assert out["inserted"] == 1
    assert (
        len(out["errors"]) == 1
        and out["errors"][0].startswith("bad.parquet:")
        and "\n" not in out["errors"][0]
    )


def test_export_known_pages_for_conditional_requests(con, tmp_path: Path):
    load_landing(
        con,
        [write_landing(tmp_path / "l" / "p.parquet", [fetch(A), fetch(B, source="other", etag=None)])],
    )
    path = export_known_pages(con, tmp_path / "known" / "known_pages.parquet", ["demo"])
    table = pq.read_table(path)
    assert {"url", "etag", "last_modified", "lastmod"} <= set(table.column_names)
    assert table.column("url").to_pylist() == [A]
    assert table.column("etag").to_pylist() == ['"v1"']
    everything = pq.read_table(export_known_pages(con, tmp_path / "all.parquet"))
    assert everything.num_rows == 2 and everything.column("etag").to_pylist().count(None) == 1
    empty = pq.read_table(export_known_pages(con, tmp_path / "none.parquet", ["nosuch"]))
    assert empty.num_rows == 0 and "etag" in empty.column_names


def _pending(con, tmp_path: Path, version: str, **kw) -> list[dict]:
    """The rows export_pages_to_clean writes, read back."""
    path = tmp_path / "work" / f"pending-{version}.parquet"
    n = export_pages_to_clean(con, version, path, **kw)
    rows = pq.read_table(path).to_pylist()
    assert len(rows) == n
    return rows


def test_pending_pages_name_the_landing_row_of_their_body(con, tmp_path: Path):
    urls = [f"http://127.0.0.1/news/{i}.html" for i in range(5)]
    landing = write_landing(tmp_path / "l" / "p.parquet", [fetch(u) for u in urls])
    load_landing(con, [landing])
    rows = _pending(con, tmp_path, "c1")
    assert set(rows[0]) == {"page_id", "url", "headers", "body_sha1", "landing_path", "landing_row"}
    assert [r["landing_row"] for r in rows] == [0, 1, 2, 3, 4]  # by file and row: read together
    assert all(r["landing_path"] == str(landing.resolve()) for r in rows)
    bodies = read_bodies(landing, [r["landing_row"] for r in rows])
    assert all(bodies[r["landing_row"]][0] == r["page_id"] for r in rows)
    assert bodies[0][1].startswith(b"<html>") and headers_dict(rows[0]["headers"])["Etag"] == '"v1"'
    sha = {r["page_id"]: r["body_sha1"] for r in rows}
    store_clean_results(
        con, [article(urls[0])], [skip(urls[1])], run_id="r", cleaner_version="c1", body_sha1=sha
    )
    assert sorted(r["url"] for r in _pending(con, tmp_path, "c1")) == sorted(urls[2:])
    assert len(_pending(con, tmp_path, "c2")) == 5  # a new cleaner version redoes all
    assert len(_pending(con, tmp_path, "c1", all_pages=True)) == 5
    # a changed body makes the page pending again, its body now in the newer landing file
    later = datetime(2026, 2, 1, tzinfo=UTC)
    newer = write_landing(tmp_path / "l2" / "p.parquet", [fetch(urls[0], run_id="r2", when=later, body=b"x")])
    load_landing(con, [newer])
    again = {r["url"]: r for r in _pending(con, tmp_path, "c1")}
    assert again[urls[0]]["landing_path"] == str(newer.resolve()) and again[urls[0]]["landing_row"] == 0


def test_bodies_of_older_warehouses_are_exported_and_a_removed_landing_file_is_no_body(con, tmp_path: Path):
    landing = write_landing(tmp_path / "l" / "p.parquet", [fetch(A), fetch(B, body=b"<html>bee</html>")])
    load_landing(con, [landing])
    # a page stored before bodies stayed in landing files: its body is in pages.body, no landing row
    con.execute("UPDATE pages SET body = '<html>bee</html>'::BLOB, landing_path = NULL, landing_row = NULL"
                " WHERE page_id = ?", [page_id(B)])
    landing.unlink()
    assert read_bodies(landing, [0, 1]) == {}
    assert page_bodies(con, [page_id(A), page_id(B)]) == {page_id(A): None, page_id(B): b"<html>bee</html>"}
    out = tmp_path / "work" / "bodies.parquet"
    assert export_bodies(con, [page_id(B)], out) == 1
    assert pq.read_table(out).column("page_id").to_pylist() == [page_id(B)]
    assert read_bodies(out, [0]) == {0: (page_id(B), b"<html>bee</html>")}


def test_pending_pages_date_window(con, tmp_path: Path):
    rows = [
        fetch(A, lastmod=datetime(2025, 6, 1, tzinfo=UTC)),
        fetch(B, lastmod=None, when=datetime(2025, 7, 15, tzinfo=UTC)),
        fetch(C, lastmod=datetime(2025, 8, 1, tzinfo=UTC)),
    ]
    load_landing(con, [write_landing(tmp_path / "l" / "p.parquet", rows)])
    got = [r["url"] for r in _pending(con, tmp_path, "c", since=date(2025, 7, 1), until=date(2025, 7, 31))]
    assert got == [B]
    assert len(_pending(con, tmp_path, "c", since=date(2025, 7, 1))) == 2
    assert len(_pending(con, tmp_path, "c", until=date(2025, 6, 30))) == 1
