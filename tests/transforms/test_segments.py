"""What a sales figure covers, from the words next to it."""

import re

import pytest

from transforms.segments import segment_of


@pytest.mark.parametrize(
    ("sentence", "segment"),
    [
        ("BYD sold 50,000 electric cars in May", "bev"),
        ("Toyota sold 30,000 plug-in hybrids", "phev"),
        ("EV deliveries rose to 12,000", "bev"),
        ("NEV sales reached 80,000 units", "nev"),
        ("exports rose to 30,000 units", "export"),
        ("Ford sold 80,000 trucks", "truck"),
        ("Nissan sold 10,000 cars", "total"),
        ("GM sold 200,000 vehicles, including 5,000 EVs", "total"),  # the EVs are the next figure's
        ("it sold 2,000 of the Prius hybrid last year", "hybrid"),
        ("sales of passenger cars were 120,000", "passenger"),
    ],
)
def test_segment_of_the_first_figure(sentence, segment):
    m = re.search(r"\d[\d,]*", sentence)
    assert segment_of(sentence, m.start(), m.end()) == segment
