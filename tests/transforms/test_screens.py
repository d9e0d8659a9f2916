"""Word screens: a text passes when every group of needs has a word in it (DIGIT: any digit)."""

from transforms.screens import DIGIT, passes


def test_every_group_needs_one_of_its_words_case_folded():
    needs = (("quarter", "half"), ("first",))
    assert passes(needs, "The FIRST Quarter")
    assert not passes(needs, "the first month")


def test_digit_stands_for_any_digit_and_no_needs_always_pass():
    assert passes(((DIGIT, "million"),), "sold 80,000")
    assert passes(((DIGIT, "million"),), "two million")
    assert not passes(((DIGIT, "million"),), "many cars")
    assert passes((), "anything")


def test_a_screened_pattern_finds_what_its_regex_finds():
    import re

    from transforms.screens import ScreenedPattern

    rx = re.compile(r"\b(?:sold|deliver\w+)\s+(\d+)", re.I)
    sp = ScreenedPattern(rx, (("sold", "deliver"),))
    for text in ("GM sold 5 cars and DELIVERED 7.", "No figures here.", "Sold  12"):
        assert [m.span() for m in sp.finditer(text)] == [m.span() for m in rx.finditer(text)]
        assert sp.findall(text) == rx.findall(text)
        for pos, endpos in ((0, len(text)), (3, 12)):
            got, want = sp.search(text, pos, endpos), rx.search(text, pos, endpos)
            assert (got and got.span()) == (want and want.span())
