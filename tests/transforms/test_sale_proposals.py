"""Proposed sales: counts of vehicles the reader did not read, for the scorer to judge."""

from datetime import date

from transforms.document import prepare
from transforms.sale_proposals import propose_sales
from transforms.sales import extract_sales


def _proposed(text: str, title: str = "July 2024 EV sales in Norway"):
    doc = prepare("t", title, text, date(2024, 8, 5))
    read = extract_sales(doc)
    return read, propose_sales(doc, read)


def test_a_figure_the_reader_missed_is_proposed_with_the_company_named_after_it():
    read, proposed = _proposed("Volkswagen group deliveries rose, including 139,310 by Audi in July.")
    assert not read
    assert [(f.entity, f.units, f.period_start) for f in proposed] == [("Audi", 139310, date(2024, 7, 1))]
    assert proposed[0].proposed  # marked, so the scorer knows the reader did not read it


def test_what_the_reader_read_is_not_proposed_again():
    read, proposed = _proposed("Tesla sold 2,102 cars in July.")
    assert [f.units for f in read] == [2102] and proposed == []


def test_plans_changes_and_market_totals_are_not_proposed():
    _, proposed = _proposed("Tesla aims to reach 3,000 units in August. The market grew by 500 units to "
                            "11,114 units in July.")
    assert proposed == []
