"""The warehouse's load API in one namespace (`from warehouse import load as wh`).

Implementations live in modules named for what they hold: pages (landing → fetches/pages),
articles (cleaning results), facts (extraction results, companies) and runs (bookkeeping, reports).
"""

from __future__ import annotations

from warehouse.articles import articles_to_extract, duplicate_index_rows, mark_imported, store_clean_results
from warehouse.facts import store_facts, sync_companies, unresolved_companies
from warehouse.pages import export_known_pages, load_landing, pages_to_clean
from warehouse.runs import (
    chunk_status,
    finish_run,
    last_success,
    mark_chunk,
    run_facts,
    run_report,
    start_run,
    status,
)

__all__ = [
    "articles_to_extract",
    "chunk_status",
    "duplicate_index_rows",
    "export_known_pages",
    "finish_run",
    "last_success",
    "load_landing",
    "mark_chunk",
    "mark_imported",
    "pages_to_clean",
    "run_facts",
    "run_report",
    "start_run",
    "status",
    "store_clean_results",
    "store_facts",
    "sync_companies",
    "unresolved_companies",
]
