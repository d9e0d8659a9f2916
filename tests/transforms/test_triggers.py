"""Cooperation cues: the word screen in front of each pattern never hides a cue."""

import re

from tests.transforms.sentences import paragraphs
from transforms.screens import passes
from transforms.triggers import _TRIGGERS, find_triggers


def test_a_cue_piece_never_matches_text_without_what_it_needs():
    matched = 0
    for text in paragraphs():
        for cue, kind, _, _ in _TRIGGERS:
            for pattern, needs in cue.pieces:
                for _ in re.finditer(pattern, text, cue.flags):
                    matched += 1
                    assert passes(needs, text), (kind, pattern)
    assert matched > 30


def test_screened_cues_find_what_the_whole_patterns_find():
    for text in paragraphs():
        for cue, *_ in _TRIGGERS:
            assert [m.span() for m in cue.finditer(text)] == [m.span() for m in cue.whole().finditer(text)]


def test_cues_are_found_with_their_kind():
    kinds = {t.kind for t in find_triggers("Toyota and Panasonic formed a joint venture and signed an MoU.")}
    assert kinds == {"joint_venture", "mou", "partnership"}


def test_supply_cues_in_their_several_wordings():
    for sentence in ("Tesla uses Panasonic cells in its cars.", "The packs are supplied by CATL.",
                     "BMW buys its motors from Bosch.", "The car is powered by a Honda engine.",
                     "The Breeze now features Cellco's cutting-edge Qilin battery.",
                     "Cellco cells (435-484 Wh/L) used in the new Breeze are dense.",
                     "The Breeze will leverage Cellco Energy's latest-generation EV batteries."):
        assert any(t.kind == "supply" for t in find_triggers(sentence)), sentence


def test_supply_as_availability_is_no_cue():
    for sentence in ("Limited supply of Nissan's Altima cut its sales.",
                     "Supply constraints hit Ford and GM."):
        assert not any(t.kind == "supply" for t in find_triggers(sentence)), sentence


def test_cooperation_cues_without_a_preposition_after_them():
    # "work together" and "talks between" state a cooperation with no "with" after them
    for sentence, kind in (("The three carmakers will keep working together on batteries.", "partnership"),
                           ("Talks between Acme Motors and Zenith Auto could drag on.", "partnership"),
                           ("The plant where Acme and Zenith jointly make vans is full.", "co_development")):
        assert any(t.kind == kind for t in find_triggers(sentence)), sentence


def test_developing_named_products_with_a_company_is_co_development():
    assert any(t.kind == "co_development" for t in find_triggers(
        "Acme plans to develop electric cars for China with battery maker Zenith."))
    assert any(t.kind == "co_development"
               for t in find_triggers("Acme already develops petrol engines with Zenith."))


def test_a_persons_job_as_partner_at_a_firm_is_no_cue():
    for sentence in ("Anna Berg, a partner with law firm Zenith Legal, said Acme would suffer.",
                     "Tom Hale, a former Acme president and a partner at Zenith Capital, said so."):
        assert not any(t.kind == "partnership" for t in find_triggers(sentence)), sentence
    assert any(t.kind == "partnership" for t in find_triggers("Acme named Zenith as a partner in the deal."))


def test_supply_cues_with_clients_adverbs_and_borrowed_parts():
    for sentence in ("Zenith Cells counts two carmakers as clients (Acme and Borealis).",
                     "The Zenith cells will also be used in Acme vans.",
                     "Borealis plans to integrate software from Zenith Labs.",
                     "The van rides on a platform borrowed from Acme Motors."):
        assert any(t.kind == "supply" for t in find_triggers(sentence)), sentence


def test_a_working_relationship_is_a_partnership_cue():
    assert [t.kind for t in find_triggers("a closer working relationship with Nordwind")] == ["partnership"]


def test_joint_procurement_is_an_alliance_and_a_relationship_a_weak_cue():
    kinds = [t.kind for t in find_triggers("Nordwind and Zephyr formed a procurement alliance.")]
    assert kinds == ["alliance"]
    (t,) = find_triggers("Nordwind would continue its relationship with Zephyr.")
    assert (t.kind, t.strong) == ("partnership", False)


def test_partners_ending_a_firms_name_or_a_managing_partner_is_no_cue():
    assert find_triggers("Blackstone Group, Centerbridge Capital Partners and Carlyle Group were in.") == []
    assert find_triggers("IPO Boutique senior managing partner Scott Sweet said demand was strong.") == []
    assert [t.kind for t in find_triggers("Ford Partners With Baidu On Self-Driving Cars")] == ["partnership"]


def test_making_cars_with_is_a_cue_only_before_a_name():
    assert [t.kind for t in find_triggers("Dongfeng makes cars with Honda Motor.")] == ["manufacturing"]
    assert find_triggers("Ford makes trucks with aluminum bodies in Dearborn.") == []


def test_link_ups_memorandums_and_talks_about_something_with_a_company_are_cues():
    for sentence, kind in (("The bankruptcy was twinned with a link-up with Zenith Auto.", "partnership"),
                           ("Acme signed Memorandums of Understanding with Zenith and Orvane.", "mou"),
                           ("Acme said it was in talks on sharing production with Zenith.", "partnership"),
                           ("Acme plans to manufacture cars and vans in Spain with truckmaker Zenith.",
                            "manufacturing")):
        assert any(t.kind == kind for t in find_triggers(sentence)), sentence


def test_several_is_no_severing():
    from transforms.triggers import ENDED
    assert ENDED.search("Acme has several co-operation deals with Zenith") is None
    assert ENDED.search("Acme severed its ties with Zenith") is not None


def test_making_cars_for_a_length_of_time_is_no_contract_manufacturing():
    assert not any(t.kind == "manufacturing" for t in find_triggers(
        "Acme, which has been making cars for more than a decade in Spain, opened a plant."))
    assert any(t.kind == "manufacturing" for t in find_triggers("Acme makes cars for Zenith in Spain."))
