"""The warehouse's load API in one namespace (`from warehouse import load as wh`).

Implementations live in modules named for what they hold: pages (landing → fetches/pages),
articles (cleaning results), facts (extraction results, companies) and runs (bookkeeping, reports).
"""

from __future__ import annotations

from warehouse.articles import (
    articles_without_minhash,
    duplicate_index_rows,
    duplicate_index_seed,
    export_articles_to_extract,
    mark_imported,
    repoint_duplicates,
    store_clean_results,
    store_minhash,
)
from warehouse.facts import store_facts, sync_companies, unresolved_companies
from warehouse.pages import export_bodies, export_known_pages, export_pages_to_clean, load_landing
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
    "articles_without_minhash",
    "chunk_status",
    "duplicate_index_rows",
    "duplicate_index_seed",
    "export_articles_to_extract",
    "export_bodies",
    "export_known_pages",
    "export_pages_to_clean",
    "finish_run",
    "last_success",
    "load_landing",
    "mark_chunk",
    "mark_died",
    "mark_imported",
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
