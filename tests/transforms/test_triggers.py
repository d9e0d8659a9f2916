"""Cooperation cues: the word screen in front of each pattern never hides a cue."""

from tests.transforms.sentences import paragraphs
from transforms.screens import passes
from transforms.triggers import _TRIGGERS, find_triggers


def test_a_cue_pattern_never_matches_text_without_what_it_needs():
    matched = 0
    for text in paragraphs():
        for rx, kind, _, _, needs in _TRIGGERS:
            for m in rx.finditer(text):
                matched += 1
                assert passes(needs, m.group(0)), (kind, m[0])
    assert matched > 30


def test_cues_are_found_with_their_kind():
    kinds = {t.kind for t in find_triggers("Toyota and Panasonic formed a joint venture and signed an MoU.")}
    assert kinds == {"joint_venture", "mou", "partnership"}
