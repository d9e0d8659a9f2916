"""The CPU-bound halves of clean and extract, as batch functions a worker process (or a Dask worker) runs.

A worker reads what it needs itself (bodies from the Parquet file a batch names: a landing file, or a
work file the writer exported) and hands back only small results: articles or skips, facts. It never
opens the warehouse: the one writer process stores the results (flows/steps.py). Everything here is
picklable, so the same batches run in the local process pool (flows/pool.py) or as Prefect tasks on
Dask workers (flows/tasks.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from transforms.records import Article, ArticleFacts, Skip


@dataclass(frozen=True)
class PageRef:
    """A stored page to clean: where its body sits (row of the batch's file) and what it must hash to."""

    page_id: str
    url: str
    headers: dict[str, str]
    body_sha1: str
    row: int


@dataclass(frozen=True)
class CleanBatch:
    """Pages whose bodies sit in one Parquet file (`path`: page_id and body columns)."""

    path: str
    pages: tuple[PageRef, ...]


@dataclass
class CleanedBatch:
    """A cleaned batch: an Article or Skip per page found, and the pages whose body was not there."""

    results: list[Article | Skip] = field(default_factory=list)
    body_sha1: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # file gone, or the body there is not the stored one


def clean_batch(batch: CleanBatch) -> CleanedBatch:
    """Clean every page of a batch whose body is in the batch's file with the expected sha1."""
    from spiders.landing import read_bodies
    from transforms.clean import clean_page

    bodies = read_bodies(Path(batch.path), [p.row for p in batch.pages])
    out = CleanedBatch()
    for ref in batch.pages:
        page_id, body = bodies.get(ref.row, ("", None))
        if page_id != ref.page_id or body is None or hashlib.sha1(body).hexdigest() != ref.body_sha1:
            out.missing.append(ref.page_id)
            continue
        out.results.append(clean_page(ref.page_id, ref.url, body, ref.headers))
        out.body_sha1[ref.page_id] = ref.body_sha1
    return out


@dataclass(frozen=True)
class ExtractBatch:
    """Articles to extract facts from: dicts with id, url, title, text, published."""

    articles: tuple[dict[str, Any], ...]


def extract_batch(batch: ExtractBatch) -> list[tuple[ArticleFacts, date | None]]:
    """Facts of every article of a batch, with its publication date (stored beside the facts)."""
    from transforms.extract import extract_article, parse_published

    return [(extract_article(a), parse_published(a.get("published"))) for a in batch.articles]
