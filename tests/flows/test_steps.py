"""End to end without Prefect: the demo site over real HTTP → Scrapy → landing → DuckDB → facts.

Runs the real spider (in its subprocess) against the bundled demo site served on 127.0.0.1, into a
temporary warehouse, then runs again and checks that nothing was added or re-downloaded.
"""

from __future__ import annotations

import dataclasses

import pytest

from flows import steps
from flows.settings import load_settings
from tests.flows.helpers import table_counts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    from spiders.demo_site import start

    data = tmp_path_factory.mktemp("data")
    server, base_url = start(port=0)
    settings = dataclasses.replace(
        load_settings({"AUTOFACTS_DATA": str(data)}), demo_url=base_url
    )
    try:
        first = steps.run_pipeline(settings, ["demo"])
        counts_1 = table_counts(settings)
        second = steps.run_pipeline(settings, ["demo"])
        counts_2 = table_counts(settings)
    finally:
        server.shutdown()
    return settings, first, counts_1, second, counts_2


def test_first_run_lands_articles_skips_and_facts(demo_run) -> None:
    settings, first, counts, _, _ = demo_run
    assert first["crawl"]["fetched"] >= 25
    assert counts["articles"] >= 25
    assert counts["skipped_pages"] >= 2  # listing pages, paywall stub, syndicated duplicate …
    assert counts["partnership_mentions"] > 0
    assert counts["sales_mentions"] > 0


def test_second_run_downloads_no_bodies_and_adds_nothing(demo_run) -> None:
    _, _, counts_1, second, counts_2 = demo_run
    assert second["crawl"]["fetched"] == 0, second["crawl"]
    assert counts_2 == counts_1


def test_duplicate_points_to_first_copy(demo_run) -> None:
    from warehouse.db import connect

    settings = demo_run[0]
    con = connect(settings.db_path, read_only=True)
    try:
        reasons = [r[0] for r in con.execute("SELECT reason FROM skipped_pages").fetchall()]
    finally:
        con.close()
    assert any(r.startswith("duplicate_of:") for r in reasons), reasons


def test_every_fact_has_provenance(demo_run) -> None:
    from warehouse.db import connect

    settings = demo_run[0]
    con = connect(settings.db_path, read_only=True)
    try:
        bad = con.execute(
            """
            SELECT count(*) FROM partnership_mentions m JOIN articles a ON a.id = m.article_id
            WHERE m.sentence IS NULL OR m.extractor_version IS NULL OR m.run_id IS NULL
               OR substr(CASE m.section WHEN 'title' THEN a.title ELSE a.text END,
                         m.start_offset + 1, m.end_offset - m.start_offset) <> m.sentence
            """
        ).fetchone()[0]
    finally:
        con.close()
    assert bad == 0


def test_snapshot_is_published_and_readable(demo_run) -> None:
    import duckdb

    settings = demo_run[0]
    con = duckdb.connect(str(settings.snapshot_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] >= 25
    finally:
        con.close()


def test_the_snapshot_shows_the_newest_run_finished(demo_run) -> None:
    import duckdb

    settings, _, _, second, _ = demo_run
    con = duckdb.connect(str(settings.snapshot_path), read_only=True)
    try:
        newest = con.execute(
            "SELECT run_id, status, finished_at FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert newest[0] == second["run_id"] and newest[1] == "completed" and newest[2] is not None
