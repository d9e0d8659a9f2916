"""Period phrases resolved to first and last days, relative to publication."""

from datetime import date

import pytest

from transforms.periods import Period, find_periods, fiscal_period, resolve_period, year_ago

PUB = date(2023, 11, 14)


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("in 2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("Q3 2023", date(2023, 7, 1), date(2023, 9, 30)),
        ("the third quarter", date(2023, 7, 1), date(2023, 9, 30)),
        ("fourth-quarter", date(2023, 10, 1), date(2023, 12, 31)),  # Q4 2023 began before publication
        ("the first half of 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("H2 2022", date(2022, 7, 1), date(2022, 12, 31)),
        ("in October", date(2023, 10, 1), date(2023, 10, 31)),
        ("in December", date(2022, 12, 1), date(2022, 12, 31)),  # latest December before publication
        ("March 2024", date(2024, 3, 1), date(2024, 3, 31)),
        ("February 21 to 28", date(2023, 2, 21), date(2023, 2, 28)),
        ("the March 11-20 period", date(2023, 3, 11), date(2023, 3, 20)),
        ("early March", date(2023, 3, 1), date(2023, 3, 10)),
        ("mid-March", date(2023, 3, 11), date(2023, 3, 20)),
        ("late February", date(2023, 2, 21), date(2023, 2, 28)),
        ("January-September", date(2023, 1, 1), date(2023, 9, 30)),
        ("the first nine months of 2022", date(2022, 1, 1), date(2022, 9, 30)),
        ("in the first three quarters of the year", date(2023, 1, 1), date(2023, 9, 30)),
        ("the first two quarters of 2021", date(2021, 1, 1), date(2021, 6, 30)),
        # a part of a year named relative to publication is one period, that part of that year
        ("the first 10 months of last year", date(2022, 1, 1), date(2022, 10, 31)),
        ("in the first half of this year", date(2023, 1, 1), date(2023, 6, 30)),
        ("the fourth quarter last year", date(2022, 10, 1), date(2022, 12, 31)),
        ("the second quarter of the previous year", date(2022, 4, 1), date(2022, 6, 30)),
        ("last year", date(2022, 1, 1), date(2022, 12, 31)),
        ("last month", date(2023, 10, 1), date(2023, 10, 31)),
        ("the fiscal year ended March 2023", date(2022, 4, 1), date(2023, 3, 31)),
        ("the week ended November 10", date(2023, 11, 4), date(2023, 11, 10)),
        # year to date without a year-to-date word: "through", "up to", "since January", "N-month"
        ("sales through October", date(2023, 1, 1), date(2023, 10, 31)),
        ("up to the end of September", date(2023, 1, 1), date(2023, 9, 30)),
        ("eight-month sales", date(2023, 1, 1), date(2023, 8, 31)),
        ("the nine-month period", date(2023, 1, 1), date(2023, 9, 30)),
        ("from March through May", date(2023, 3, 1), date(2023, 5, 31)),  # a range stays a range
        # a calendar-year company's fiscal year is the calendar year (fiscal_period reads April-March ones)
        ("last financial year", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_resolve_period(phrase, start, end):
    assert resolve_period(phrase, PUB) == Period(start, end)


def test_year_to_date_runs_to_publication_without_context():
    assert resolve_period("year-to-date", PUB) == Period(date(2023, 1, 1), PUB)


def test_no_year_and_no_publication_uses_context_year():
    assert resolve_period("the fourth quarter", None, context_year=2004) == Period(
        date(2004, 10, 1), date(2004, 12, 31))
    assert resolve_period("the fourth quarter", None) is None


def test_modal_may_is_not_a_month():
    assert find_periods("Sales may rise", PUB) == []


def test_may_after_a_dateline_or_heading_sales_is_the_month():
    dateline = "DETROIT (Reuters) - May auto sales fell 14 percent"
    assert [p.text for p in find_periods(dateline, PUB)] == ["May"]
    assert [p.text for p in find_periods("Key facts about U.S. May sales", PUB)] == ["May"]
    assert find_periods("The Reuters poll - May rise, analysts say", PUB) == []


def test_model_year_is_not_a_period():
    assert find_periods("since the 1987 model year", PUB) == []


def test_finder_gives_offsets_and_kinds():
    text = "For the month, sales rose to 5,495 from 4,827 a year earlier and year to date to 19,264."
    spans = find_periods(text, PUB)
    kinds = [s.kind for s in spans]
    assert kinds == ["mtd", "year_ago", "ytd"]
    for s in spans:
        assert text[s.start:s.end] == s.text


def test_cumulative_is_marked():
    (span,) = [s for s in find_periods("deliveries reached 479,647 as of March 31, 2024", PUB)]
    assert span.kind == "cumulative"


def test_year_ago_keeps_month_ends():
    leap = Period(date(2024, 2, 1), date(2024, 2, 29))
    assert year_ago(leap) == Period(date(2023, 2, 1), date(2023, 2, 28))


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("in the fiscal year that ended in March", "explicit", date(2022, 4, 1), date(2023, 3, 31)),
        ("the financial year ending June 30, 2021", "explicit", date(2020, 7, 1), date(2021, 6, 30)),
        ("for the full year", "full_year", None, None),
        ("over the year", "full_year", None, None),
        ("with annual sales of 645,316", "full_year", None, None),  # the year's total, not a rate
        ("in the same period", "this_period", None, None),
        ("from the same period last year", "year_ago", None, None),
        ("over the year-earlier period", "year_ago", None, None),  # not "over the year"
    ],
)
def test_round2_phrases(text, kind, start, end):
    ps = find_periods(text, PUB)[0]
    assert ps.kind == kind
    if start is not None:
        assert (ps.period.start, ps.period.end) == (start, end)


def test_so_far_in_a_named_year_is_year_to_date():
    (ps,) = find_periods("it has sold 9,233 cars so far in 1987", date(1987, 3, 4))
    assert ps.kind == "ytd"


def test_lifetime_is_cumulative():
    assert [p.kind for p in find_periods("close to 450,000 lifetime sales", PUB)] == ["cumulative"]


def test_audi_q_model_is_not_a_quarter():
    assert find_periods("the Audi Q4 e-tron had its best month", PUB) == []
    assert find_periods("sales in Q4 rose", PUB)[0].kind == "explicit"


def test_the_months_is_month_to_date():
    assert [p.kind for p in find_periods("The month's truck sales declined to 7,271", PUB)] == ["mtd"]


def test_n_month_words_that_are_not_periods():
    assert find_periods("shares hit a three-month high", PUB) == []


@pytest.mark.parametrize(
    ("phrase", "published", "start", "end"),
    [
        ("fiscal 2012", date(2013, 5, 8), date(2012, 4, 1), date(2013, 3, 31)),
        ("in the fiscal year", date(2013, 5, 8), date(2012, 4, 1), date(2013, 3, 31)),  # the latest ended
        ("this fiscal year", date(2012, 8, 2), date(2012, 4, 1), date(2013, 3, 31)),
        ("the last financial year", date(2013, 11, 4), date(2012, 4, 1), date(2013, 3, 31)),
        ("the first half of the fiscal year", date(2012, 11, 6), date(2012, 4, 1), date(2012, 9, 30)),
        ("the first nine months of its business year", date(2013, 2, 6), date(2012, 4, 1),
         date(2012, 12, 31)),
        ("the first quarter of fiscal 2012", date(2012, 8, 2), date(2012, 4, 1), date(2012, 6, 30)),
    ],
)
def test_fiscal_period_april_start(phrase, published, start, end):
    assert fiscal_period(phrase, published, 4) == Period(start, end)


def test_fiscal_period_needs_a_fiscal_phrase_and_a_non_calendar_year():
    assert fiscal_period("the first half", PUB, 4) is None
    assert fiscal_period("fiscal 2012", PUB, 1) is None


def test_a_pattern_never_matches_text_without_what_it_needs():
    """The word screen in find_periods skips only patterns that could not match: every match, on our
    own paragraphs, holds the words its pattern says it needs."""
    from tests.transforms.sentences import paragraphs
    from transforms.periods import _PATTERNS
    from transforms.screens import passes

    matched = 0
    for text in paragraphs():
        for rx, kind, needs in _PATTERNS:
            for m in rx.finditer(text):
                matched += 1
                assert passes(needs, m.group(0)), (kind, m[0])
    assert matched > 100


def test_full_year_followed_by_a_year_is_that_year():
    (p,) = find_periods("That compares with 12.8 million for full-year 2011.", date(2012, 9, 4))
    assert (p.kind, p.period) == ("explicit", Period(date(2011, 1, 1), date(2011, 12, 31)))
    (p,) = find_periods("full-year sales rose", date(2012, 9, 4))
    assert p.kind == "full_year"


def test_annual_growth_or_a_yearly_rate_names_no_period():
    assert find_periods("annual growth of 5 percent; it sells 100,000 annually", PUB) == []


def test_a_month_in_markdown_emphasis_is_read():
    (ps,) = find_periods("it debuted in _January_ (with 87 units)", date(2024, 5, 5))
    assert (ps.text, ps.period) == ("January", Period(date(2024, 1, 1), date(2024, 1, 31)))
