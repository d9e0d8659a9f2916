"""Realistic pages for benchmarks: real article markup carrying real, distinct auto-news text.

Demo pages are ~5 kB; real article pages average ~170 kB of markup (navigation, scripts, related
links) around a few kB of text, and that is what cleaning and loading pay for. Each generated page
takes one template from the extraction benchmark (`../shared/corpus/extraction_benchmark`, real
publishers' HTML) and replaces its article paragraphs, headline and date with paragraphs drawn
from three auto-news stories (`../shared/corpus/auto_text`), chosen per page by a seeded RNG, so
pages are distinct (near-duplicate detection keeps them) and carry company names and figures the
extractor finds. Without ../shared it falls back to the demo site's pages and texts (smaller pages).

`python -m tests.benchmarks.realistic OUT.warc.gz N` writes N pages as a WARC.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
BENCH_HTML = SHARED / "extraction_benchmark" / "scrapinghub_article_extraction_benchmark" / "html"
AUTO_TEXT = SHARED / "auto_text"
BASE = "http://bench.test"

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


@dataclass(frozen=True)
class Story:
    title: str
    published: str | None
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    url: str
    html: bytes
    published: str | None


@lru_cache(maxsize=1)
def templates() -> tuple[str, ...]:
    """Article pages to dress: the extraction benchmark's real HTML, else the demo site's articles."""
    if BENCH_HTML.is_dir():
        out = []
        for path in sorted(BENCH_HTML.glob("*.html.gz")):
            text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            if _body_paragraphs(lxml_html.fromstring(text)):
                out.append(text)
        if out:
            return tuple(out)
    from spiders.demo_site import DEMO_ROOT

    return tuple(p.read_text(encoding="utf-8") for p in sorted((Path(DEMO_ROOT) / "news").glob("*.html")))


@lru_cache(maxsize=1)
def stories() -> tuple[Story, ...]:
    """Auto-news stories split into sentences: the shared auto_text files, else the demo site's texts."""
    out: list[Story] = []
    if AUTO_TEXT.is_dir():
        for path in sorted(AUTO_TEXT.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                text = " ".join((rec.get("text") or "").split())
                sentences = tuple(s for s in _SENTENCE.split(text) if len(s) > 30)
                if len(sentences) >= 4:
                    out.append(Story(rec.get("title") or sentences[0][:80], rec.get("published"), sentences))
    if not out:
        from transforms.clean import clean_page
        from transforms.records import Article

        for i, page in enumerate(templates()):
            a = clean_page(str(i), f"{BASE}/{i}", page, {"content-type": "text/html"})
            if isinstance(a, Article):
                sentences = tuple(s for s in _SENTENCE.split(" ".join(a.text.split())) if len(s) > 30)
                out.append(Story(a.title or "", a.published and a.published.isoformat(), sentences))
    return tuple(out)


def page(i: int) -> Page:
    """Page number i (deterministic): template i mod T, text from three stories picked by Random(i)."""
    rng = random.Random(i)
    pool = stories()
    picked = rng.sample(range(len(pool)), 3)
    main = pool[picked[0]]
    paragraphs: list[str] = []
    for k in picked:
        sents = pool[k].sentences[:12]
        paragraphs += [" ".join(sents[j : j + 3]) for j in range(0, len(sents), 3)]
    # keep the lead story first; add a serial so even repeated picks differ
    paragraphs[0] = f"{paragraphs[0]} (Report {i}.)"
    tree = lxml_html.fromstring(templates()[i % len(templates())])
    _dress(tree, main.title, main.published, paragraphs)
    body = lxml_html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")
    return Page(f"{BASE}/news/{i % len(templates()):03d}/story-{i:06d}.html", body, main.published)


def pages(n: int, start: int = 0) -> Iterator[Page]:
    for i in range(start, start + n):
        yield page(i)


def _body_paragraphs(tree) -> list:
    """The <p> children of the element holding the most paragraph text (the article body)."""
    best, best_len = None, 0
    for parent in tree.iter():
        if not isinstance(parent.tag, str):
            continue
        ps = [c for c in parent if c.tag == "p"]
        size = sum(len(p.text_content()) for p in ps)
        if size > best_len:
            best, best_len = ps, size
    return best if best_len > 400 else []


def _dress(tree, title: str, published: str | None, paragraphs: list[str]) -> None:
    ps = _body_paragraphs(tree)
    if ps:
        parent = ps[0].getparent()
        at = parent.index(ps[0])
        for p in ps:
            parent.remove(p)
        for k, text in enumerate(paragraphs):
            el = lxml_html.Element("p")
            el.text = text
            parent.insert(at + k, el)
    for el in tree.iter("title", "h1"):
        el.text = title
        for child in list(el):
            el.remove(child)
    head = tree.find("head")
    if head is not None and published:
        for meta in head.findall("meta"):
            if "date" in (meta.get("property", "") + meta.get("name", "") + meta.get("itemprop", "")).lower():
                head.remove(meta)
        meta = lxml_html.Element("meta", property="article:published_time", content=f"{published}T08:00:00Z")
        head.insert(0, meta)


def write_warc(path: Path, n: int, start: int = 0) -> Path:
    """n realistic pages as a gzip WARC (request + response records, as a crawler writes them)."""
    from tests.warcs import Response
    from tests.warcs import write_warc as write

    return write(
        path,
        (Response(p.url, p.html, date=f"{p.published or '2024-05-01'}T08:00:00Z") for p in pages(n, start)),
    )


if __name__ == "__main__":
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    write_warc(out, count)
    print(f"wrote {count} pages to {out} ({out.stat().st_size / 1e6:.1f} MB)")
