"""Partnership extraction on our own sentences: one test per pattern and per trap.

Mentions are given explicitly (name -> company id) so these tests pin down the pairing rules
independently of the mention finder; the dev-set check at the end runs the real pipeline.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from transforms.document import Doc, Section
from transforms.partnerships import extract_partnerships
from transforms.records import Mention
from transforms.text import split_sentences

SHARED = Path(__file__).resolve().parents[3] / "shared"


def make_doc(text: str, names: dict[str, str | None], title: str = "") -> Doc:
    """A Doc whose mentions are every occurrence of the given names (longest first)."""
    sections = []
    for name, body in (("title", title), ("text", text)):
        if not body:
            continue
        taken: list[tuple[int, int]] = []
        mentions = []
        for n in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(n), body):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                mentions.append(Mention(n, m.start(), m.end(), n, names[n]))
        mentions.sort(key=lambda m: m.start)
        sections.append(Section(name, body, split_sentences(body), mentions))
    return Doc("t", None, sections)


def pairs(text: str, names: list[str] | dict[str, str | None], title: str = "") -> set[frozenset[str]]:
    table = names if isinstance(names, dict) else {n: n.lower().replace(" ", "-") for n in names}
    return {frozenset((f.company_a, f.company_b)) for f in extract_partnerships(make_doc(text, table, title))}


def P(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


# --- patterns -----------------------------------------------------------------------------------


def test_coordinated_objects_pair_with_the_subject() -> None:
    got = pairs("Zentor said it would team up with Arvolt, Brimco and Calder Motors to build vans.",
                ["Zentor", "Arvolt", "Brimco", "Calder Motors"])
    assert got == {P("Zentor", "Arvolt"), P("Zentor", "Brimco"), P("Zentor", "Calder Motors")}


def test_coordinated_subjects_of_a_joint_venture_give_all_pairs() -> None:
    got = pairs("Arvolt Corp, Brimco Ltd and Calder Inc have signed an agreement to set up a joint venture "
                "to make seats, Arvolt said.",
                {"Arvolt Corp": "arvolt", "Brimco Ltd": "brimco", "Calder Inc": "calder", "Arvolt": "arvolt"})
    assert got == {P("Arvolt Corp", "Brimco Ltd"), P("Arvolt Corp", "Calder Inc"),
                   P("Brimco Ltd", "Calder Inc")}


def test_apposition_names_a_venture_by_its_parents() -> None:
    got = pairs("Velora Mobility, a joint venture formed by Kestrel and Orvane, opened a plant.",
                ["Velora Mobility", "Kestrel", "Orvane"])
    assert P("Kestrel", "Orvane") in got


def test_passive_jointly_developed_by() -> None:
    got = pairs("The new platform was developed jointly by Kestrel and Orvane.", ["Kestrel", "Orvane"])
    assert got == {P("Kestrel", "Orvane")}


def test_title_counts() -> None:
    got = pairs("The deal covers Europe.", ["Kestrel", "Orvane"], title="Kestrel and Orvane form alliance")
    assert got == {P("Kestrel", "Orvane")}


def test_headline_subject_outside_the_table_is_a_party() -> None:
    text = "Based in Oslo, Nordbuss was the top bus maker. The bus maker signed a partnership with Ferrocell."
    title = "Nordbuss coaches will be powered by cells from Ferrocell"
    got = pairs(text, {"Ferrocell": "ferrocell"}, title=title)
    assert got == {P("Nordbuss", "Ferrocell")}


def test_past_mention_in_relative_clause() -> None:
    got = pairs("Velmar, which partnered with Quillon in 2019, posted a profit.", ["Velmar", "Quillon"])
    assert got == {P("Velmar", "Quillon")}


def test_supply_of_components_to_a_customer() -> None:
    got = pairs("Ferrocell will supply battery cells to Dunmore for its vans.", ["Ferrocell", "Dunmore"])
    assert got == {P("Ferrocell", "Dunmore")}


def test_product_uses_cells_from_a_supplier() -> None:
    got = pairs("The Dunmore Vix uses prismatic battery cells from Ferrocell.", ["Dunmore", "Ferrocell"])
    assert got == {P("Dunmore", "Ferrocell")}


def test_pronoun_subject_resolves_to_previous_subject() -> None:
    got = pairs("Halvard Motors cut its forecast. Last month, it signed a production agreement with Tiberon.",
                ["Halvard Motors", "Tiberon"])
    assert got == {P("Halvard Motors", "Tiberon")}


def test_the_two_firms_refers_to_the_last_pair() -> None:
    doc = make_doc("Halvard will supply Tiberon with engines. The two firms signed a memorandum of "
                   "understanding.", {"Halvard": "halvard", "Tiberon": "tiberon"})
    facts = extract_partnerships(doc)
    assert [(f.company_a, f.company_b) for f in facts] == [("Halvard", "Tiberon")]


def test_unit_of_a_parent_counts_as_the_parent() -> None:
    names = {"Huxley": "huxley", "Smart Drive": None, "Marlo": "marlo"}
    got = pairs("Huxley's Smart Drive unit will cooperate with Marlo.", names)
    assert got == {P("Huxley", "Marlo")}


def test_joint_venture_partners_named_later_pair_with_the_first_parent() -> None:
    text = ("Tarsa Motors is a joint venture in which Keiko Corp holds a 40 pct stake. "
            "Its local partners are Bandu Co and Siam Works.")
    got = pairs(text, ["Tarsa Motors", "Keiko Corp", "Bandu Co", "Siam Works"])
    assert {P("Keiko Corp", "Bandu Co"), P("Keiko Corp", "Siam Works")} <= got


# --- kind, status, evidence -------------------------------------------------------------------------


def test_kind_status_and_evidence_offsets() -> None:
    text = "Sales rose. In 2001 Kestrel severed its ties with Orvane, its partner for ten years."
    doc = make_doc(text, {"Kestrel": "kestrel", "Orvane": "orvane"})
    [fact] = extract_partnerships(doc)
    assert fact.status == "ended"
    assert fact.evidence.section == "text"
    assert text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
    assert fact.company_a_id == "kestrel" and fact.company_b_id == "orvane"


def test_talks_status_and_joint_venture_kind() -> None:
    doc = make_doc("Kestrel is in talks with Orvane about a joint venture.", {"Kestrel": "k", "Orvane": "o"})
    [fact] = extract_partnerships(doc)
    assert fact.status == "talks" and fact.kind == "joint_venture"


def test_supply_kind_and_brand() -> None:
    doc = make_doc("Kestrel will supply Orvane with Zephyr-branded motors.", {"Kestrel": "k", "Orvane": "o"})
    [fact] = extract_partnerships(doc)
    assert fact.kind == "supply" and fact.brand == "Zephyr"


# --- traps --------------------------------------------------------------------------------------


def test_peers_named_together_are_not_partners() -> None:
    text = "Rivals such as Kestrel and Orvane are also exploring opportunities."
    assert pairs(text, ["Kestrel", "Orvane"]) == set()


def test_acquisition_is_not_a_partnership() -> None:
    text = "Kestrel and Orvane signed a letter of intent on Kestrel's proposed takeover of Pellam Corp."
    assert pairs(text, ["Kestrel", "Orvane", "Pellam Corp"]) == set()


def test_acquisition_context_spreads_to_later_agreement_sentences() -> None:
    text = ("Kestrel agreed to acquire Pellam from Orvane. "
            "Under the previous agreement between Kestrel and Orvane, the letter would lapse.")
    assert pairs(text, ["Kestrel", "Orvane", "Pellam"]) == set()


def test_negated_cooperation() -> None:
    assert pairs("Kestrel does not cooperate with Orvane.", ["Kestrel", "Orvane"]) == set()


def test_unnamed_party() -> None:
    assert pairs("Kestrel expanded its partnership with global automakers.", ["Kestrel"]) == set()


def test_government_body_is_not_a_party() -> None:
    names = {"Kestrel": "kestrel", "Board of Investments": None}
    assert pairs("Kestrel signed an agreement with the Board of Investments.", names) == set()


def test_self_pair_dropped() -> None:
    names = {"Kestrel Motor": "kestrel", "Kestrel": "kestrel"}
    assert pairs("Kestrel Motor will supply engines to Kestrel.", names) == set()


def test_speculative_supply_dropped() -> None:
    assert pairs("The Orvane Z could get a larger battery pack from Kestrel.", ["Orvane", "Kestrel"]) == set()


def test_ordinary_sale_to_a_customer_is_not_a_partnership() -> None:
    text = "Kestrel sold 20,000 cars to Orvane Rentals last year."
    assert pairs(text, ["Kestrel", "Orvane Rentals"]) == set()


# --- the development set (a measurement, not a fixture) ----------------------------------------------


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
def test_dev_set_partnership_f1(tmp_path: Path) -> None:
    from transforms.extract import extract_article

    out = tmp_path / "pred.jsonl"
    with (SHARED / "eval" / "dev_articles.jsonl").open(encoding="utf-8") as fh, out.open("w") as w:
        for line in fh:
            w.write(json.dumps(extract_article(json.loads(line)).to_contract()) + "\n")
    eval_dir = SHARED / "eval"
    cmd = [sys.executable, str(eval_dir / "score.py"), str(eval_dir / "dev_gold.jsonl"), str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    f1 = float(re.search(r"partnerships_f1=([0-9.]+)", res.stdout).group(1))
    assert f1 >= 0.92, res.stdout


def test_owner_links_count_only_from_their_year() -> None:
    """1987: Chrysler and Maserati were separate firms; today both sit in one group's chain."""
    from datetime import date

    text = "Maserati signed an agreement with Chrysler to build a coupe for the American market."
    names = {"Maserati": "maserati", "Chrysler": "chrysler"}
    doc = make_doc(text, names)
    old = Doc("t", date(1987, 5, 1), doc.sections)
    assert {frozenset((f.company_a, f.company_b)) for f in extract_partnerships(old)} == {
        P("Maserati", "Chrysler")
    }
    brand = make_doc("Jeep signed an agreement with Chrysler on a new plant.",
                     {"Jeep": "jeep", "Chrysler": "chrysler"})
    assert extract_partnerships(Doc("t", date(2023, 5, 1), brand.sections)) == []


def test_fact_names_follow_the_text_unless_it_names_a_unit() -> None:
    text = "Daimler signed a supply agreement with Maruti Udyog Ltd.\nHuawei's car unit partners with Seres."
    names = {"Daimler": "mercedes-benz", "Maruti Udyog Ltd": "maruti", "Huawei's car unit": "huawei",
             "Seres": "seres"}
    doc = make_doc(text, names)
    sections = [Section(s.name, s.text, s.sentences,
                        [Mention(m.text, m.start, m.end, {"mercedes-benz": "Mercedes-Benz Group",
                                                            "maruti": "Maruti Suzuki", "huawei": "Huawei",
                                                            "seres": "Seres"}[m.company_id], m.company_id)
                         for m in s.mentions]) for s in doc.sections]
    got = {frozenset((f.company_a, f.company_b)) for f in extract_partnerships(Doc("t", None, sections))}
    assert got == {P("Daimler", "Maruti Udyog"), P("Huawei", "Seres")}


def test_subjectless_cue_names_the_article_topic() -> None:
    text = ("Halvard launched the Vix van. Halvard says the Vix will reach Europe in May. "
            "The pack is made with pouch cells from Ferrocell.")
    assert pairs(text, ["Halvard", "Ferrocell"]) == {P("Halvard", "Ferrocell")}


def test_subjectless_cue_with_another_organisation_in_the_sentence_is_not_the_topic() -> None:
    text = ("Halvard launched the Vix van. Halvard says the Vix will reach Europe in May. "
            "The pack of the Dunmore Rix - made with pouch cells from Ferrocell - is lighter.")
    # the dashes enclose a description of the Dunmore pack: its maker is the customer, not the topic
    assert pairs(text, ["Halvard", "Ferrocell", "Dunmore"]) == {P("Dunmore", "Ferrocell")}


def test_what_is_said_or_done_with_a_part_is_not_its_supplier() -> None:
    text = ("Halvard launched the Vix van. Halvard says the Vix will reach Europe in May. "
            "The battery capacity advertised by Ferrocell is not the usable one. "
            "It relies on technology acquired from Dunmore.")
    assert pairs(text, ["Halvard", "Ferrocell", "Dunmore"]) == set()


def test_dealers_of_a_brand_are_not_the_brand() -> None:
    text = ("Halvard launched the Vix van. Halvard says the Vix will reach Europe in May. "
            "The first units fill a backlog of orders from Dunmore dealers.")
    assert pairs(text, ["Halvard", "Dunmore"]) == set()


def test_former_owner_counts_in_its_years_only() -> None:
    """Opel belonged to GM until 2017: a 2005 GM-Opel pair is one group, a 2005 GM-Peugeot pair is not."""
    from datetime import date

    text = "GM signed an agreement with Opel and Peugeot on engines."
    doc = make_doc(text, {"GM": "general-motors", "Opel": "opel", "Peugeot": "peugeot"})
    got = {frozenset((f.company_a, f.company_b)) for f in extract_partnerships(Doc("t", date(2005, 3, 1),
                                                                                   doc.sections))}
    assert got == {P("GM", "Peugeot")}


def test_brands_of_one_owner_are_not_partners() -> None:
    text = "Its Oldsmobile, Pontiac and Buick divisions signed a contract on loans."
    names = {"Oldsmobile": "oldsmobile", "Pontiac": "pontiac", "Buick": "buick"}
    assert pairs(text, names) == set()


def test_headline_word_is_not_a_name_unless_the_body_uses_it() -> None:
    text = "The new cells store more energy. They are made in Korea."
    title = "Possible upgrades with cells from Ferrocell"
    assert pairs(text, {"Ferrocell": "ferrocell"}, title=title) == set()


def test_a_name_after_a_new_clause_verb_is_not_the_object() -> None:
    text = "Cars such as the Vix made by Chinese automakers seem to be the best rivals to Dunmore so far."
    assert pairs(text, ["Dunmore"]) == set()


def test_status_words_right_after_the_cue() -> None:
    facts = extract_partnerships(make_doc("", {"KESTREL": "k", "ORVANE": "o"},
                                          title="KESTREL, ORVANE STILL IN JOINT VENTURE TALKS"))
    assert [(f.kind, f.status) for f in facts] == [("joint_venture", "talks")]


def test_unnamed_speaker_pronoun_is_not_an_earlier_pair() -> None:
    text = ("Kestrel and Orvane reported results. Separately, unions said they had signed an agreement with "
            "Orvane management on jobs.")
    assert pairs(text, ["Kestrel", "Orvane"]) == set()


def test_sentence_opened_by_an_anaphor_keeps_its_referent() -> None:
    text = ("Kestrel Motor is negotiating a plant with Ruritania. The company, in which Orvane has a 5 pct "
            "stake, makes vans. Its Indian joint venture Tarsa Motors, 26 pct owned by Kestrel Motor, "
            "builds cars.")
    got = pairs(text, ["Kestrel Motor", "Orvane", "Tarsa Motors"])
    assert P("Orvane", "Tarsa Motors") not in got and P("Kestrel Motor", "Tarsa Motors") in got


def test_capitalised_cue_inside_a_name_is_not_a_cue() -> None:
    text = "Its investors include Kestrel (Alliance Ventures), Orvane and Dunmore Capital."
    assert pairs(text, ["Kestrel", "Orvane", "Dunmore Capital"]) == set()


def test_plural_cue_followed_by_examples_is_a_category() -> None:
    text = "The leading brands are Kestrel, Euro-Chinese co-operations (Orvane, Velmar) and others."
    assert pairs(text, ["Kestrel", "Orvane", "Velmar"]) == set()


def test_pronoun_after_an_object_points_back_to_the_subject() -> None:
    text = ("Kestrel builds the Vix in two plants. The US version will get its cells from Ferrocell and the "
            "Chinese version will get its cells from Orvane.")
    got = pairs(text, ["Kestrel", "Ferrocell", "Orvane"])
    assert got == {P("Kestrel", "Ferrocell"), P("Kestrel", "Orvane")}


def test_talks_with_and_provides_to_are_cues() -> None:
    text = ("Kestrel is in early discussions with Orvane about its cell technology. "
            "Kestrel also provides battery swapping to Velmar, Dunmore and Tiberon under agreements.")
    got = pairs(text, ["Kestrel", "Orvane", "Velmar", "Dunmore", "Tiberon"])
    assert got == {P("Kestrel", "Orvane"), P("Kestrel", "Velmar"), P("Kestrel", "Dunmore"),
                   P("Kestrel", "Tiberon")}


def test_preposition_before_models_does_not_make_a_product() -> None:
    got = pairs("Kestrel works with Orvane and Velmar on models for India.", ["Kestrel", "Orvane", "Velmar"])
    assert got == {P("Kestrel", "Orvane"), P("Kestrel", "Velmar")}


def test_a_union_is_not_a_party() -> None:
    assert pairs("Kestrel reached agreement with the UAW on wages.", {"Kestrel": "k", "UAW": None}) == set()


def test_a_parent_forming_a_venture_is_not_the_venture() -> None:
    text = ("Kestrel formed a joint venture with Orvane last year. "
            "Kestrel ended its joint venture with Velmar in 2022.")
    got = pairs(text, ["Kestrel", "Orvane", "Velmar"])
    assert P("Orvane", "Velmar") not in got


def test_negation_of_an_earlier_predicate_does_not_cancel_the_cue() -> None:
    text = "The Kestrel Vix is not very quick and only gets its battery cells from Ferrocell."
    assert pairs(text, ["Kestrel", "Ferrocell"]) == {P("Kestrel", "Ferrocell")}
    assert pairs("Kestrel does not buy its battery cells from Ferrocell.", ["Kestrel", "Ferrocell"]) == set()


def test_negotiating_with_and_bare_talks_with_are_cues() -> None:
    got = pairs("Kestrel is negotiating with the state-owned Orvane Works about a van plant.",
                ["Kestrel", "Orvane Works"])
    assert got == {P("Kestrel", "Orvane Works")}
    got = pairs("Officials were irritated by Velmar's disclosure of its talks with Tiberon in May.",
                ["Velmar", "Tiberon"])
    assert got == {P("Velmar", "Tiberon")}


def test_an_arrangement_is_a_weak_cue() -> None:
    got = pairs("Kestrel will continue a marketing arrangement with Orvane set up in 1985.",
                ["Kestrel", "Orvane"])
    assert got == {P("Kestrel", "Orvane")}


def test_three_parents_of_one_new_company_all_pair() -> None:
    got = pairs("Kestrel said it agreed with Orvane and Velmar to form a company that would make seats.",
                ["Kestrel", "Orvane", "Velmar"])
    assert got == {P("Kestrel", "Orvane"), P("Kestrel", "Velmar"), P("Orvane", "Velmar")}
    got = pairs("Kestrel formed joint ventures with Orvane and Velmar last year.",
                ["Kestrel", "Orvane", "Velmar"])
    assert P("Orvane", "Velmar") not in got


def test_a_relative_clause_before_the_cue_hides_the_pronoun_subject() -> None:
    text = ("Kestrel sells more vans than Orvane. It remains ahead even counting the Zeta vans (which are "
            "made by the former Velmar unit that Tiberon sold) in 1999.")
    assert pairs(text, ["Kestrel", "Orvane", "Velmar", "Tiberon"]) == set()


def test_an_undated_story_reads_owners_in_the_year_it_names() -> None:
    text = "In 2005 GM will supply engines to Opel. GM cut 12,000 jobs in 2005, after losses in 2004."
    assert pairs(text, {"GM": "general-motors", "Opel": "opel"}) == set()


def test_customers_possessive_is_not_a_supply_cue() -> None:
    text = "Kestrel wants to change customers' views of Orvane."
    assert pairs(text, ["Kestrel", "Orvane"]) == set()


def test_this_automaker_after_an_opener_is_the_nearest_name() -> None:
    text = ("The Kestrel Vix and the Orvane Zip are fine, but the winner might come from Velmar, since this "
            "automaker is the first customer for Ferrocell's new cells.")
    got = pairs(text, ["Kestrel", "Orvane", "Velmar", "Ferrocell"])
    assert got == {P("Velmar", "Ferrocell")}


def test_the_name_before_as_supplier_is_the_supplier() -> None:
    text = "Kestrel is studying the use of Orvane's Zeta Products as a supplier of motors for wipers."
    assert pairs(text, ["Kestrel", "Orvane"]) == {P("Kestrel", "Orvane")}
    text = "Ferrocell wants to replace Voltix as the main cell supplier of Kestrel and Orvane."
    got = pairs(text, ["Ferrocell", "Voltix", "Kestrel", "Orvane"])
    assert {P("Voltix", "Kestrel"), P("Voltix", "Orvane")} <= got and P("Ferrocell", "Voltix") not in got


def test_a_list_before_as_suppliers_is_all_suppliers() -> None:
    got = pairs("Kestrel uses Ferrocell and Voltix as battery cell suppliers.",
                ["Kestrel", "Ferrocell", "Voltix"])
    assert got == {P("Kestrel", "Ferrocell"), P("Kestrel", "Voltix")}
    assert pairs("It uses Ferrocell and Voltix as suppliers.", ["Ferrocell", "Voltix"]) == set()


def test_names_in_a_fronted_phrase_are_not_the_subject() -> None:
    got = pairs("Focused on Zentor and its round cells, Arvolt has neglected its own cells, which cost it "
                "customers like Brimco.", ["Zentor", "Arvolt", "Brimco"])
    assert P("Zentor", "Brimco") not in got


def test_and_before_a_new_subject_and_verb_starts_a_new_clause() -> None:
    got = pairs("Arvolt is the supplier of Calder and Brimco also is happy with its customers.",
                ["Arvolt", "Calder", "Brimco"])
    assert got == {P("Arvolt", "Calder")}
    got = pairs("Since 2013, Arvolt, Brimco and Calder are working together in a joint venture.",
                ["Arvolt", "Brimco", "Calder"])
    assert got == {P("Arvolt", "Brimco"), P("Arvolt", "Calder"), P("Brimco", "Calder")}


def test_a_product_replacing_a_makers_part_is_a_rival_not_a_customer() -> None:
    got = pairs("Arvolt developed a cell that can replace the old one made by Brimco.", ["Arvolt", "Brimco"])
    assert got == set()


def test_a_supplier_switch_pairs_the_buyer_with_both_makers() -> None:
    names = {"Zentor": "zentor", "Arvolt": "arvolt", "Brimco": "brimco"}
    doc = make_doc("Zentor is replacing the Brimco cells with Arvolt cells in its small car.", names)
    got = {frozenset((f.company_a, f.company_b)): f.status for f in extract_partnerships(doc)}
    assert got == {P("Zentor", "Arvolt"): "active", P("Zentor", "Brimco"): "ended"}
    got2 = pairs("Zentor started replacing its main supplier, changing from Brimco to Arvolt.", names)
    assert got2 == {P("Zentor", "Arvolt"), P("Zentor", "Brimco")}


# --- spec lists ------------------------------------------------------------------------------------


def test_maker_label_in_a_spec_list_pairs_the_model_heading() -> None:
    text = (
        "Here are the details.\n\n**Nordwind Breeze long range specs**\n\n- **Range**: 400 km\n"
        "- **Battery cell maker**: Cellco\n- **Chemistry**: LFP\n\n**Summing up**\n\nA good car."
    )
    assert pairs(text, ["Nordwind", "Cellco"]) == {P("Nordwind", "Cellco")}


def test_supply_cue_in_a_bullet_pairs_the_subject_of_the_text_before_the_list() -> None:
    text = (
        "The Nordwind Breeze is a small hatchback that arrives in June.\n\nLet's see the specs.\n\n"
        "- **Seats**: 5\n- **Battery type**: LFP battery by Cellco\n\nThe price is low."
    )
    assert pairs(text, ["Nordwind", "Cellco"]) == {P("Nordwind", "Cellco")}


def test_a_sentence_whose_subject_is_it_keeps_the_list_owner() -> None:
    text = (
        "The Nordwind Breeze is a small hatchback that arrives in June.\n\nAs for the design, it reminds me "
        "of the Zephyr Gale.\n\n- **Seats**: 5\n- **Battery type**: LFP battery by Cellco\n\n"
        "The price is low."
    )
    assert pairs(text, ["Nordwind", "Zephyr", "Cellco"]) == {P("Nordwind", "Cellco")}


def test_names_listed_under_a_suppliers_line_are_the_suppliers() -> None:
    text = "Now the Nordwind Breeze has three battery suppliers, they are:\n\n- Cellco\n- Voltix\n\nGood."
    assert pairs(text, ["Nordwind", "Cellco", "Voltix"]) == {P("Nordwind", "Cellco"), P("Nordwind", "Voltix")}


def test_a_spec_label_that_names_no_maker_is_no_supply() -> None:
    text = "**Nordwind Breeze specs**\n\n- **Rival**: Voltix\n- **Chemistry**: LFP"
    assert pairs(text, ["Nordwind", "Voltix"]) == set()


def test_a_participle_between_dashes_describes_the_noun_before_it() -> None:
    text = "Nordwind is expected to bring new cells - made by Cellco - to its platform in 2027."
    assert pairs(text, ["Nordwind", "Cellco"]) == {P("Nordwind", "Cellco")}
    text = "The pack of the Nordwind Breeze - made with cells from Cellco - weighs 300 kg."
    assert pairs(text, ["Nordwind", "Cellco"]) == {P("Nordwind", "Cellco")}


def test_a_denied_belief_before_the_subject_negates_the_cue() -> None:
    text = "Sadly, I don't think that Nordwind will use Cellco battery cells anytime soon."
    assert pairs(text, ["Nordwind", "Cellco"]) == set()


def test_a_denied_report_before_the_subject_negates_the_cue() -> None:
    text = "A spokesperson denied a press report that Nordwind was negotiating with Cellco over a stake."
    assert pairs(text, ["Nordwind", "Cellco"]) == set()
    text = "Kestrel dismissed claims that Velmar had agreed to build its vans."
    assert pairs(text, ["Kestrel", "Velmar"]) == set()
    text = "Nordwind denied the rumours, but Cellco signed a supply deal with Nordwind in May."
    assert pairs(text, ["Nordwind", "Cellco"]) == {P("Nordwind", "Cellco")}


def test_equipped_with_takes_only_the_phrase_up_to_a_comma() -> None:
    text = "The Nordwind Breeze has a screen equipped with voice control, fast wake-up, and Voltix Play."
    assert pairs(text, ["Nordwind", "Voltix"]) == set()


def test_contrasted_subjects_keep_their_own_suppliers() -> None:
    text = "It says that while the Nordwind Aa gets cells from Cellco, the Halvard Vix gets them from Voltix."
    names = ["Nordwind", "Cellco", "Halvard", "Voltix"]
    assert pairs(text, names) == {P("Nordwind", "Cellco"), P("Halvard", "Voltix")}


def test_as_well_as_joins_the_parties_of_one_new_venture() -> None:
    text = "Nordwind signed an MOU with Cellco as well as Voltix to create a joint venture in Spain."
    assert pairs(text, ["Nordwind", "Cellco", "Voltix"]) == {
        P("Nordwind", "Cellco"), P("Nordwind", "Voltix"), P("Cellco", "Voltix")}


def test_an_adjective_opening_a_headline_is_no_company() -> None:
    title = "Electric rally partnership: Nordwind and Voltix head into fifth season"
    text = "The Nordwind Corsa Electric races again. Nordwind and Voltix run the cup."
    assert not any("Electric" in p for p in pairs(text, ["Nordwind", "Voltix"], title=title))


def test_the_last_word_of_a_link_text_is_not_part_of_its_file_name() -> None:
    from transforms.partnerships import _link_spans

    text = "![Acme A1 made in cooperation with Zenith](images/acme-a1-made-with-zenith.avif)"
    name = text.index("Zenith")
    assert not any(a <= name < b for a, b in _link_spans(text))
    assert any(a <= text.index("images") < b for a, b in _link_spans(text))


def test_a_brand_a_venture_launched_is_no_party() -> None:
    text = "Nordwind, in a joint venture with Zephyr, has launched an electric car brand called the Gale."
    assert pairs(text, ["Nordwind", "Zephyr", "Gale"]) == {P("Nordwind", "Zephyr")}


def test_a_sentence_without_names_pairs_what_its_anaphor_stands_for() -> None:
    # the cue search skips sentences with neither a name nor an anaphor; this one has "They"
    doc = make_doc("Halvard and Tiberon met in Oslo on Monday. They signed a partnership agreement.",
                   {"Halvard": "halvard", "Tiberon": "tiberon"})
    facts = extract_partnerships(doc)
    assert [(f.company_a, f.company_b) for f in facts] == [("Halvard", "Tiberon")]
    assert facts[0].evidence.sentence == "They signed a partnership agreement."


def test_a_part_that_is_made_with_a_makers_cells_is_supplied_by_it() -> None:
    assert pairs("The Halvard Vix battery pack is made with 192 Ferrocell pouch cells.",
                 ["Halvard", "Ferrocell"]) == {P("Halvard", "Ferrocell")}


def test_a_plant_that_builds_a_named_vehicle_type_for_another_maker_is_manufacturing() -> None:
    for text in ("A Halvard plant in Ohio that builds the Vix sedan for Tiberon was shut by the storm.",
                 "The Halvard facility also builds minivans for Tiberon."):
        assert pairs(text, ["Halvard", "Tiberon"]) == {P("Halvard", "Tiberon")}, text


def test_a_name_joined_to_its_partner_by_nationality_and_apposition() -> None:
    text = ("Halvard keeps 35 percent, with Tiberon and its Russian partner, state-owned bank Ostrobank,"
            " taking 27.5 percent.")
    assert P("Tiberon", "Ostrobank") in pairs(text, ["Halvard", "Tiberon", "Ostrobank"])
    # a parts supplier is nobody's supplier here
    text = "Zephyr is in talks to sell assets to Halvard and parts supplier Tiberon, sources said."
    assert P("Halvard", "Tiberon") not in pairs(text, ["Zephyr", "Halvard", "Tiberon"])


def test_an_apposition_naming_the_role_before_the_companies_it_is_held_for() -> None:
    text = ("Ostrobank, a Chinese partner of Japan's Halvard ( 7267.T ), Tiberon ( 7203.T ) and Zephyr,"
            " is seeking a listing.")
    assert {P("Ostrobank", "Halvard"), P("Ostrobank", "Tiberon"), P("Ostrobank", "Zephyr")} <= pairs(
        text, ["Ostrobank", "Halvard", "Tiberon", "Zephyr"])
    assert pairs("Ferrocell, a supplier to Halvard, said profit fell.", ["Ferrocell", "Halvard"]) == {
        P("Ferrocell", "Halvard")}


def test_two_companies_as_one_subject_of_making_one_thing_cooperate() -> None:
    names = ["Halvard", "Tiberon"]
    assert pairs("Halvard and Tiberon announced a $1 billion car plant in southern India.", names) == {
        P("Halvard", "Tiberon")}
    assert pairs("Engineers at Halvard and Tiberon have developed a new battery cell.", names) == {
        P("Halvard", "Tiberon")}
    assert pairs("Halvard and Tiberon build pickups in Michigan.", names) == set()  # each its own


def test_a_suppliers_trade_before_its_name_is_no_deal_with_the_articles_topic() -> None:
    names = ["Halvard", "Ferrocell"]
    text = ("Halvard sold more cars. Halvard raised its outlook. German auto supplier Ferrocell aims to"
            " enable cars to drive themselves by 2016.")
    assert pairs(text, names) == set()
    text = ("Halvard sold more cars. Halvard raised its outlook. Output suffered from a shortage of axles"
            " from supplier Ferrocell.")
    assert pairs(text, names) == {P("Halvard", "Ferrocell")}
