"""Model names resolve to the brand that sells them."""

from transforms.models import find_models


def test_models_and_brands():
    found = find_models("The Q6 e-tron, the ID. Buzz and a Model Y were registered.")
    assert [(m.text, m.brand) for m in found] == [("Q6 e-tron", "Audi"), ("ID. Buzz", "Volkswagen"),
                                                  ("Model Y", "Tesla")]


def test_ordinary_lower_case_words_are_not_models():
    assert find_models("a leaf and a seal on the beach") == []


def test_model_inside_a_longer_token_is_not_found():
    assert find_models("the EX300X prototype") == []


def test_ambiguous_names_count_only_where_a_model_is_meant():
    assert [m.text for m in find_models("Sales of the Sentra rose; Focus on costs, Song said.")] == ["Sentra"]
    assert [(m.text, m.brand) for m in find_models("the Ford Focus sold 2,000")] == [("Focus", "Ford")]
    assert [m.text for m in find_models("In 2011, the Escape, a small SUV, led")] == ["Escape"]


def test_a_model_in_the_plural_after_a_count():
    from transforms.models import plural_model_at

    text = "GM sold 5,377 Chevrolet Volts, 682 Vipers and 20,000 Model 3s."
    found = [plural_model_at(text, text.index(n) + len(n)) for n in ("5,377", "682", "20,000")]
    assert [(m.text, m.brand) for m in found] == [
        ("Volts", "Chevrolet"), ("Vipers", "Dodge"), ("Model 3s", "Tesla")]
    assert plural_model_at("It sold 500 Teslas.", 11) is None  # a brand, not a model
    assert plural_model_at("a 400 volts battery", 5) is None  # lower case: a unit


def test_names_match_as_one_longest_first_alternation_would():
    """Each name is matched with its own pattern; the result must be the single alternation's."""
    import re

    from transforms.models import _matches, _pattern

    names = ("ID.3", "ID. Buzz", "Model 3", "Model S", "Q6 e-tron", "Q6")
    text = "The ID. Buzz, the ID.3 and the Q6 e-tron beat the Model 3; Model S and Q6 followed. ID.3s"
    one = re.compile("|".join(_pattern(n) for n in sorted(names, key=len, reverse=True)), re.I)
    assert [m.span() for m in _matches(text, names)] == [m.span() for m in one.finditer(text)]


def test_the_table_says_what_a_model_runs_on_when_all_of_its_cars_run_on_one_thing():
    from transforms.models import powertrain

    assert powertrain("Model Y", "tesla") == "bev" and powertrain("model y", "tesla") == "bev"
    assert powertrain("Volt", "chevrolet") == "phev"
    assert powertrain("Model Y", None) is None  # another brand's model of that name is not this one
