"""The warehouse's load API in one namespace (`from warehouse import load as wh`).

Implementations live in modules named for what they hold: pages (landing → fetches/pages),
articles (cleaning results), facts (extraction results, companies) and runs (bookkeeping, reports).
"""

from __future__ import annotations

from warehouse.articles import (
    articles_to_extract,
    articles_without_minhash,
    duplicate_index_rows,
    duplicate_index_seed,
    mark_imported,
    repoint_duplicates,
    store_clean_results,
    store_minhash,
)
from warehouse.facts import store_facts, sync_companies, unresolved_companies
from warehouse.pages import export_known_pages, load_landing, pages_to_clean
from warehouse.runs import (
    chunk_status,
    finish_run,
    last_success,
    mark_chunk,
    mark_died,
    run_facts,
    run_report,
    running_runs,
    start_run,
    status,
)

__all__ = [
    "articles_to_extract",
    "articles_without_minhash",
    "chunk_status",
    "duplicate_index_rows",
    "duplicate_index_seed",
    "export_known_pages",
    "finish_run",
    "last_success",
    "load_landing",
    "mark_chunk",
    "mark_died",
    "mark_imported",
    "pages_to_clean",
    "repoint_duplicates",
    "run_facts",
    "run_report",
    "running_runs",
    "start_run",
    "status",
    "store_clean_results",
    "store_facts",
    "store_minhash",
    "sync_companies",
    "unresolved_companies",
]
