"""Faults end to end: every page of the fault site ends in the warehouse with an outcome.

Real Scrapy against the fault site (500 then 200, 429 with Retry-After, a timeout, a truncated and an
oversized body, a PDF, GBK and Windows-1252 pages with and without a declared charset, malformed
HTML, redirects on and off the site, a hang-up, a robots.txt disallow), then the real load, clean and
extract steps into a DuckDB file. Nothing is lost: each URL is an article, a skipped page with its
reason, or a failed fetch with its reason; the batch goes on past every fault.
"""

from __future__ import annotations

import pytest

from flows import steps
from flows.settings import load_settings
from spiders.run import run_crawl
from tests.mockserver import CHARSET_PAGES, FAULT_OVERRIDES, MockServer, fault_source
from warehouse.db import connect

pytestmark = pytest.mark.slow

FAILED_FETCHES = {
    "/fault/always-503": "http_503",
    "/fault/slow": "timeout",
    "/fault/truncated": "truncated",
    "/fault/huge": "too_large",
    "/fault/huge-stream": "too_large",
    "/fault/pdf": "not_html",
    "/fault/redirect-offsite": "offsite_redirect",
    "/fault/missing": "http_404",
    "/fault/hangup": "connection_error",
    "/private/secret.html": "robots_disallowed",
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    settings = load_settings({"AUTOFACTS_DATA": str(tmp_path_factory.mktemp("data"))})
    run_id = steps.new_run_id("faults")
    steps.start_run(settings, run_id, "test", {})
    with MockServer("faults") as server:
        source = fault_source(server)
        crawl = run_crawl([source], settings.landing_dir, run_id=run_id, overrides=FAULT_OVERRIDES)
        base = server.base
    steps.load(settings, crawl.files, run_id=run_id)
    clean = steps.clean(settings, run_id=run_id)
    steps.extract(settings, run_id=run_id)
    con = connect(settings.db_path, read_only=True)
    try:
        rows = con.execute(
            """
            SELECT f.url, f.error, a.id IS NOT NULL AS article, s.reason
            FROM fetches f
            LEFT JOIN articles a ON a.id = f.page_id
            LEFT JOIN skipped_pages s ON s.page_id = f.page_id
            """
        ).fetchall()
    finally:
        con.close()
    by_path = {url.removeprefix(base): (error, article, reason) for url, error, article, reason in rows}
    return base, clean, by_path


def test_failed_fetches_are_recorded_with_their_reason(outcomes) -> None:
    _, _, by_path = outcomes
    assert {p: by_path[p][0] for p in FAILED_FETCHES} == FAILED_FETCHES


def test_every_landed_page_has_exactly_one_outcome(outcomes) -> None:
    _, _, by_path = outcomes
    for path, (error, article, reason) in by_path.items():
        outcome = [error is not None, article, reason is not None]
        assert outcome.count(True) == 1, (path, error, article, reason)


def test_pages_in_other_encodings_are_decoded_not_set_aside(outcomes) -> None:
    _, _, by_path = outcomes
    for path in CHARSET_PAGES:
        error, article, reason = by_path[path]
        assert error is None and reason != "undecodable", (path, reason)


def test_retried_pages_and_malformed_html_come_through(outcomes) -> None:
    _, clean, by_path = outcomes
    for path in ("/fault/flaky-500", "/fault/429", "/news/malformed.html", "/fault/redirect-local"):
        error, article, reason = by_path[path]
        assert error is None and (article or reason), path
    assert clean["pages"] == sum(1 for error, _, _ in by_path.values() if error is None)
