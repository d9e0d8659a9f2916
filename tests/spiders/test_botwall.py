"""Bot challenges and consent walls are recognised; real articles (the demo site's, fixture pages)
are not, even when a <noscript> asks to enable JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest

from spiders.botwall import bot_wall

ROOT = Path(__file__).resolve().parents[2]
WALLS = ROOT / "tests" / "fixtures" / "sites" / "botwall" / "news"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("cloudflare", "cloudflare"), ("akamai", "akamai"), ("javascript", "javascript"),
     ("consent", "consent")],
)
def test_each_wall_is_recognised(name: str, kind: str) -> None:
    assert bot_wall((WALLS / f"{name}.html").read_bytes()) == kind


def test_no_article_of_the_demo_site_or_the_fixture_sites_is_a_wall() -> None:
    pages = [*(ROOT / "spiders" / "demo" / "news").glob("*.html"),
             *(ROOT / "tests" / "fixtures" / "sites" / "news" / "news").glob("*.html")]
    assert len(pages) > 30
    assert [p.name for p in pages if bot_wall(p.read_bytes())] == []


def test_a_long_article_that_asks_to_enable_javascript_in_noscript_is_not_a_wall() -> None:
    text = "<p>" + "BYD sold 300,000 cars in January, up from a year earlier. " * 60 + "</p>"
    noscript = "<noscript>Please enable JavaScript.</noscript>"
    body = f"<html><body>{noscript}{text}<p>Accept cookies</p></body></html>"
    assert bot_wall(body.encode()) is None
    assert bot_wall(b"") is None and bot_wall(None) is None
