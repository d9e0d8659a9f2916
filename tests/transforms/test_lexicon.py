"""Cue lexicons kept as data: whole-word matching, raw punctuation entries, no duplicate names."""

import pytest

from transforms.lexicon import lexicon, parse_lexicon


def test_entries_match_whole_words_only():
    lex = parse_lexicon("[t]\nmerger = ['merg(?:e|er)']\n")
    assert lex.pattern("merger").search("a merger deal")
    assert not lex.pattern("merger").search("emergers")


def test_raw_entries_match_punctuation():
    lex = parse_lexicon("[raw]\nbreak = [';']\n")
    assert lex.pattern("break").search("A and B; C")


def test_a_name_defined_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        parse_lexicon("[a]\nx = ['a']\n[b]\nx = ['b']\n")


def test_packaged_lexicon_has_the_entries_the_candidates_read():
    lex = lexicon()
    for name in ("clause_break", "merger", "ownership", "divestment", "production", "future", "market",
                 "seg_bev", "seg_phev"):
        assert lex.pattern(name) is not None


def test_the_literal_prefix_screen_keeps_only_required_text():
    lex = parse_lexicon("[t]\na = ['stakes?', 'controll?(?:ed|s)? by', 'top \\\\w+']\n"
                        "b = ['(?:joint )?ventures?']\nc = ['x|y']\n")
    assert lex.pattern("a").needs == (("stake", "control", "top "),)
    assert lex.pattern("b").needs == ()  # starts with a group: no screen
    assert lex.pattern("c").needs == ()  # a top-level alternation: no screen
    assert lex.pattern("a").search("Controls by X") and not lex.pattern("a").search("a venture")
    assert list(lex.pattern("a").finditer("no cue here")) == []


def test_screened_cues_find_what_their_regex_finds():
    from tests.transforms.sentences import paragraphs

    found = 0
    for cue in lexicon().patterns.values():
        for text in paragraphs():
            expected = [m.span() for m in cue.regex.finditer(text)]
            assert [m.span() for m in cue.finditer(text)] == expected
            found += len(expected)
    assert found > 100
