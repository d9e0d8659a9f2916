"""Sale candidates: each figure the reader attributed, with features and its segment."""

from datetime import date

from transforms.document import prepare
from transforms.extract import extract_article
from transforms.sale_candidates import sale_candidates
from transforms.sales import extract_sales


def _cands(text: str, published=date(2024, 6, 3)):
    doc = prepare("t", "", text, published)
    return sale_candidates(doc, extract_sales(doc))


def test_a_plain_sale_has_its_seller_as_subject_and_its_period_here():
    (c,) = _cands("BYD sold 331,817 electric cars in May.")
    f = c.features
    assert f["entity_subject"] == 1.0 and f["period_here"] == 1.0 and f["vehicle_noun"] == 1.0
    assert c.segment == "bev"
    assert c.scored(0.9).segment == "bev" and c.scored(0.9).confidence == 0.9


def test_clause_words_are_features():
    (c,) = _cands("Toyota sold 9.5 million vehicles in 2023, according to data from research firm Marklines.")
    assert c.features["lex_research"] == 1.0


def test_stated_sales_reach_the_contract_with_segment_and_confidence():
    facts = extract_article({"id": "t", "title": "BYD sales", "published": "2024-06-03",
                             "text": "BYD sold 331,817 electric cars in May."})
    (line,) = facts.to_contract()["sales"]
    assert (line["entity"], line["units"], line["segment"]) == ("BYD", 331817, "bev")
    assert 0.5 <= line["confidence"] <= 1.0


def test_a_figure_no_company_reaches_is_a_market_total_not_a_sale():
    assert not _cands("Ford said U.S. sales of cars and trucks reached 16.1 million vehicles in 2007.")
    assert not _cands("GM sold 1.5 million vehicles in March.")  # 18 million a year
    (c,) = _cands("Toyota sold 9.5 million vehicles in 2023.")
    assert c.fact.units == 9_500_000


def test_two_wheelers_are_another_scale():
    (c,) = _cands("Honda sold 13.48 million motorcycles in 2023.")
    assert c.fact.units == 13_480_000


def test_a_model_that_only_comes_electric_makes_its_figure_a_bev_one():
    segments = {c.fact.model: c.segment for c in _cands(
        "The Peugeot e-208 sold 1,166 units in May. The Peugeot 208 sold 2,000 units in May.")}
    assert segments == {"e-208": "bev", "Peugeot 208": "total"}  # the 208 also comes with a petrol engine
