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
