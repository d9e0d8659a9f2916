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
