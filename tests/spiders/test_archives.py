"""WARC files → landing rows: responses keep their archive offset, the rest is counted, cuts reported."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from spiders.archives import import_warc, read_warc
from spiders.landing import LANDING_SCHEMA, page_id
from tests.warcs import Response, truncate_last_record, write_warc

HTML = (
    b"<html><head><title>T</title></head><body><article><p>"
    + b"Words here. " * 50
    + b"</p></article></body></html>"
)


def _archive(path: Path) -> Path:
    return write_warc(
        path,
        [
            Response("http://news.test/a", HTML),
            Response(
                "http://news.test/old",
                status="301 Moved Permanently",
                headers=[("Location", "/b"), ("Content-Type", "text/html")],
            ),
            Response("http://news.test/b", HTML.replace(b"Words", b"Other")),
            Response(
                "http://news.test/logo.png", b"\x89PNG\r\n\x1a\n...", headers=[("Content-Type", "image/png")]
            ),
            Response("http://news.test/gone", b"nope", status="404 Not Found"),
            Response("http://news.test/c", HTML.replace(b"Words", b"Third")),
        ],
    )


def test_responses_become_landing_rows_with_offsets(tmp_path: Path):
    path = _archive(tmp_path / "news.warc.gz")
    counts: Counter[str] = Counter()
    rows = list(read_warc(path, run_id="import-1", source="archive", counts=counts))
    by_url = {r["url"]: r for r in rows}
    assert set(by_url) == {"http://news.test/" + p for p in ("a", "old", "b", "logo.png", "gone", "c")}
    a = by_url["http://news.test/a"]
    assert (
        a["body"] == HTML and a["status"] == 200 and a["error"] is None and a["page_id"] == page_id(a["url"])
    )
    assert a["archive_path"] == str(path.resolve()) and a["discovered_via"] == "warc"
    redirect = by_url["http://news.test/old"]
    assert redirect["error"] == "redirect" and redirect["body"] is None
    assert redirect["final_url"] == "http://news.test/b"
    assert by_url["http://news.test/logo.png"]["error"] == "not_html"
    assert by_url["http://news.test/gone"]["error"] == "http_404"
    # the offset points at the record: reading from there yields that record first
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        fh.seek(by_url["http://news.test/c"]["archive_offset"])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == "http://news.test/c"
    assert counts["records"] == 13 and counts["responses"] == 6 and counts["html"] == 3
    assert counts["redirects"] == 1 and counts["not_html"] == 1 and counts["other_records"] == 7
    assert counts["truncated"] == 0


def test_truncated_final_record_is_counted_and_the_rest_kept(tmp_path: Path):
    for keep in (0.3, 0.95):  # cut before the payload (warcio says nothing) and inside it
        path = truncate_last_record(_archive(tmp_path / f"cut-{keep}.warc.gz"), keep=keep)
        counts: Counter[str] = Counter()
        problems: list[str] = []
        urls = [r["url"] for r in read_warc(path, run_id="r", source="s", counts=counts, problems=problems)]
        assert "http://news.test/c" not in urls and "http://news.test/b" in urls
        assert counts["truncated"] == 1 and len(problems) == 1 and path.name in problems[0]


def test_import_writes_landing_files_in_the_landing_schema(tmp_path: Path):
    path = _archive(tmp_path / "news.warc")  # uncompressed WARCs read too
    result = import_warc(
        path, tmp_path / "landing" / "import-1", run_id="import-1", source="archive", batch_size=4
    )
    assert len(result.files) == 2
    table = pq.read_table(result.files)
    assert table.schema.equals(LANDING_SCHEMA) and table.num_rows == 6
