"""`autofacts import`: a WARC and news-please / fundus JSON Lines into the same tables as a crawl, twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from flows.settings import load_settings
from spiders.demo_site import DEMO_ROOT
from tests.flows.helpers import table_counts, table_rows
from tests.warcs import Response, truncate_last_record, write_warc

BASE = "http://demo.test"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("AUTOFACTS_DB", raising=False)
    return load_settings()


def demo_warc(path: Path) -> tuple[Path, int]:
    """The demo site's articles as a WARC, with a redirect, an image and a truncated final record."""
    pages = sorted((Path(DEMO_ROOT) / "news").glob("*.html"))
    responses = [Response(f"{BASE}/news/{p.name}", p.read_bytes()) for p in pages]
    responses.insert(
        3,
        Response(
            f"{BASE}/old-link",
            status="301 Moved Permanently",
            headers=[("Location", f"/news/{pages[0].name}")],
        ),
    )
    responses.insert(
        5,
        Response(
            f"{BASE}/static/logo.png",
            b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
            headers=[("Content-Type", "image/png")],
        ),
    )
    responses.append(Response(f"{BASE}/news/cut-short.html", pages[0].read_bytes()))
    truncate_last_record(write_warc(path, responses), keep=0.6)
    return path, len(pages)


def run_import(*files: Path, capsys) -> dict:
    assert main(["import", "--json", *map(str, files)]) == 0
    return json.loads(capsys.readouterr().out)


def test_warc_import_is_a_crawl_twice_without_duplicates(settings, tmp_path, capsys):
    warc, n_pages = demo_warc(tmp_path / "CC-NEWS-demo.warc.gz")
    first = run_import(warc, capsys=capsys)
    imported = first["import"]["warc"]
    assert imported["html"] == n_pages and imported["redirects"] == 1 and imported["not_html"] == 1
    assert imported["truncated"] == 1 and any(
        "cut" in p or "truncated" in p or "@" in p for p in first["import"]["problems"]
    )
    counts = table_counts(settings)
    assert counts["pages"] == n_pages
    assert (
        counts["articles"] >= n_pages - 6
        and counts["partnership_mentions"] > 0
        and counts["sales_mentions"] > 0
    )
    assert settings.snapshot_path.exists()
    provenance = table_rows(settings, "SELECT url, archive_path, archive_offset FROM pages")
    assert all(path == str(warc.resolve()) and offset > 0 for _, path, offset in provenance)
    fetches = table_rows(settings, "SELECT url, error, archive_offset FROM fetches")
    assert (f"{BASE}/old-link", "redirect") in {(u, e) for u, e, _ in fetches}

    facts = "SELECT article_id, company_a, company_b, kind, sentence FROM partnership_mentions"
    before = table_rows(settings, facts), table_rows(settings, "SELECT * EXCLUDE (run_id) FROM fetches")
    second = run_import(warc, capsys=capsys)
    assert second["import"]["warc"]["load"]["fetches"] == 0
    assert table_counts(settings) == counts
    assert (
        table_rows(settings, facts),
        table_rows(settings, "SELECT * EXCLUDE (run_id) FROM fetches"),
    ) == before


def _demo_texts() -> list[dict]:
    from transforms.clean import clean_page
    from transforms.records import Article

    out = []
    for p in sorted((Path(DEMO_ROOT) / "news").glob("*.html"))[:8]:
        a = clean_page("x", f"{BASE}/news/{p.name}", p.read_bytes(), {"content-type": "text/html"})
        if isinstance(a, Article):
            out.append(a)
    return out


def test_news_please_and_fundus_lines_go_straight_to_articles(settings, tmp_path, capsys):
    arts = _demo_texts()
    half = len(arts) // 2
    news_please = tmp_path / "news-please.jsonl"
    news_please.write_text(
        "".join(
            json.dumps(
                {
                    "url": a.url,
                    "title": a.title,
                    "maintext": a.text,
                    "date_publish": f"{a.published} 08:00:00",
                    "authors": ["Jane Doe", "Li Wei"],
                    "language": "en",
                    "source_domain": "demo.test",
                    "description": None,
                    "image_url": None,
                }
            )
            + "\n"
            for a in arts[:half]
        )
        + "{not json\n",
        encoding="utf-8",
    )
    fundus = tmp_path / "fundus.jsonl"
    fundus.write_text(
        "".join(
            json.dumps(
                {
                    "url": a.url,
                    "title": a.title,
                    "plaintext": a.text,
                    "publishing_date": f"{a.published}T08:00:00+00:00",
                    "authors": ["Jane Doe"],
                    "language": "en",
                    "publisher": "Demo News",
                }
            )
            + "\n"
            for a in arts[half:]
        )
        + json.dumps({"url": f"{BASE}/copy", "title": "copy", "plaintext": arts[0].text})
        + "\n",
        encoding="utf-8",
    )
    first = run_import(news_please, fundus, capsys=capsys)
    jl = first["import"]["jsonl"]
    assert jl["articles"] == len(arts) and jl["duplicates"] == 1 and jl["bad_lines"] == 1
    rows = table_rows(
        settings, "SELECT url, author, published, archive_path, archive_offset, sitename FROM articles"
    )
    assert {r[0] for r in rows} == {a.url for a in arts}
    by_url = {r[0]: r for r in rows}
    assert by_url[arts[0].url][1] == "Jane Doe, Li Wei" and by_url[arts[0].url][2] == arts[0].published
    assert by_url[arts[0].url][3] == str(news_please.resolve()) and by_url[arts[0].url][4] == 0
    assert by_url[arts[-1].url][5] == "Demo News"
    skipped = table_rows(settings, "SELECT url, reason FROM skipped_pages")
    assert {u for u, _ in skipped} == {f"{BASE}/copy"}
    counts = table_counts(settings)
    assert counts["partnership_mentions"] + counts["sales_mentions"] > 0

    run_import(news_please, fundus, capsys=capsys)
    assert table_counts(settings) == counts


def test_import_rejects_unknown_and_missing_files(settings, tmp_path, capsys):
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    assert main(["import", str(other)]) == 2
    assert main(["import", str(tmp_path / "missing.warc.gz")]) == 2
    err = capsys.readouterr().err
    assert "not a WARC or JSON Lines" in err and "input file not found" in err
