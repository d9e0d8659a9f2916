"""Organisation mentions: table aliases, wire markup, tickers, unknown firms by pattern, junk avoided."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.mentions import find_mentions

SHARED = Path(__file__).resolve().parents[3] / "shared"


def found(text: str) -> list[tuple[str, str | None]]:
    mentions = find_mentions(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.company_id) for m in mentions]


def names(text: str) -> list[tuple[str, str | None]]:
    return [(m.name, m.company_id) for m in find_mentions(text)]


def test_aliases_with_corporate_words_longest_match_wins():
    text = "Toyota Motor Corp and General Motors Corp agreed, while Mercedes-Benz and SAIC-GM-Wuling watched."
    assert found(text) == [
        ("Toyota Motor Corp", "toyota"),
        ("General Motors Corp", "general-motors"),
        ("Mercedes-Benz", "mercedes-benz"),
        ("SAIC-GM-Wuling", "sgmw"),
    ]


def test_short_capital_aliases_are_case_sensitive():
    assert found("GM and VW gained; the gm of the plant said the vw bus was fine.") == [
        ("GM", "general-motors"),
        ("VW", "volkswagen"),
    ]


def test_aliases_need_word_boundaries():
    assert found("Fordham students and Kiana visited Hondaville.") == []


def test_possessive_and_named_unit():
    assert found("Toyota's profit rose.") == [("Toyota", "toyota")]
    assert found("Huawei's Smart Car unit will help.") == [("Huawei's Smart Car unit", "huawei")]


def test_wire_markup_and_tickers():
    text = "Zenith Motor Corp <ZMC.T> and <Orbit Wheels Co Ltd> said Toyota Motor Corp <TOYO.T> agreed."
    out = found(text)
    assert ("Orbit Wheels Co Ltd", None) in out
    assert ("Toyota Motor Corp", "toyota") in out
    assert not any(t == "TOYO.T" for t, _ in out)  # the ticker belongs to the name before it
    assert not any(t == "ZMC.T" for t, _ in out)  # unknown ticker: not a name
    assert names("<Orbit Wheels Co Ltd> said")[0] == ("Orbit Wheels", None)


def test_markup_across_a_line_break_and_ticker_alone():
    text = "France's <Regie Nationale des Usines\nRenault> agreed with <AMO> on the plan."
    assert names(text) == [("Renault", "renault"), ("American Motors", "amc")]


def test_units_written_after_the_name():
    text = "Volkswagen U.S. Inc said sales fell; General Motors of Canada Ltd and Hyundai Motor America rose."
    assert found(text) == [
        ("Volkswagen U.S. Inc", "vw-america"),
        ("General Motors of Canada Ltd", "gm-canada"),
        ("Hyundai Motor America", "hyundai-america"),
    ]


def test_of_country_is_not_part_of_the_name():
    assert found("Toyota Motor Corp of Japan said") == [("Toyota Motor Corp", "toyota")]


def test_unknown_organisations_by_corporate_word():
    text = "Zenithal Widgets Co Ltd and Orbitron Motors signed with Quantix Technologies on Friday."
    assert found(text) == [
        ("Zenithal Widgets Co Ltd", None),
        ("Orbitron Motors", None),
        ("Quantix Technologies", None),
    ]
    assert names(text)[0] == ("Zenithal Widgets", None)


def test_unknown_organisation_after_a_partnership_cue():
    text = "Orbit Leasing aside, BYD has partnered with Quorvia to expand in Europe."
    out = found(text)
    assert ("BYD", "byd") in out
    assert ("Quorvia", None) in out


def test_junk_is_not_an_organisation():
    text = (
        "The company signed a deal with Europe in March. On Monday, CEO Jan Kowalski said a deal with "
        "Jan Kowalski was near. The Shanghai Auto Show opens in April. Smart charging is popular."
    )
    assert found(text) == []


def test_headline_capitals():
    assert names("CHRYSLER SALES RISE, TOYOTA SLIPS") == [("Chrysler", "chrysler"), ("Toyota", "toyota")]


def test_empty_text():
    assert find_mentions("") == []


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
def test_dev_articles_invariants():
    path = SHARED / "eval" / "dev_articles.jsonl"
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for body in (article.get("title") or "", article["text"]):
            mentions = find_mentions(body)
            last_end = 0
            for m in mentions:
                assert body[m.start : m.end] == m.text
                assert m.start >= last_end, "mentions overlap"
                assert m.name
                last_end = m.end
            total += len(mentions)
    assert total > 100


def test_alias_wrapped_across_a_line_break():
    assert found("agreed for Zenith and MMC\nSittipol Co Ltd to sell cars") == [
        ("MMC\nSittipol Co Ltd", "mmc-sittipol")
    ]


def test_ticker_after_a_possessive_is_dropped():
    assert found("as part of Chrysler Corp's <C> plan") == [("Chrysler Corp", "chrysler")]


def test_corporate_suffixes_join_the_mention_but_not_product_words():
    assert found("Toyota Motor Co., Ltd. said") == [("Toyota Motor Co., Ltd.", "toyota")]
    assert found("At Tesla Battery Day, Enevate Corporation. Next") == [
        ("Tesla", "tesla"),
        ("Enevate Corporation", "enevate"),
    ]


def test_ambiguous_brand_words_inside_other_names():
    text = "Its Adaptive Cruise Control and the Dolphin Mini impressed. Mini sold more."
    assert found(text) == []
    assert found("Geely owns a stake in Smart and Lotus.") == [
        ("Geely", "geely"),
        ("Smart", "smart"),
        ("Lotus", "lotus"),
    ]


def test_html_tags_are_not_markup():
    assert found('<p align="center"><b>Orbit</b></p>') == []


def test_two_letter_brand_before_a_model_number():
    assert found("The DS 3 Crossback E-Tense uses the same pack as the DS brand's other cars.") == [
        ("DS", "ds"),
        ("DS", "ds"),
    ]
    assert found("DS said the figures were in line.") == []


def test_double_hyphen_is_a_dash_not_a_compound():
    assert found("The leaders were--GM 105,438, then SAIC-GM.") == [
        ("GM", "general-motors"),
        ("SAIC-GM", "saic-gm"),
    ]


def test_lower_case_brand_word_needs_a_model_after_it():
    assert found("Carmakers do not need to be smart to survive.") == []
    assert found("The smart #1 and the smart fortwo sold well.") == [
        ("smart", "smart"),
        ("smart fortwo", "smart"),
    ]


def test_ambiguous_alias_opening_a_sentence_counts_when_the_story_names_it_elsewhere():
    text = "Talks between Rover and SAIC went on. Rover and SAIC signed a deal. Rover tracks are rough."
    rover = [m.start for m in find_mentions(text) if m.text == "Rover"]
    assert rover == [14, 38]  # not the plain word opening the last sentence
    assert [m.text for m in find_mentions("Rover and SAIC signed a deal.")] == ["SAIC"]


def test_ambiguous_brand_opening_a_sentence_counts_before_its_sales_or_a_model():
    assert found("Smart sales rose 21.1% in May.") == [("Smart", "smart")]
    assert found("Mini deliveries fell.") == [("Mini", "mini")]
    assert found("Smart charging saves money.") == []
    assert found("Total 12,000 cars were sold.") == []


def test_yugo_is_a_brand_of_zastava():
    assert found("Yugo sales fell to 1,000 cars in the US.") == [("Yugo", "yugo")]
    from transforms.companies import load_companies

    assert load_companies().get("yugo").parent_id == "zastava"


def test_a_known_name_before_another_business_is_another_company():
    """ "Hyundai Securities" is a broker, not Hyundai Motor; "Tata Power" is not Tata Motors."""
    text = ("analyst at Hyundai Securities said Tata Power and Tata Motors signed; "
            "Hyundai Steel supplies Hyundai.")
    got = [(m.text, m.company_id) for m in find_mentions(text)]
    assert ("Hyundai Securities", None) in got and ("Tata Power", None) in got
    assert ("Tata Motors", "tata-motors") in got
    assert ("Hyundai Steel", "hyundai-steel") in got  # a company the table knows stays itself


def test_a_wire_ticker_marks_an_unknown_name_as_a_company():
    """Reuters writes "Tokai Rika ( 6995.T )": the ticker says the name before it is a company."""
    text = "Tokai Rika ( 6995.T ), a supplier to Toyota, said."
    got = [(m.text, m.company_id) for m in find_mentions(text)]
    assert got[0] == ("Tokai Rika", None) and ("Toyota", "toyota") in got


def test_a_wire_ticker_without_brackets_ends_the_name_before_it():
    """Some wire copy drops the brackets: "Sberbank SBER.RTS". "U.S." stays no ticker."""
    text = "Magna and its Russian partner Sberbank SBER.RTS reached a deal with U.S. Bank."
    got = [m.text for m in find_mentions(text)]
    assert "Sberbank" in got and not any("SBER" in g for g in got)


def test_a_country_abbreviation_after_a_cue_is_no_name():
    text = "Ford Sollers, a joint venture between U.S. automaker Ford Motor Co and Russian carmaker Sollers."
    assert "U.S" not in [m.text for m in find_mentions(text)]


def test_a_countrys_possessive_opens_a_name():
    got = [m.text for m in find_mentions("The airbags are made by Japan's Takata Corp, it said.")]
    assert got == ["Takata Corp"]
    # a place of two words too, and a place opening a name keeps it whole
    got = [m.text for m in find_mentions("The stake went to Abu Dhabi's Falcon Holdings.")]
    assert got == ["Falcon Holdings"]
    assert [m.text for m in find_mentions("A deal with Saudi Arabian Mining Co was signed.")] == [
        "Saudi Arabian Mining Co"]


def test_a_reuters_code_in_brackets_belongs_to_the_name_before_it():
    text = "Japan's Toyota Motor Corp ( 7203.T ) and Germany's Daimler AG ( DAIGn.DE ) are in talks."
    assert [m.text for m in find_mentions(text)] == ["Toyota Motor Corp", "Daimler AG"]


def test_a_camel_case_name_with_a_legal_form_is_an_organisation():
    found = [m.text for m in find_mentions("Acme Motors and zTrade Inc are launching a test program.")]
    assert "zTrade Inc" in found


def test_a_title_word_before_only_corporate_words_is_the_name():
    found = find_mentions("It left after a venture with Premier Automobile Ltd. failed.")
    assert [m.text for m in found] == ["Premier Automobile Ltd"]
    assert [m.text for m in find_mentions("The Group said it would cut jobs.")] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Better Place partnered with Renault in 2008 to create an electric car system.", "Better Place"),
        ("Kuka Flexible Systems, a Chrysler supplier, cut costs.", "Kuka Flexible Systems"),
        ("Daehan Solution, an unlisted South Korean parts supplier for Kia, said so.", "Daehan Solution"),
    ],
)
def test_an_unknown_firm_is_found_by_the_cue_or_apposition_after_it(text, name):
    assert name in {m.name for m in find_mentions(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Al Koch, a managing director at advisory firm AlixPartners, said so.",
        "Separately, the group signed a deal with Ford.",
        "December, a month when the automaker cut output, was weak.",
    ],
)
def test_people_adverbs_and_dates_before_an_apposition_are_not_firms(text):
    assert {m.name for m in find_mentions(text)} <= {"Ford", "AlixPartners"}


def test_a_rank_is_not_a_name():
    text = "It is in talks with Japan's No. 2 steelmaker JFE Steel Co. on ties."
    names = [m.text for m in find_mentions(text)]
    assert "No" not in names and "No. 2" not in names and "JFE Steel Co" in names


def test_psa_written_with_a_hyphenated_peugeot_citroen_is_one_mention():
    names = [(m.text, m.company_id) for m in find_mentions("It has ventures with PSA Peugeot-Citroen Group.")]
    assert names == [("PSA Peugeot-Citroen Group", "psa")]
