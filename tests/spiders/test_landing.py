"""Landing batch files: exact schema, numbered atomic batches, lower-case JSON headers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from spiders.landing import (
    LANDING_SCHEMA,
    LandingWriter,
    batch_files,
    headers_json,
    known_pages_from_landing,
    page_id,
)


def _row(i: int, body: bytes | None = b"<html></html>") -> dict:
    url = f"http://x.example/news/{i}.html"
    return {
        "run_id": "r1",
        "source": "x",
        "page_id": page_id(url),
        "url": url,
        "final_url": url,
        "status": 200,
        "headers": headers_json({b"ETag": [b'"e%d"' % i], b"Content-Type": [b"text/html"]}),
        "body": body,
        "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
        "discovered_via": "sitemap",
        "lastmod": None,
        "error": None if body is not None else "timeout",
    }


def test_writer_flushes_every_n_rows_into_numbered_files(tmp_path: Path):
    writer = LandingWriter(tmp_path / "r1", batch_size=2)
    for i in range(5):
        writer.add(_row(i, body=None if i == 3 else b"<html></html>"))
    writer.flush()
    files = batch_files(tmp_path / "r1")
    assert [p.name for p in files] == ["pages-00001.parquet", "pages-00002.parquet", "pages-00003.parquet"]
    assert not list((tmp_path / "r1").glob("*.tmp"))
    table = pa.concat_tables(pq.read_table(p) for p in files)
    assert table.schema.equals(LANDING_SCHEMA)
    assert table.num_rows == 5
    assert table.column("body").null_count == 1
    assert pq.ParquetFile(files[0]).metadata.row_group(0).column(0).compression == "ZSTD"
    # a second writer on the same folder continues the numbering instead of overwriting
    again = LandingWriter(tmp_path / "r1", batch_size=10)
    again.add(_row(9))
    assert again.flush().name == "pages-00004.parquet"


def test_headers_json_lowercases_keys_and_joins_repeats():
    text = headers_json({b"Set-Cookie": [b"a=1", b"b=2"], "Content-Type": "text/html"})
    assert json.loads(text) == {"set-cookie": "a=1, b=2", "content-type": "text/html"}
    assert headers_json(None) == "{}"


def test_page_id_is_sha1_of_requested_url():
    assert page_id("http://x.example/") == "cf087e8737de91b3c60a1f2e0493841f5bad01af"
    assert page_id("http://x.example/a") != page_id("http://x.example/b")


def test_known_pages_reference_export(tmp_path: Path):
    writer = LandingWriter(tmp_path / "r1")
    writer.add(_row(1))
    writer.add(_row(2, body=None))
    known = known_pages_from_landing([writer.flush()])
    assert known.to_pylist() == [
        {"url": "http://x.example/news/1.html", "etag": '"e1"', "last_modified": None, "lastmod": None}
    ]
