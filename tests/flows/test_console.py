"""What flow commands show in the terminal (issue 9): our lines and Scrapy's warnings, not its INFO
chatter; progress as bars on a terminal and as a few lines elsewhere; a human summary unless --json."""

from __future__ import annotations

import io
import json

from flows.cli import main
from flows.console import ProgressLine, Terminal, summary_text

SCRAPY_RUN = [
    "INFO scrapy.utils.log: Scrapy 2.19.0 started (bot: autofacts)",
    "{'lxml': '6.2.1',",
    " 'Twisted': '26.10.0'}",
    "WARNING scrapy.downloadermiddlewares.retry: Gave up retrying <GET http://x/robots.txt>",
    "INFO scrapy.middleware: Enabled extensions:",
    "['scrapy.extensions.corestats.CoreStats']",
    "ERROR scrapy.core.scraper: Spider error processing <GET http://x/a>",
    "Traceback (most recent call last):",
    '  File "x.py", line 1, in <module>',
    "ValueError: boom",
    "INFO scrapy.extensions.logstats: Crawled 12 pages (at 12 pages/min), scraped 10 items",
    "2026-12-07 05:51:09 [scrapy.core.engine] INFO: Spider closed (finished)",
    "cleaning 33 pages in 2 worker(s)",
]


def _shown(verbose: bool) -> list[str]:
    out = io.StringIO()
    terminal = Terminal(verbose=verbose, stream=out)
    for line in SCRAPY_RUN:
        terminal(line)
    return out.getvalue().splitlines()


def test_scrapy_info_lines_and_their_continuations_are_hidden_warnings_and_errors_shown():
    shown = _shown(verbose=False)
    assert shown == [
        "WARNING scrapy.downloadermiddlewares.retry: Gave up retrying <GET http://x/robots.txt>",
        "ERROR scrapy.core.scraper: Spider error processing <GET http://x/a>",
        "Traceback (most recent call last):",
        '  File "x.py", line 1, in <module>',
        "ValueError: boom",
        "crawl pages: 12",
        "cleaning 33 pages in 2 worker(s)",
    ]


def test_verbose_shows_every_line_and_every_progress_line_as_written():
    assert set(SCRAPY_RUN) <= set(_shown(verbose=True))
    out = io.StringIO()
    Terminal(verbose=True, stream=out)(ProgressLine("cleaned 2 pages: 2 articles", "clean pages", 2, 33))
    assert out.getvalue() == "cleaned 2 pages: 2 articles\n"


def test_progress_without_a_terminal_prints_the_first_and_last_lines_only():
    out = io.StringIO()
    terminal = Terminal(stream=out)
    for done in range(0, 1001, 100):
        terminal(ProgressLine(f"cleaned {done} pages", "clean pages", done, 1000))
    assert out.getvalue().splitlines() == ["clean pages: 100/1000", "clean pages: 1000/1000"]


def test_a_progress_line_is_a_plain_string_for_every_other_reader():
    line = ProgressLine("extracted 30 of 30 articles", "extract articles", 30, 30)
    assert line == "extracted 30 of 30 articles" and f"{line}" == "extracted 30 of 30 articles"
    assert (line.stage, line.done, line.total) == ("extract articles", 30, 30)


def test_summary_text_has_a_line_per_step_and_source():
    text = summary_text({
        "run_id": "ingest-x", "status": "completed",
        "crawl": {"discovered": 33, "fetched": 33, "failed": {}},
        "clean": {"articles": 30, "skipped": {"not_article:paywall": 1}},
        "extract": {"articles": 30, "partnerships": 103, "sales": 110},
        "source_outcomes": ["demo: OK discovered=33"],
    }, "data/autofacts.duckdb")
    assert text.splitlines() == [
        "ingest-x: completed",
        "  crawl    discovered=33; fetched=33",
        "  clean    articles=30; skipped: not_article:paywall=1",
        "  extract  articles=30; partnerships=103; sales=110",
        "  source   demo: OK discovered=33",
        "warehouse data/autofacts.duckdb (autofacts sql, or the snapshot next to it)",
    ]


def test_summary_text_says_where_the_time_went_stage_by_stage():
    # the shape steps.timed appends (an import's stats once crashed the summary after all the work was done)
    text = summary_text({"run_id": "import-x", "status": "completed", "stages": [
        {"stage": "import", "started": 1.0, "seconds": 4.3},
        {"stage": "clean", "started": 5.3, "seconds": 26.1},
    ]})
    assert text.splitlines()[-1] == "  seconds  import 4.3, clean 26.1"


def test_run_prints_a_short_summary_and_json_only_when_asked(tmp_path, monkeypatch, capsys):
    from spiders.demo_site import start

    server, base_url = start(port=0)
    monkeypatch.setenv("AUTOFACTS_DATA", str(tmp_path))
    monkeypatch.setenv("AUTOFACTS_DEMO_URL", base_url)
    monkeypatch.delenv("AUTOFACTS_DB", raising=False)
    try:
        assert main(["run", "--source", "demo"]) == 0
        out, err = capsys.readouterr()
        assert out.splitlines()[0].endswith(": completed") and len(out.splitlines()) <= 10
        assert "INFO" not in err and len(err.splitlines()) <= 5, err
        assert main(["run", "--source", "demo", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["status"] == "completed"
    finally:
        server.shutdown()
