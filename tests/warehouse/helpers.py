"""Builders for warehouse tests: landing rows and files in the spider's exact schema, hand-made records."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from spiders.landing import LANDING_SCHEMA  # the one contract between spider and warehouse
from transforms.records import Article, Skip


def page_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()


def fetch(
    url: str,
    *,
    run_id: str = "run-1",
    status: int = 200,
    body: bytes | None = b"<html><body><p>Hello</p></body></html>",
    etag: str | None = '"v1"',
    when: datetime = datetime(2026, 1, 10, 8, 0, tzinfo=UTC),
    lastmod: datetime | None = datetime(2026, 1, 9, tzinfo=UTC),
    error: str | None = None,
    source: str = "demo",
) -> dict[str, Any]:
    """One landing row as the spider writes it."""
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if etag:
        headers["Etag"] = etag
        headers["Last-Modified"] = "Fri, 09 Jan 2026 00:00:00 GMT"
    return {
        "run_id": run_id,
        "source": source,
        "page_id": page_id(url),
        "url": url,
        "final_url": url,
        "status": status,
        "headers": json.dumps(headers),
        "body": body if status != 304 else None,
        "fetched_at": when,
        "discovered_via": "sitemap",
        "lastmod": lastmod,
        "error": error,
    }


def write_landing(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=LANDING_SCHEMA), path)
    return path


def article(url: str, text: str = "Acme and Globex formed a joint venture.", **kw: Any) -> Article:
    values: dict[str, Any] = {
        "id": page_id(url),
        "url": url,
        "canonical_url": url,
        "title": "A headline",
        "author": None,
        "published": date(2026, 1, 9),
        "language": "en",
        "sitename": "Demo",
        "text": text,
        "content_hash": hashlib.sha1(text.encode()).hexdigest(),
        "simhash": 2**63 + 12345,
    }
    values.update(kw)
    return Article(**values)


def skip(url: str, reason: str = "not_article:too_short") -> Skip:
    return Skip(page_id(url), url, reason, "detail")
