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


def _module_screened_patterns():
    import importlib
    import pkgutil

    import transforms
    from transforms.screens import ScreenedPattern

    for info in pkgutil.iter_modules(transforms.__path__):
        module = importlib.import_module(f"transforms.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, ScreenedPattern) and value.needs:
                yield f"{info.name}.{name}", value


# One cue per phrase, so a word missing from a screen's group shows: the status, ownership, link and sales
# patterns screened by the words their alternatives start with
_SCREEN_SENTENCES = (
    "They ended the alliance.", "Ford is ending it.", "an end to the venture", "It ends.",
    "Nissan terminated it.",
    "Daimler severed ties.", "They dissolved it.", "Ford pulled out.", "VW withdrew.", "GM abandoned it.",
    "Fiat will unwind it.", "Volvo exited.", "the former partner", "They broke off.", "It breaks off.",
    "Honda scrapped it.", "BMW cancelled it.", "a split", "Kia backed away.", "to get out of it",
    "Volvo was the main partner.", "They were the partners.", "GM stopped it.",
    "in talks", "GM negotiates.", "Ford explores it.", "Honda is considering it.", "VW mulls it.",
    "Kia discussed it.", "a potential deal", "a possible deal", "Fiat proposed it.", "It reportedly will.",
    "was reported to",
    "rumours", "plans to", "It could.", "It may.", "It might.", "expected to", "trying to", "It seeks one.",
    "It aims to.", "It intends to.", "in the running",
    "Fiat acquired it.", "a takeover", "to take over", "took over", "a buyout", "a buy-out",
    "buys the company", "a merger", "They merged.", "It purchased it.", "a bid for Opel", "GM bought it.",
    "BYD is no longer a supplier.",
    "better than expected", "as forecast", "stronger-than-anticipated", "than planned",
    "the 3-month view", "RANK MODELS 2012",
    "[the deal](deal)", "https://example.test", "www.example.test", "photo.JPG", "the report.pdf",
    "A model called the Aito",
)


def test_every_screened_pattern_of_the_transforms_passes_where_its_regex_matches():
    """A screen is a necessary condition: wherever the regex matches, the text holds one word per group."""
    checked = 0
    for name, sp in _module_screened_patterns():
        for text in _SCREEN_SENTENCES:
            if sp.regex.search(text):
                checked += 1
                assert passes(sp.needs, text), f"{name} matches {text!r} but its needs screen it out"
    assert checked >= len(_SCREEN_SENTENCES)


def test_a_pattern_ending_at_a_position_matches_as_on_the_whole_prefix():
    import re

    from transforms.screens import ENDING_WINDOW, ending_at

    rx = re.compile(r"\b(?:compared\s+with|launched\s+in)\s+(?:the\s+)?$", re.I)
    filler = "Sales rose sharply, " * 30  # longer than the window, so only its end is searched
    text = filler + "up 5 percent compared with the March period, after a model launched in 2012."
    assert len(filler) > ENDING_WINDOW
    for end in (text.index("March"), text.index("2012"), text.index("percent"), 0, len(text)):
        got, want = ending_at(rx, text, end), rx.search(text[:end])
        assert (got and got.span()) == (want and want.span())
