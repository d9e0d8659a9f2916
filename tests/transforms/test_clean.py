"""clean_page / clean_records on our own fixture pages (and, when ../shared is there, the benchmark)."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

import transforms.clean as clean_module
from transforms.clean import CLEANER_VERSION, clean_page, clean_records
from transforms.dedupe import content_hash, simhash
from transforms.records import Article, Skip

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SHARED = Path(__file__).resolve().parents[3] / "shared"
BENCH = SHARED / "corpus" / "extraction_benchmark" / "scrapinghub_article_extraction_benchmark"
URL = "https://www.fleetline.example/news/2024/03/harbour?utm_source=rss#top"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_article_page_becomes_an_article_with_metadata():
    art = clean_page("p1", URL, page("article.html"))
    assert isinstance(art, Article)
    assert art.id == "p1" and art.url == URL
    assert art.canonical_url == "https://www.fleetline.example/news/2024/03/harbour-voltaic-battery-jv"
    assert art.title == "Harbour Motors and Voltaic Cells form battery joint venture"
    assert art.author == "Maria Okonkwo"
    assert art.published == date(2024, 3, 14)
    assert art.language == "en"
    assert art.sitename == "Fleetline News"
    assert art.text.startswith("Harbour Motors and the battery maker Voltaic Cells have agreed")
    assert "Regulators in the European Union still have to approve the deal." in art.text
    for boilerplate in ("Home", "Related stories", "All rights reserved", "Van sales slump"):
        assert boilerplate not in art.text
    assert art.content_hash == content_hash(art.text) and art.simhash == simhash(art.text)
    assert art.to_contract()["published"] == "2024-03-14"


def test_str_and_bytes_bodies_agree():
    assert clean_page("p1", URL, page("article.html")) == clean_page("p1", URL, page("article.html").decode())


@pytest.mark.parametrize(
    ("name", "content_type", "language", "snippet"),
    [
        ("gbk_declared.html", None, "zh", "港湾汽车与伏特电池公司周四宣布"),
        ("gbk_undeclared.html", None, "zh", "港湾汽车与伏特电池公司周四宣布"),
        ("gbk_undeclared.html", "text/html; charset=utf-8", "zh", "伏特电池将提供正极材料技术"),
        ("cp1252_declared.html", None, "de", "„Die Kunden fragen nicht mehr"),
        ("cp1252_undeclared.html", None, "de", "unter 30.000 €"),
        ("cp1252_undeclared.html", "text/html; charset=utf-8", "de", "Händler müssten"),
    ],
)
def test_legacy_encodings_declared_undeclared_and_misdeclared(name, content_type, language, snippet):
    headers = {"Content-Type": content_type} if content_type else None
    art = clean_page("p", "https://news.example/a", page(name), headers)
    assert isinstance(art, Article), art
    assert snippet in art.text
    assert art.language == language


def test_malformed_but_parseable_html_still_yields_the_article():
    art = clean_page("m", "https://news.example/used-evs", page("malformed.html"))
    assert isinstance(art, Article), art
    assert art.title == "Dealers report record spring for used electric cars"
    assert "Used electric car sales rose to a record in the spring" in art.text
    assert "Prices fell by about a sixth" in art.text


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("listing.html", "not_article:listing"),
        ("paywall.html", "not_article:paywall"),
        ("too_short.html", "not_article:too_short"),
    ],
)
def test_pages_that_are_not_articles_are_skipped_with_a_reason(name, reason):
    skip = clean_page("s", "https://news.example/x", page(name))
    assert isinstance(skip, Skip)
    assert skip.reason == reason
    assert skip.detail and "\n" not in skip.detail
    assert skip.to_contract() == {"id": "s", "skipped": reason}


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"%PDF-1.7 binary", None, "not_html"),
        (b"<html><body><p>x</p></body></html>", {"content-type": "application/json"}, "not_html"),
        (b"\x89PNG\r\n\x1a\n....", {"Content-Type": "text/html"}, "not_html"),
        (bytes(range(1, 256)) * 8, {"Content-Type": "text/html"}, "undecodable"),
        (b"", None, "empty"),
        ("   \n ", None, "empty"),
        ("<html><head><title></title></head><body> </body></html>", None, "empty"),
        ("Just a line of plain text where a page should be, with no markup at all.", None, "malformed_html"),
        (None, None, "extract_error"),
    ],
)
def test_bad_input_is_a_skip_never_an_exception(body, headers, reason):
    skip = clean_page("b", "https://news.example/b", body, headers)
    assert isinstance(skip, Skip)
    assert skip.reason == reason
    assert "\n" not in skip.detail


def test_every_skip_reason_is_documented():
    doc = clean_module.__doc__
    for reason in ("not_html", "undecodable", "empty", "malformed_html", "not_article:paywall",
                   "not_article:listing", "not_article:too_short", "extract_error", "duplicate_of:"):
        assert f"``{reason}" in doc


def test_clean_records_contract_and_in_batch_duplicates():
    article = page("article.html").decode()
    records = [
        {"id": "a1", "url": "https://www.fleetline.example/news/harbour", "html": article},
        {"id": "a2", "url": "https://motortradedaily.example/industry/harbour",
         "html": page("syndicated.html").decode()},
        {"id": "a3", "url": "https://mirror.example/harbour", "html": article},
        {"id": "l1", "url": "https://www.fleetline.example/electric/", "html": page("listing.html").decode()},
        {"id": "n1", "url": "https://news.example/n"},
        "not an object",
    ]
    out = list(clean_records(records))
    assert len(out) == 6
    first = out[0]
    assert set(first) == {"id", "url", "title", "author", "published", "language", "text"}
    assert first["id"] == "a1" and first["published"] == "2024-03-14"
    json.dumps(out)  # every line is JSON-serialisable
    assert out[1] == {"id": "a2", "skipped": "duplicate_of:a1"}
    assert out[2] == {"id": "a3", "skipped": "duplicate_of:a1"}
    assert out[3] == {"id": "l1", "skipped": "not_article:listing"}
    assert out[4] == {"id": "n1", "skipped": "empty"}
    assert out[5] == {"id": None, "skipped": "bad_record"}


def test_clean_records_is_deterministic():
    records = [{"id": "a1", "url": URL, "html": page("article.html").decode()}]
    assert list(clean_records(records)) == list(clean_records(records))


def test_cleaner_version_names_the_extractor():
    assert isinstance(CLEANER_VERSION, str) and "trafilatura" in CLEANER_VERSION


@pytest.mark.shared
@pytest.mark.skipif(not BENCH.exists(), reason="../shared not present")
def test_no_benchmark_article_is_skipped():
    from transforms.encoding import decode_html

    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    records = [
        {"id": pid, "url": gold["url"],
         "html": decode_html(gzip.decompress((BENCH / "html" / f"{pid}.html.gz").read_bytes()))}
        for pid, gold in truth.items()
    ]
    skipped = [line for line in clean_records(records) if "skipped" in line]
    assert skipped == []
