"""Fault: a page with megabytes of text. Mention finding and extraction stay linear in its length, and the
cleaner cuts text above its documented limit with the reason recorded (issue 10, item 5).

Growth is measured by counting the Python lines executed (sys.settrace) at two sizes: deterministic on any
machine, unlike a timing, and a rescan of earlier mentions shows up as lines. Four times the text may
cost at most six times the lines (a quadratic scan costs sixteen).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from transforms.clean import MAX_TEXT_CHARS, _cut, clean_page
from transforms.document import Section
from transforms.extract import extract_article
from transforms.mentions import find_mentions
from transforms.records import Mention, Sentence

# Our own sentences: dense in company names, partnership cues and sales figures, like a wire digest.
_SENTENCES = (
    "BYD Co Ltd sold {n} vehicles in March, up from {m} a year earlier.",
    "Volkswagen AG and Ford Motor Co agreed to jointly develop electric vans for Europe.",
    "CATL will supply battery cells to Stellantis under a {n}-unit contract, the companies said.",
    "Tesla delivered {n} cars in the quarter, while Nio Inc reported {m} deliveries.",
    "Huawei teamed up with Chery Automobile and BAIC Motor on a new brand.",
    "Acme Mobility Technologies Ltd signed a memorandum of understanding with Toyota Motor Corp.",
    "Registrations of the Kia EV6 reached {n} units in Germany in May.",
    "Analysts at the Shanghai Auto Show expected Geely Automobile Holdings to sell {m} cars this year.",
)


def digest(chars: int) -> str:
    """About `chars` characters of our own auto-news sentences, in paragraphs of four."""
    parts: list[str] = []
    size = i = 0
    while size < chars:
        para = " ".join(
            _SENTENCES[(i + k) % len(_SENTENCES)].format(n=1000 + (i * 37 + k) % 9000, m=900 + (i * 11) % 800)
            for k in range(4)
        )
        parts.append(para)
        size += len(para) + 2
        i += 1
    return "\n\n".join(parts)[:chars]


def _lines(fn: Callable[[], object]) -> int:
    """Python lines executed by fn(), counted with a trace function."""
    count = 0

    def trace(frame, event, arg):  # noqa: ANN001 - sys.settrace's signature
        nonlocal count
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


SMALL, LARGE = 50_000, 200_000  # four times the text


def test_mention_finding_is_linear_in_text_length():
    small, large = digest(SMALL), digest(LARGE)
    find_mentions("warm up BYD")
    n_small = _lines(lambda: find_mentions(small))
    n_large = _lines(lambda: find_mentions(large))
    assert n_large < 6 * n_small, (n_small, n_large)


def test_extraction_is_linear_in_text_length():
    small, large = digest(SMALL), digest(LARGE)
    extract_article({"id": "warm", "title": "t", "text": "BYD sold 5 cars."})
    out: dict[str, object] = {}

    def run(name: str, text: str) -> None:
        out[name] = extract_article({"id": name, "title": "Digest", "text": text, "published": "2024-04-02"})

    n_small = _lines(lambda: run("small", small))
    n_large = _lines(lambda: run("large", large))
    assert out["small"].sales and out["small"].partnerships  # the text does exercise both extractors
    assert n_large < 6 * n_small, (n_small, n_large)


def test_section_lookups_by_offset_match_a_scan():
    text = digest(3_000)
    mentions = find_mentions(text)
    sec = Section("text", text, [], mentions)
    for start, end in [(0, 50), (10, 400), (395, 1200), (0, len(text)), (2999, 3000), (700, 700)]:
        sent = Sentence(text[start:end], start, end)
        assert sec.mentions_in(sent) == [m for m in mentions if m.start >= start and m.end <= end]
        assert sec.mentions_starting(start, end) == [m for m in mentions if start <= m.start < end]
    # out-of-order mentions (a hand-built section) fall back to the scan
    shuffled = [Mention("b", 10, 20, "b", None), Mention("a", 0, 5, "a", None)]
    assert Section("text", text, [], shuffled).mentions_between(0, 30) == shuffled


def test_text_over_the_limit_is_cut_at_a_paragraph_with_the_reason():
    text = digest(MAX_TEXT_CHARS + 50_000)
    kept, reason = _cut(text)
    assert len(kept) <= MAX_TEXT_CHARS and text.startswith(kept)
    assert text[len(kept)] == "\n"  # at a paragraph break
    assert reason == f"text_over_{MAX_TEXT_CHARS}_chars:{len(text)}"
    assert _cut("short text") == ("short text", None)
    assert _cut("x" * 30, limit=10) == ("x" * 10, "text_over_10_chars:30")


def test_a_page_with_huge_text_becomes_a_cut_article():
    paragraphs = digest(MAX_TEXT_CHARS + 200_000).split("\n\n")
    html = (
        "<html><head><title>Sales digest</title></head><body><article><h1>Sales digest</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    article = clean_page("huge", "http://127.0.0.1/news/huge.html", html.encode("utf-8"))
    assert getattr(article, "text_cut", None), article
    assert len(article.text) <= MAX_TEXT_CHARS
    assert article.text_cut.startswith(f"text_over_{MAX_TEXT_CHARS}_chars:")
