"""Web archives as a page source: WARC response records → landing rows, as if they had been crawled.

Years of history come from archives (Common Crawl's CC-NEWS, a team's own WARCs), not from
re-crawling publishers page by page. `read_warc` walks a WARC file (gzip or plain) with warcio and
yields one landing row per HTTP response, in LANDING_SCHEMA, with the archive file and the record's
byte offset as provenance; `import_warc` writes them as ordinary landing batch files, so the
warehouse loads, cleans and extracts them exactly like a crawl's.

Non-HTML responses and redirects become fetch rows without a body (`not_html`, `redirect`); a
record cut short (a truncated download) is counted and reported, and everything before it is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from spiders.landing import LandingWriter, headers_json, page_id

HTML_TYPES = ("text/html", "application/xhtml+xml")
DISCOVERED_VIA = "warc"


@dataclass
class ArchiveResult:
    """What one WARC import landed: counts by kind, the batch files and one line per problem."""

    files: list[Path] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def read_warc(path: Path, *, run_id: str, source: str, counts: Counter[str] | None = None,
              problems: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Landing rows for the response records of one WARC file (streamed: one record in memory).

    `counts` gets records, responses, html, not_html, redirects, other_records (request, metadata,
    warcinfo, ...) and truncated; `problems` gets one line per truncated or unreadable record.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    counts = counts if counts is not None else Counter()
    problems = problems if problems is not None else []
    path = Path(path).resolve()
    size = path.stat().st_size
    end = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                offset = records.offset  # where this record starts (get_record_offset() reads it first)
                counts["records"] += 1
                row = _response_row(record, path, offset, run_id=run_id, source=source, counts=counts)
                records.read_to_end(record)
                end = offset + records.get_record_length()
                if row is None:
                    continue
                if row.pop("_truncated"):
                    counts["truncated"] += 1
                    problems.append(f"{path.name}@{offset}: record truncated, not imported")
                    continue
                yield row
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError) as exc:
            # a record cut inside its headers: warcio fails on it in one of these ways
            counts["truncated"] += 1
            problems.append(f"{path.name}@{end}: unreadable record ({_one_line(exc)}); the rest skipped")
            return
    if size - end > 32:  # warcio stops quietly at a record cut before its payload: bytes are left
        counts["truncated"] += 1
        problems.append(f"{path.name}@{end}: {size - end} trailing bytes are no complete record")


def _response_row(record: Any, path: Path, offset: int, *, run_id: str, source: str,
                  counts: Counter[str]) -> dict[str, Any] | None:
    """The landing row of one response record (None for requests, metadata, warcinfo, ...)."""
    if record.rec_type != "response" or record.http_headers is None:
        counts["other_records"] += 1
        return None
    counts["responses"] += 1
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    status = int(http.get_statuscode() or 0)
    headers = headers_json({k.lower(): v for k, v in http.headers})
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    body: bytes | None = record.content_stream().read()
    truncated = getattr(record.raw_stream, "limit", 0) > 0  # payload shorter than its Content-Length
    error: str | None = None
    final_url = url
    if truncated:
        pass  # counted by the caller, never landed
    elif 300 <= status < 400:
        counts["redirects"] += 1
        error, body = "redirect", None
        final_url = urljoin(url, http.get_header("Location") or "") or url
    elif not 200 <= status < 300:
        error, body = f"http_{status}", None
    elif content_type and not content_type.startswith(HTML_TYPES):
        counts["not_html"] += 1
        error, body = "not_html", None
    else:
        counts["html"] += 1
    return {
        "run_id": run_id,
        "source": source,
        "page_id": page_id(url),
        "url": url,
        "final_url": final_url,
        "status": status,
        "headers": headers,
        "body": body,
        "fetched_at": _warc_date(record.rec_headers.get_header("WARC-Date")),
        "discovered_via": DISCOVERED_VIA,
        "lastmod": None,
        "error": error,
        "archive_path": str(path),
        "archive_offset": offset,
        "_truncated": truncated,
    }


def import_warc(
    path: Path, batch_dir: Path, *, run_id: str, source: str, batch_size: int = 500
) -> ArchiveResult:
    """One WARC file → landing batch files in `batch_dir` (bounded memory: `batch_size` rows at a time)."""
    result = ArchiveResult()
    writer = LandingWriter(batch_dir, batch_size)
    for row in read_warc(path, run_id=run_id, source=source, counts=result.counts, problems=result.problems):
        writer.add(row)
    writer.flush()
    result.files = list(writer.files)
    return result


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
