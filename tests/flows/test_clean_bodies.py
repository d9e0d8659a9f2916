"""Where the clean step finds bodies: in the landing file each page records (read by the worker
processes), in pages.body for pages stored before bodies stayed in landing files, and nowhere for a page
whose landing file was removed (it stays pending, counted, and nothing else is held up)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from flows import steps
from flows.settings import load_settings
from spiders.demo_site import DEMO_ROOT
from tests.warehouse.helpers import fetch, page_id, write_landing
from warehouse.db import connect, writer
from warehouse.load import load_landing

NEWS = sorted((Path(DEMO_ROOT) / "news").glob("*.html"))
BASE = "http://demo.test/news/"


def _settings(tmp_path: Path, workers: int):
    return dataclasses.replace(load_settings({"AUTOFACTS_DATA": str(tmp_path / "data")}), workers=workers,
                               clean_batch=2)


def _rows(db: Path, sql: str) -> set[tuple]:
    con = connect(db, read_only=True)
    try:
        return set(con.execute(sql).fetchall())
    finally:
        con.close()


def test_bodies_come_from_landing_files_then_the_warehouse_and_a_removed_file_leaves_pages_pending(tmp_path):
    settings = _settings(tmp_path, workers=2)
    kept = write_landing(settings.landing_dir / "r1" / "pages-00001.parquet",
                         [fetch(BASE + p.name, body=p.read_bytes()) for p in NEWS[:5]])
    gone = write_landing(settings.landing_dir / "r2" / "pages-00001.parquet",
                         [fetch(BASE + p.name, body=p.read_bytes()) for p in NEWS[5:7]])
    with writer(settings.db_path) as con:
        load_landing(con, [kept, gone])
        # a page stored before bodies stayed in landing files: its body in pages.body, no landing row
        con.execute("UPDATE pages SET body = ?, landing_path = NULL, landing_row = NULL WHERE page_id = ?",
                    [NEWS[0].read_bytes(), page_id(BASE + NEWS[0].name)])
    gone.unlink()

    first = steps.clean(settings, run_id="clean-1")
    assert first["pages"] == 5 and first["bodies_unavailable"] == 2
    done = _rows(settings.db_path, "SELECT id FROM articles UNION ALL SELECT page_id FROM skipped_pages")
    assert done == {(page_id(BASE + p.name),) for p in NEWS[:5]}

    again = steps.clean(settings, run_id="clean-2")  # the two without a body are still pending
    assert again.get("pages", 0) == 0 and again["bodies_unavailable"] == 2

    # one worker (in this process) and two worker processes store the same articles
    inline = _settings(tmp_path / "inline", workers=1)
    with writer(inline.db_path) as con:
        load_landing(con, [kept])
    steps.clean(inline, run_id="clean-1")
    sql = "SELECT id, title, text, content_hash, published FROM articles"
    assert _rows(inline.db_path, sql) == _rows(settings.db_path, sql)
