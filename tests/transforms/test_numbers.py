"""Counts as news text writes them: separators, scale words, hedges, words, European and Indian notation."""

import pytest

from transforms.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("80,000", 80000, False),
        ("1,118,509", 1118509, False),
        ("1.2 million", 1200000, False),
        ("1.2 mln", 1200000, False),
        ("1.2m", 1200000, False),
        ("3.5bn", 3500000000, False),
        ("80k", 80000, False),
        ("more than 100", 100, True),
        ("around 427,000", 427000, True),
        ("about 2,000 cars", 2000, True),
        ("136.069", 136069, False),  # European thousands separator
        ("6.619 electric cars", 6619, False),
        ("two million", 2000000, False),
        ("a million", 1000000, False),
        ("six million", 6000000, False),
        ("12 000", 12000, False),
        ("2,45,000 units", 245000, False),  # Indian grouping (lakh)
        ("1,21,50,000", 12150000, False),  # Indian grouping (crore)
    ],
)
def test_parse_number(text, value, approximate):
    parsed = parse_number(text)
    assert parsed is not None
    assert (parsed.value, parsed.approximate) == (value, approximate)


def test_no_number():
    assert parse_number("no figure here") is None


def test_model_names_are_not_numbers():
    assert find_numbers("the XC40 and the ID.4 sold well") == []


def test_decimal_fraction_is_flagged():
    (span,) = find_numbers("sales rose 17.8 pct")
    assert span.decimal


def test_offsets_point_at_the_figure():
    text = "Acme sold about 12,500 vans."
    (span,) = find_numbers(text)
    assert text[span.start:span.end] == "12,500"
    assert span.approximate


def test_metres_are_not_millions():
    (span,) = find_numbers("a 5 m long van")
    assert span.value == 5


def test_text_without_digits_or_count_words_has_no_counts():
    assert find_numbers("The company said demand was strong.") == []
    assert [n.value for n in find_numbers("It sold two million cars and none in May.")] == [2_000_000, 0]


def _with_full_pattern(text: str) -> list[tuple[int, bool, int]]:
    """The counts as one scan of NUMBER_RE (hedge tried at every position) finds them: the reference."""
    from transforms.numbers import NUMBER_RE, _span_from_match

    out = []
    for m in NUMBER_RE.finditer(text):
        s = m.start("digits") if m.group("digits") else m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "._/"):
            continue
        if m.group("digits") and m.end("digits") < len(text) and text[m.end("digits")].isalpha() \
                and not m.group("scale"):
            continue
        span = _span_from_match(m)
        if span is not None:
            out.append((span.value, span.approximate, span.start))
    return out


@pytest.mark.parametrize("text", [
    "Ford sold more than a million cars and well over 5,000 trucks.",  # "th|an a million" inside the hedge
    "It employs about 250,000 people and affects more than four million jobs.",
    "Sales were an estimated 2 million, a little over  12,000 in March and ~ 300 in April.",
    "None of the 12 plants; none were sold, moreover 5,000 were returned.",
    "The group sold slightly more than\n1.2 million vehicles, up from some 900 000.",
])
def test_hedges_read_back_as_the_full_pattern_reads_them(text):
    assert [(n.value, n.approximate, n.start) for n in find_numbers(text)] == _with_full_pattern(text)
