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


def test_the_parts_of_a_stock_figure_are_stock_and_the_parts_of_a_sale_are_sales():
    from transforms.extract import extract_article

    def sold(text: str) -> list[int]:
        art = {"id": "t", "title": "", "published": "2007-08-01", "text": text}
        return sorted(s.units for s in extract_article(art).sales if s.stated)

    assert sold("Kia ended July with an inventory of 948,000 units, which included 267,000 cars.") == []
    assert sold("Kia sold 948,000 vehicles in July, which included 267,000 cars.") == [267000, 948000]


def test_a_gap_between_two_sellers_is_no_sale():
    from transforms.extract import extract_article

    art = {"id": "t", "title": "", "published": "2013-10-01", "text": (
        "Ford delivered 185,186 vehicles in September, narrowing the gap with GM to a slim 2,000 vehicles.")}
    assert [s.units for s in extract_article(art).sales if s.stated] == [185186]
