"""Cleaning results ↔ articles/skipped_pages: upserts, moves between tables, dedupe seed, extraction queue."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from tests.warehouse.helpers import article, page_id, skip
from transforms.records import ArticleFacts
from warehouse.load import duplicate_index_rows, export_articles_to_extract, store_clean_results, store_facts

A = "http://127.0.0.1/a"
B = "http://127.0.0.1/b"
C = "http://127.0.0.1/c"


def articles_to_extract(con, version: str, *, batch_size: int = 250, **kw) -> list[list[dict]]:
    """Batches (row groups) of the work file export_articles_to_extract writes, read back."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "extract.parquet"
        n = export_articles_to_extract(con, version, path, batch_size=batch_size, **kw)
        source = pq.ParquetFile(path)
        batches = [source.read_row_group(i).to_pylist() for i in range(source.metadata.num_row_groups)]
    assert sum(map(len, batches)) == n
    return batches


def _store(con, articles, skips, run="r1", version="c1"):
    sha = {x.id: "sha-" + x.id[:6] for x in [*articles, *skips]}
    return store_clean_results(con, articles, skips, run_id=run, cleaner_version=version, body_sha1=sha)


def test_round_trip_and_idempotent(con):
    _store(con, [article(A), article(B, text="Other text")], [skip(C)])
    _store(con, [article(A), article(B, text="Other text")], [skip(C)])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM skipped_pages").fetchone()[0] == 1
    row = con.execute(
        "SELECT simhash, published, body_sha1, cleaner_version FROM articles WHERE id = ?", [page_id(A)]
    )
    assert row.fetchone() == (2**63 + 12345, date(2026, 1, 9), "sha-" + page_id(A)[:6], "c1")


def test_article_becoming_skip_moves_and_drops_its_facts(con):
    _store(con, [article(A)], [])
    store_facts(con, [ArticleFacts(page_id(A), "x1")], run_id="r1", published={})
    assert con.execute("SELECT count(*) FROM extractions").fetchone()[0] == 1
    counts = _store(con, [], [skip(A)], run="r2", version="c2")
    assert counts["to_skips"] == 1
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert con.execute("SELECT reason, run_id FROM skipped_pages").fetchone() == (
        "not_article:too_short",
        "r2",
    )
    assert con.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0
    counts = _store(con, [article(A)], [], run="r3", version="c3")
    assert counts["to_articles"] == 1
    assert con.execute("SELECT count(*) FROM skipped_pages").fetchone()[0] == 0
    # first_run_id/first_seen_at survive re-cleaning
    _store(con, [article(A, title="New title")], [], run="r4", version="c4")
    assert con.execute("SELECT first_run_id, run_id, title FROM articles").fetchone() == (
        "r3",
        "r4",
        "New title",
    )


def test_duplicates_and_dedupe_seed(con):
    _store(con, [article(A)], [])
    _store(con, [article(B, text="second")], [])
    _store(con, [article(C, text="dup")], [skip(C, reason=f"duplicate_of:{page_id(A)}")])  # both given
    assert con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [page_id(C)]).fetchone()[
        0
    ] == page_id(A)
    rows = duplicate_index_rows(con)
    assert [r[0] for r in rows] == [page_id(A), page_id(B)]  # first seen first, duplicates left out
    assert rows[0][2] == 2**63 + 12345 and isinstance(rows[0][1], str)
    ids = [a["id"] for batch in articles_to_extract(con, "x1") for a in batch]
    assert sorted(ids) == sorted([page_id(A), page_id(B)])


def test_articles_to_extract_queue(con):
    _store(
        con,
        [article(A), article(B, text="b", published=None), article(C, text="c", published=date(2025, 3, 1))],
        [],
    )
    batches = list(articles_to_extract(con, "x1", batch_size=2))
    assert [len(b) for b in batches] == [2, 1]
    first = batches[0][0]
    assert set(first) == {"id", "url", "title", "text", "published"}
    store_facts(con, [ArticleFacts(page_id(A), "x1")], run_id="r", published={})
    assert page_id(A) not in [a["id"] for b in articles_to_extract(con, "x1") for a in b]
    assert page_id(A) in [a["id"] for b in articles_to_extract(con, "x2") for a in b]  # new version
    assert len([a for b in articles_to_extract(con, "x1", all_articles=True) for a in b]) == 3
    # a re-cleaned article whose text changed is queued again for the same version
    _store(con, [article(A, text="changed text")], [], run="r2")
    assert page_id(A) in [a["id"] for b in articles_to_extract(con, "x1") for a in b]
    window = [
        a["id"]
        for b in articles_to_extract(con, "x1", since=date(2025, 1, 1), until=date(2025, 12, 31))
        for a in b
    ]
    assert window == [page_id(C)]
