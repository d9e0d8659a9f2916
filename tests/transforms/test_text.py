"""Sentence splitting: offsets, abbreviations, wire copy, Markdown structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.text import split_sentences

SHARED = Path(__file__).resolve().parents[3] / "shared"


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in sentences]


def test_plain_sentences_split():
    assert texts("Acme sold cars. It grew fast! Did it? Yes.") == [
        "Acme sold cars.",
        "It grew fast!",
        "Did it?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Zenith Motor Co. rose after the report.",
        "Orbit Corp. said on Monday it would expand.",
        "Sales in the U.S. market rose sharply.",
        "Sales in the U.K. Midlands plant fell.",
        "The figure came from J.D. Power and Associates.",
        "Mr. Brown met Dr. Green at St. Mary's.",
        "Deliveries rose to 1.2 million units in Jan. 2024 from a year ago.",
        "It ranked No. 1 in the segment vs. rivals.",
        "The launch was led by John F. Kowalski of the design team.",
        "Pellucid Inc. Chairman Anna Berg spoke.",
        "Cars are sold through its U.S. Sales network And Japanese dealers.",
    ],
)
def test_abbreviations_do_not_split(text):
    assert texts(text) == [text]


def test_a_double_dash_after_a_sentence_opens_the_next_digest_item():
    assert texts("Acme and Zenith end a deal. -- Borealis is in talks with Acme. -- Orca grew.") == [
        "Acme and Zenith end a deal.", "Borealis is in talks with Acme.", "Orca grew."]
    assert texts("Zenith -- also an Acme partner -- grew.") == ["Zenith -- also an Acme partner -- grew."]


def test_abbreviation_before_a_sentence_starter_splits():
    assert texts("The deal was signed with Zenith Motor Co. The company declined to comment.") == [
        "The deal was signed with Zenith Motor Co.",
        "The company declined to comment.",
    ]
    assert texts("Most cars were sold in the U.S. However, exports rose.") == [
        "Most cars were sold in the U.S.",
        "However, exports rose.",
    ]


def test_paragraphs_split_on_blank_lines_and_newlines():
    text = "First paragraph here.\n\nSecond paragraph without a stop\nThird paragraph."
    assert texts(text) == ["First paragraph here.", "Second paragraph without a stop", "Third paragraph."]


def test_wire_copy_line_wraps_do_not_split():
    text = (
        "Zenith Motor Corp said its sales for the\n"
        "March 11 to 20 period rose 12.5 pct to\n"
        "4,321 cars from 3,210 a year earlier.\n"
        "    The company said truck sales fell to\n"
        "1,234 from 2,345 units.\n"
        "    For the year, sales were up 3.1 pct at\n"
        "12,000 cars.\n"
    )
    assert texts(text) == [
        "Zenith Motor Corp said its sales for the\nMarch 11 to 20 period rose 12.5 pct to\n"
        "4,321 cars from 3,210 a year earlier.",
        "The company said truck sales fell to\n1,234 from 2,345 units.",
        "For the year, sales were up 3.1 pct at\n12,000 cars.",
    ]


def test_wire_copy_wrapped_with_paragraphs_run_together_does_not_split_at_line_ends():
    # 2006-2008 wire copy: a 60-character wrap, but paragraphs joined by two spaces make some lines longer
    # than any wrap width; lines ending mid-sentence before a lower-case line still give the wrap away
    text = (
        "Zenith Motor Corp, maker of the Comet and Nova models, sold\n"
        "12,345 vehicles in Spain in January-November, the company said.  It gave no forecast for the\n"
        "rest of the year.  Orbit Motors said its sales in the period fell\n"
        "by a fifth, and that it would cut its prices in December to win buyers back in the Spanish car "
        "market, a\n"
        "spokesman said.  The two companies are rivals.  Both have factories in\n"
        "the northern region of the country, near the French border.\n"
    )
    assert texts(text)[:2] == [
        "Zenith Motor Corp, maker of the Comet and Nova models, sold\n"
        "12,345 vehicles in Spain in January-November, the company said.",
        "It gave no forecast for the\nrest of the year.",
    ]


def test_run_in_bullets_are_items():
    text = ("Highlights follow. Acme Motors * Sales down 8 percent (257,404 units) * Market share: 18.4 "
            "percent Zephyr Corp * Sales up 4 percent (100,874 units)")
    assert texts(text) == ["Highlights follow.", "Acme Motors", "Sales down 8 percent (257,404 units)",
                           "Market share: 18.4 percent Zephyr Corp", "Sales up 4 percent (100,874 units)"]


def test_wire_copy_indented_rows_are_separate():
    text = (
        "Orbit Motors said results for the quarter were\n"
        "as follows, with figures in mln dlrs\n"
        "    Net profit 12.1 vs 10.2\n"
        "    Revenues 120.5 vs 110.3\n"
    )
    out = texts(text)
    assert out[-2:] == ["Net profit 12.1 vs 10.2", "Revenues 120.5 vs 110.3"]


def test_markdown_headings_lists_and_tables():
    text = (
        "## Monthly results\n"
        "Zenith had a strong month. Orbit did not.\n"
        "- Zenith: 1,200 units. Up 5%.\n"
        "- Orbit: 900 units\n"
        "\n"
        "| Brand | Units |\n"
        "|---|---|\n"
        "| Zenith. Inc | 1,200 |\n"
        "| Orbit | 900 |\n"
    )
    assert texts(text) == [
        "## Monthly results",
        "Zenith had a strong month.",
        "Orbit did not.",
        "- Zenith: 1,200 units.",
        "Up 5%.",
        "- Orbit: 900 units",
        "| Brand | Units |",
        "| Zenith. Inc | 1,200 |",
        "| Orbit | 900 |",
    ]


def test_quotes_and_empty_text():
    assert texts("") == []
    assert texts("   \n\n  ") == []
    assert texts('He said "sales rose." Then he left.') == ['He said "sales rose."', "Then he left."]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
def test_dev_articles_invariants():
    path = SHARED / "eval" / "dev_articles.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for body in (article.get("title") or "", article["text"]):
            sentences = split_sentences(body)
            last_end = 0
            for s in sentences:
                assert body[s.start : s.end] == s.text
                assert s.text == s.text.strip() and s.text
                assert s.start >= last_end
                last_end = s.end
            if body.strip():
                assert sentences


def test_emphasis_underscores_are_blanked_in_place():
    from transforms.text import unemphasised

    text = "_Volvo_ sold __87__ cars in snake_case land"
    out = unemphasised(text)
    assert out == " Volvo  sold   87   cars in snake_case land" and len(out) == len(text)


def test_a_wire_subheading_run_into_its_paragraph_is_a_line_of_its_own():
    text = "Sales fell. FACING SCRUTINY Acme is in talks with Zephyr. GM CEO Rick Wagoner said so."
    got = [s.text for s in split_sentences(text)]
    assert got == ["Sales fell.", "FACING SCRUTINY", "Acme is in talks with Zephyr.",
                   "GM CEO Rick Wagoner said so."]
    assert all(text[s.start:s.end] == s.text for s in split_sentences(text))
