"""Our own text for property tests: the paragraphs of the demo site's articles (spiders/demo), plus
sentences written to exercise the period, count and cue phrases."""

from __future__ import annotations

from functools import lru_cache

from lxml import html

from spiders.demo_site import DEMO_ROOT

WRITTEN = (
    "Year-to-date sales through February rose 4%, and cumulative deliveries up to March hit 80,000.",
    "In the first nine months of the fiscal year, Q3 2023 and H1'24 output topped two million units.",
    "Sales in the week ended May 12, 2024, and from March 3-9 fell; early June was weaker than mid-July.",
    "Since its launch, and so far this year, the company sold none; YTD it sold 1.2 million, yoy up.",
    "Toyota and Panasonic formed a joint venture and signed an MoU and a letter of intent with BYD.",
    "Ford will supply engines to Mazda under a licensing and contract manufacturing deal, a tie-up.",
    "The plant it runs jointly with GM, owned 30 pct by Honda, will co-develop batteries with LG.",
    "Analysts at Morgan Stanley expect the merger, a takeover bid for Opel, to face a lawsuit.",
)


@lru_cache(maxsize=1)
def paragraphs() -> tuple[str, ...]:
    """Every paragraph of the demo site's news pages, then the written sentences."""
    out: list[str] = []
    for path in sorted((DEMO_ROOT / "news").glob("*.html")):
        tree = html.fromstring(path.read_bytes())
        out += [" ".join(p.text_content().split()) for p in tree.iter("p", "h1", "li")]
    return tuple(p for p in out if p) + WRITTEN
