"""Writing WARC files for tests and benchmarks with warcio, as a crawler (or CC-NEWS) would."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class Response:
    """One HTTP exchange to archive: a response record, preceded by its request record."""

    url: str
    body: bytes = b""
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")]
    )
    date: str = "2024-05-01T08:00:00Z"


def write_warc(
    path: Path, responses: Iterable[Response], *, gzip: bool = True, warcinfo: bool = True
) -> Path:
    """A WARC file of request + response records (gzip per record, as CC-NEWS ships them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        if warcinfo:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "autofacts tests"}))
        for r in responses:
            request = writer.create_warc_record(
                r.url,
                "request",
                payload=io.BytesIO(f"GET {r.url} HTTP/1.1\r\n\r\n".encode()),
                warc_headers_dict={"WARC-Date": r.date},
            )
            writer.write_record(request)
            http = StatusAndHeaders(r.status, r.headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                r.url,
                "response",
                payload=io.BytesIO(r.body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": r.date},
            )
            writer.write_record(record)
    return path


def truncate_last_record(path: Path, keep: float = 0.5) -> Path:
    """Cut the file inside its last record (a download that stopped part-way)."""
    data = path.read_bytes()
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        last = 0
        for _ in it:
            last = it.get_record_offset()
    length = len(data) - last
    path.write_bytes(data[: last + int(length * keep)])
    return path
