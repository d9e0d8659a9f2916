"""dom_author must find exactly what trafilatura 2.3.1's extract_author finds, page by page."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html

from spiders.demo_site import DEMO_ROOT
from transforms.bylines import dom_author

ROOT = Path(__file__).resolve().parents[2]
SHARED_HTML = ROOT.parent / "shared" / "corpus"

# one page per condition of trafilatura's three searches and its discard rules (our own markup)
BYLINES = [
    '<a rel="author" href="/x">Jane Smith</a>',
    '<span id="author">Jane Smith</span>',
    '<strong class="author">Jane Smith</strong>',
    '<span itemprop="author name">Jane Smith</span>',
    '<div data-testid="AuthorCard">Jane Smith</div>',
    '<p class="post-author-name">Jane Smith</p>',
    '<p class="AuthorName">Jane Smith</p>',
    "<author>Jane Smith</author>",
    '<h4 class="byline">By Jane Smith</h4>',
    '<span class="BBL">Jane Smith</span>',
    '<div itemprop="author"><span>Jane Smith</span></div>',
    '<div id="zuozhe">Jane Smith</div>',
    '<span class="posted-by">Jane Smith</span>',
    '<section data-component="Byline">Jane Smith</section>',
    '<li class="writer">Jane Smith</li>',
    '<em class="Byline-text">Jane Smith</em>',
    # the first search outranks the later ones whatever the order on the page
    '<span class="byline">By Someone Else</span><a rel="author">Jane Smith</a>',
    # pruned: in comments, in a sidebar, a date, a figure; and a discarded part inside the byline
    '<div id="comments"><span class="author">Commenter Name</span></div><p class="byl">Jane Smith</p>',
    '<div class="sidebar"><a rel="author">Other Writer</a></div>',
    '<figure><span class="author">Photo Credit</span></figure><span class="byline">Jane Smith</span>',
    '<span class="author">Jane <time>2024-05-01</time>Smith</span>',
    '<div class="author"><span class="date">May 1</span> Jane Smith</div>',
    # too long to be a byline, then a short one
    f'<div class="author">{"word " * 40}</div><span class="byline">Jane Smith</span>',
    '<p>No byline here at all.</p>',
]


def _same(html: str) -> None:
    tree = load_html(html)
    assert dom_author(tree) == extract_author(tree)


@pytest.mark.parametrize("body", BYLINES)
def test_each_rule_of_trafilaturas_author_search_gives_its_answer(body):
    _same(f"<html><head><title>t</title></head><body><article><p>Text.</p>{body}</article></body></html>")


def test_the_demo_sites_pages_give_trafilaturas_bylines():
    pages = sorted(Path(DEMO_ROOT).rglob("*.html"))
    assert pages
    for path in pages:
        _same(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not SHARED_HTML.exists(), reason="../shared not present (real publishers' pages)")
def test_real_publishers_pages_give_trafilaturas_bylines():
    paths = sorted(SHARED_HTML.rglob("*.html*"))
    found = 0
    for path in paths:
        raw = path.read_bytes()
        tree = load_html((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace"))
        if tree is None:
            continue
        mine, theirs = dom_author(tree), extract_author(tree)
        assert mine == theirs, path.name
        found += theirs is not None
    assert found > 50  # the check compared real bylines, not only pages without one
