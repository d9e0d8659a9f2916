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
