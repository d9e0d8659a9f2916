"""Partnership candidates: every pair a cooperation sentence could state, described by features."""

from datetime import date

from transforms.document import prepare
from transforms.extract import extract_article
from transforms.partnership_candidates import pair_candidates
from transforms.partnerships import extract_partnerships
from transforms.records import PartnershipFact


def _cands(text: str, title: str = ""):
    doc = prepare("t", title, text, date(2024, 5, 2))
    return pair_candidates(doc, extract_partnerships(doc))


def test_a_cooperation_sentence_pairs_its_parties_with_the_cue_between():
    (c,) = _cands("Toyota and Panasonic formed a battery joint venture in Japan.")
    assert {c.a.name, c.b.name} == {"Toyota", "Panasonic"}
    assert c.features["kind_joint_venture"] == 1.0 and c.features["rule_here"] == 1.0
    assert c.features["coordinated_subject"] == 1.0


def test_a_sentence_without_a_cue_gives_no_candidate():
    assert _cands("Shares of General Motors and Ford fell on Tuesday.") == []


def test_names_too_far_apart_in_a_run_on_sentence_are_not_paired():
    from transforms.partnership_candidates import MAX_PAIR_GAP

    # an unpunctuated digest: the cue joins Toyota and Panasonic; Ford is a page of words away
    filler = " ".join(["outlook steady margins improving volumes flat"] * 12)
    text = f"Toyota formed a battery joint venture with Panasonic {filler} and Ford formed a venture too."
    assert text.index("Ford") - text.index("Panasonic") > MAX_PAIR_GAP
    pairs = {frozenset((c.a.name, c.b.name)) for c in _cands(text)}
    assert frozenset(("Toyota", "Panasonic")) in pairs
    assert not any("Ford" in p for p in pairs)


def test_ownership_and_divestment_words_are_features():
    (c,) = _cands("General Motors agreed to sell its Allison unit to Carlyle Group under a deal signed on "
                  "Monday.")
    assert c.features["lex_divestment"] == 1.0


def test_an_anaphor_pairs_the_previous_subject():
    cands = _cands("Volvo Cars unveiled a new model. It signed a supply agreement with Northvolt for cells.")
    assert any({c.a.name, c.b.name} == {"Volvo Cars", "Northvolt"} for c in cands)


def test_extract_states_the_venture_and_not_the_sale_of_a_unit():
    facts = extract_article({"id": "t", "title": "", "published": "2024-05-02", "text": (
        "Toyota and Panasonic formed a battery joint venture in Japan. "
        "General Motors agreed to sell its Allison unit to Carlyle Group under a deal signed on Monday.")})
    stated = {frozenset((p.company_a, p.company_b)) for p in facts.partnerships if p.stated}
    assert frozenset(("Toyota", "Panasonic")) in stated
    assert not any("Carlyle" in " ".join(pair) for pair in stated)
    assert all(0.0 <= p.confidence <= 1.0 for p in facts.partnerships)
    line = facts.to_contract()
    assert all(p["confidence"] >= 0.0 for p in line["partnerships"])


def test_a_plant_built_with_a_partner_is_a_cooperation_cue():
    cands = _cands("Peugeot is also building a factory able to produce 200,000 cars a year with Changan.")
    assert any({c.a.name, c.b.name} == {"Peugeot", "Changan"} for c in cands)


def test_names_listed_after_a_cue_are_parties():
    cands = _cands("Tata Motors signed agreements with Tata Power, ChargeZone and Statiq to build chargers.")
    names = {frozenset((c.a.name, c.b.name)) for c in cands}
    assert frozenset(("Tata Motors", "ChargeZone")) in names and frozenset(("Tata Motors", "Statiq")) in names


def test_a_named_venture_pairs_its_parents():
    cands = _cands("Shanghai GM, GM's venture with SAIC, sold 100,000 cars in May.")
    ventures = [c for c in cands if c.features.get("venture_parents")]
    assert {frozenset((c.a.company_id, c.b.company_id)) for c in ventures} == {
        frozenset(("general-motors", "saic"))}
    assert ventures[0].features["venture_parents_named_2"] == 1.0


def test_an_alliance_pairs_its_members_even_when_they_are_not_named():
    cands = _cands("The Renault-Nissan Alliance sold 8 million vehicles last year.")
    pairs = {frozenset((c.a.company_id, c.b.company_id)) for c in cands if c.features.get("venture_parents")}
    assert pairs == {frozenset(("renault", "nissan"))}


def test_a_verb_between_a_name_and_cars_keeps_the_name_a_party():
    cands = _cands("GM makes cars and light commercial vehicles in a tie-up with SAIC Motor and FAW Group.")
    assert {"GM"} <= {n for c in cands for n in (c.a.name, c.b.name)}


def _pairs(text: str) -> set[frozenset[str]]:
    return {frozenset((c.a.name, c.b.name)) for c in _cands(text)}


def test_partners_of_one_hub_are_not_paired_with_each_other():
    assert _pairs("Dongfeng operates joint ventures with Nissan and Honda.") == {
        frozenset(("Dongfeng", "Nissan")), frozenset(("Dongfeng", "Honda"))}
    peers = _pairs("Huawei and Changan will be the first customers of the new technology from CATL.")
    assert frozenset(("Huawei", "Changan")) not in peers and frozenset(("Huawei", "CATL")) in peers


def test_a_name_a_comparison_introduces_is_no_party():
    pairs = _pairs("Ford would not accept a deal that made its labor costs higher relative to the likes of "
                   "Toyota and Honda.")
    assert not any("Toyota" in p or "Honda" in p for p in pairs)


def test_a_cue_with_an_unnamed_counterpart_pairs_no_names():
    assert _pairs("GM and Chrysler said they were cooperating with the government on the recall.") == set()
    assert _pairs("GM is in talks with the Chinese carmaker SAIC.") == {frozenset(("GM", "SAIC"))}
    # ... but the examples it gives are named
    assert _pairs("Fiat formed joint ventures with other automakers like India's Tata Motors.") == {
        frozenset(("Fiat", "Tata Motors"))}


def test_a_name_after_a_deals_between_phrase_is_not_its_party():
    cands = _cands("A healthcare agreement struck between Ford Motor Co and the United Auto Workers would "
                   "not work for General Motors Corp, its chief executive said.")
    assert not any({c.a.name, c.b.name} == {"Ford", "General Motors"} for c in cands)
    # the venture an apposition describes keeps its parents
    cands = _cands("VE Commercial Vehicles, a joint venture between Eicher Motors and Volvo, opened a plant.")
    pairs = {frozenset((c.a.name, c.b.name)) for c in cands}
    assert {frozenset(("VE Commercial Vehicles", p)) for p in ("Eicher Motors", "Volvo")} <= pairs


def test_examples_of_other_suppliers_are_peers_unless_they_are_the_cues_object():
    cands = _cands("Although Delphi defaulted on pensions, other parts suppliers such as Lear Corp and "
                   "Visteon kept their supply contracts with the automakers.")
    assert not any("Delphi" in {c.a.name, c.b.name} for c in cands)
    cands = _cands("Stellantis will also use other battery suppliers, such as CATL and Samsung SDI.")
    assert any({c.a.name, c.b.name} == {"Stellantis", "CATL"} for c in cands)


def test_regulators_job_titles_and_workers_are_no_counterparts():
    for text in ("Chrysler Group is cooperating fully with NHTSA on the recall.",
                 '"Sales held up," said Mike Hammer, a partner at law firm Dickinson Wright, a GM adviser.',
                 "LaSorda said of Goodyear's deal with its workers that Chrysler would follow."):
        facts = extract_article({"id": "t", "title": "", "published": "2024-05-02", "text": text})
        assert facts.partnerships == [], text


def test_the_items_of_a_digest_headline_are_separate_stories():
    cands = _cands("Workers ratified it.", title="Chrysler, CAW in tentative deal, GM draws $2 billion")
    assert not any({c.a.name, c.b.name} == {"Chrysler", "General Motors"} for c in cands)
    cands = _cands("The two will share plants.", title="Renault, Nissan sign alliance deal")
    assert any({c.a.name, c.b.name} == {"Renault", "Nissan"} for c in cands)


def test_a_companys_unions_dealers_and_staff_are_not_the_company():
    facts = extract_article({"id": "t", "title": "", "published": "2010-03-02", "text": (
        "Last month, Volvo's union leaders held their first talks with Geely.")})
    assert facts.partnerships == []
    facts = extract_article({"id": "t", "title": "", "published": "2010-03-02", "text": (
        "Toyota told investors it would partner with Panasonic on batteries.")})
    assert [(f.company_a, f.company_b) for f in facts.partnerships] == [("Toyota", "Panasonic")]


def test_a_deal_with_an_alliance_is_a_deal_with_each_member():
    facts = extract_article({"id": "t", "title": "", "published": "2010-04-07", "text": (
        "Daimler will get small diesel engines and transmissions from Renault-Nissan for its Vito van.")})
    pairs = {frozenset((f.company_a, f.company_b)) for f in facts.partnerships if f.stated}
    assert {frozenset(("Daimler", "Renault")), frozenset(("Daimler", "Nissan"))} <= pairs
    assert not any("Renault-Nissan" in p for p in pairs)


def test_parties_of_two_deals_named_one_after_the_other_are_not_paired_across():
    for text in ("Suzuki and Volkswagen announced an equity tie-up, and Mitsubishi Motors and Peugeot are in "
                 "talks to deepen their ties.",
                 "Partnerships are in focus, with Suzuki and Volkswagen announcing an equity tie-up and "
                 "Mitsubishi Motors and France's Peugeot in talks.",
                 "Renault, Nissan and Daimler announced a partnership, and Volkswagen and Suzuki an equity "
                 "tie-up."):
        pairs = _pairs(text)
        assert frozenset(("Suzuki", "Volkswagen")) in pairs, text
        assert not any(len(p & {"Suzuki", "Volkswagen"}) == 1 and len(p & {"Renault", "Nissan", "Daimler",
                       "Mitsubishi Motors", "Peugeot"}) == 1 for p in pairs), text
    # one more name joined to the cue's object is still its object
    assert frozenset(("Daimler", "Nissan")) in _pairs(
        "Daimler, which is talking to partners and Nissan about working together on fuel cells, said so.")


def _deals(text: str) -> list[PartnershipFact]:
    """The partnership facts the whole extractor states or keeps for review in a one-paragraph article."""
    return extract_article({"id": "t", "title": "", "published": "2009-05-01", "text": text}).partnerships


def test_an_apposition_naming_a_company_by_its_role_for_another_is_a_deal():
    facts = _deals("Kuka Flexible Production Systems, a Chrysler supplier, said it would add jobs.")
    assert [(f.company_a, f.company_b, f.kind) for f in facts] == [
        ("Kuka Flexible Production Systems", "Chrysler", "supply")]
    facts = _deals("Tianqi Auto -- also a Toyota and Volkswagen partner -- makes cars.")
    assert {(f.company_a, f.company_b) for f in facts} == {
        ("Tianqi Auto", "Toyota"), ("Tianqi Auto", "Volkswagen")}
    facts = _deals("Toyota, a Ford rival, cut jobs.")
    assert facts == []
    facts = _deals("Renault SA ( RENA.PA ) and its partner Nissan said so.")
    assert [(f.company_a_id, f.company_b_id) for f in facts] == [("renault", "nissan")]


def test_two_companies_joined_by_a_hyphen_before_a_cooperation_noun_are_its_parties():
    facts = _deals("Marchionne, who runs the Chrysler-Fiat alliance, said sales rose.")
    assert [(f.company_a, f.company_b, f.status) for f in facts] == [
        ("Chrysler", "Fiat", "active")]
    facts = _deals("Sources discounted a possible GM-Chrysler alliance.")
    assert [(f.company_a, f.company_b, f.status) for f in facts] == [("GM", "Chrysler", "talks")]
    assert _deals("The Chrysler-Fiat deal closed.") == []  # a compound elsewhere is one word


def test_a_supplys_customer_may_be_named_by_its_products():
    facts = _deals("CATL is now supplying LFP battery cells to the two most popular Tesla models.")
    assert [(f.company_a, f.company_b, f.kind) for f in facts] == [("CATL", "Tesla", "supply")]
    facts = _deals("Magna has met with Chrysler executives about supplying parts.")
    assert facts == []  # people, not products


def test_a_countrys_possessive_between_with_and_the_name_keeps_it_the_object_of_with():
    cands = _cands("Chrysler is in talks with India's Tata Motors and Italy's Fiat about a tie-up.")
    by_pair = {frozenset((c.a.name, c.b.name)): c.features for c in cands}
    assert by_pair[frozenset(("Chrysler", "Tata Motors"))]["with_before"] == 1.0
    assert by_pair[frozenset(("Chrysler", "Fiat"))]["with_before"] == 1.0


def test_a_places_possessive_inside_a_list_keeps_the_list_one_group():
    # "between A and France's B": both inside the deal's "between" phrase
    assert _pairs("The partnership between Johnson Controls and France's Saft plans a plant.") == {
        frozenset(("Johnson Controls", "Saft"))}
    # "a partner of A and South Korea's B": the hub pairs with each, the two are not paired
    facts = _deals("BAIC, the Chinese partner of Daimler AG and South Korea's Hyundai Motor Co, bid.")
    pairs = {frozenset((f.company_a, f.company_b)) for f in facts if f.stated}
    assert {frozenset(("BAIC", "Daimler")), frozenset(("BAIC", "Hyundai Motor"))} <= pairs
    assert frozenset(("Daimler", "Hyundai Motor")) not in pairs


def test_making_cars_with_a_named_maker_is_manufacturing_together():
    facts = _deals("Dongfeng Motor Group, which makes cars with Honda Motor, said profit rose.")
    assert [(f.company_a, f.company_b, f.kind) for f in facts if f.stated] == [
        ("Dongfeng Motor Group", "Honda Motor", "manufacturing")]


def test_partners_of_an_anaphor_hub_are_not_paired_with_each_other():
    pairs = _pairs("Dongfeng is China's No. 2 automaker. It also has ventures with Honda Motor and Nissan.")
    assert frozenset(("Honda Motor", "Nissan")) not in pairs
    assert frozenset(("Dongfeng", "Honda Motor")) in pairs
