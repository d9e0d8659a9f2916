"""`sources check` against the bundled demo site over real HTTP, a site that is down, and `--write`."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from flows.cli import main
from spiders.check import check_source, mark_verified, render_check
from spiders.sources import load_sources


@pytest.fixture(scope="module")
def demo_base():
    from spiders.demo_site import start

    server, base = start(port=0)
    try:
        yield base
    finally:
        server.shutdown()


def _down_url() -> str:
    """A 127.0.0.1 port with nothing listening (bound once, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _sources_file(tmp_path: Path, base: str, name: str = "local") -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        "# my sources\n"
        f"[{name}]\n"
        f'sitemaps = ["{base}/sitemap.xml"]\n'
        f'feeds = ["{base}/feed.xml"]\n'
        'allowed_domains = ["127.0.0.1"]\n'
        "article_patterns = ['^/news/[^/]+\\.html$']\n"
        "verified = false  # not yet\n"
        f"[{name}.politeness]\n"
        "download_delay = 0.0\n"
        "\n[other]\nfeeds = []\nsitemaps = [\"http://x.invalid/s.xml\"]\narticle_patterns = ['/']\n",
        encoding="utf-8",
    )
    return path


def test_the_demo_site_checks_as_verified(demo_base) -> None:
    result = check_source(load_sources(demo_base)["demo"])
    assert result.verified, result.problems
    assert result.article_urls >= 30
    assert len(result.samples) == 3
    assert all(s.title and s.published and s.n_facts for s in result.samples)
    lines = render_check(result)
    assert lines[-1] == "verified"
    assert any(line.strip().startswith("title: ") for line in lines)
    assert any(line.strip().startswith("- partnership: ") or line.strip().startswith("- sales: ")
               for line in lines)


def test_a_site_that_is_down_says_what_failed(tmp_path) -> None:
    path = _sources_file(tmp_path, _down_url())
    result = check_source(load_sources("http://127.0.0.1:1", path)["local"], timeout=5)
    assert not result.verified
    assert any("robots.txt" in p and "connection_refused" in p for p in result.problems), result.problems
    assert any("sitemap.xml: connection_refused" in p for p in result.problems)
    assert "no URL in the sitemaps or feeds matches the article patterns" in result.problems
    assert render_check(result)[-len(result.problems) - 1].startswith("NOT verified")


def test_cli_check_exit_codes_and_write(demo_base, tmp_path, capsys) -> None:
    (tmp_path / "down").mkdir()
    down = _sources_file(tmp_path / "down", _down_url())
    assert main(["sources", "check", "local", "--file", str(down), "--timeout", "5", "--write"]) == 1
    out = capsys.readouterr().out
    assert "NOT verified" in out and "connection_refused" in out
    assert load_sources(demo_base, down)["local"].verified is False  # a failed check writes nothing

    path = _sources_file(tmp_path, demo_base)
    assert main(["sources", "check", "local", "--file", str(path), "--write"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("verified")
    sources = load_sources(demo_base, path)
    assert sources["local"].verified and sources["local"].enabled
    assert sources["local"].politeness == {"download_delay": 0.0}  # the sub-table is kept
    assert not sources["other"].verified
    assert path.read_text(encoding="utf-8").startswith("# my sources\n")

    assert main(["sources", "check", "nope", "--file", str(path)]) == 2
    assert "unknown source nope" in capsys.readouterr().err


def test_cli_list_shows_enabled_and_verified(capsys) -> None:
    assert main(["sources", "list", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "name,enabled,verified,sitemaps,feeds,domains"
    assert rows[1].startswith("demo,True,True,")
    assert all(",False,False," in r for r in rows[2:])


def test_mark_verified_adds_the_keys_when_absent(tmp_path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[a]\nfeeds = ['http://a.invalid/f']\narticle_patterns = ['/']\n\n[b]\n"
                    "feeds = ['http://b.invalid/f']\narticle_patterns = ['/']\n", encoding="utf-8")
    mark_verified("b", path, checked_on="2026-12-02")
    sources = load_sources("http://127.0.0.1:1", path)
    assert sources["b"].verified and sources["b"].enabled and not sources["a"].verified
    assert "verified = true  # autofacts sources check, 2026-12-02" in path.read_text(encoding="utf-8")
