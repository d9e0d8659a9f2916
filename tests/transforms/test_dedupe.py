"""Exact and near-duplicate keys: content_hash, simhash, hamming, find_duplicate, DuplicateIndex."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from transforms.clean import clean_page
from transforms.dedupe import (
    NEAR_DISTANCE,
    NEAR_RESEMBLANCE,
    DuplicateIndex,
    content_hash,
    find_duplicate,
    fingerprints,
    hamming,
    resemblance,
    simhash,
    sketch,
    sketch_bytes,
    sketch_from_bytes,
)
from transforms.records import Article

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

TEXT = (
    "Harbour Motors and the battery maker Voltaic Cells have agreed to form a joint venture that will "
    "build lithium iron phosphate packs for compact electric vans. The venture will be owned 51 percent "
    "by Harbour Motors and 49 percent by Voltaic Cells and plans to open a plant near Kestrel Bay in 2026. "
    "Regulators in the European Union still have to approve the deal, which analysts say gives the "
    "carmaker a cost advantage over rivals that buy cells on the open market."
)
OTHER = (
    "Used electric car sales rose to a record in the spring as prices fell and buyers who had waited for "
    "a cheaper model finally moved, a survey of independent dealers showed. Dealers said supply remained "
    "the main constraint because fleets returned fewer cars than expected, and the association expects "
    "the share of electric models in the used market to keep rising through the rest of the year."
)


def article(article_id: str, text: str) -> Article:
    exact, near = fingerprints(text)
    return Article(article_id, f"https://example.com/{article_id}", f"https://example.com/{article_id}",
                   None, None, None, "en", None, text, exact, near)


def test_content_hash_ignores_case_spacing_and_punctuation():
    assert content_hash(TEXT) == content_hash("  " + TEXT.upper().replace(". ", ".\n\n") + " ")
    assert content_hash(TEXT) != content_hash(OTHER)
    assert fingerprints(TEXT) == (content_hash(TEXT), simhash(TEXT))


def test_simhash_is_64_bit_unsigned_stable_and_zero_for_no_words():
    value = simhash(TEXT)
    assert 0 < value < 2**64
    assert value == simhash(TEXT)
    assert simhash("") == 0 and simhash(" ... ") == 0


def test_hamming():
    assert hamming(0, 0) == 0
    assert hamming(0, 2**64 - 1) == 64
    assert hamming(0b1011, 0b0001) == 2


def test_small_additions_stay_near_unrelated_texts_are_far():
    edited = "By Staff Reporter\n" + TEXT + " Shares rose."
    assert hamming(simhash(TEXT), simhash(edited)) <= NEAR_DISTANCE
    assert hamming(simhash(TEXT), simhash(OTHER)) > NEAR_DISTANCE


def test_sketch_resemblance_catches_edits_simhash_misses_in_short_texts():
    edited = "By Staff Reporter\n" + TEXT.replace("compact", "small") + "\nShare this story."
    assert resemblance(sketch(TEXT), sketch(edited)) >= NEAR_RESEMBLANCE
    assert resemblance(sketch(TEXT), sketch(OTHER)) < 0.1
    index = DuplicateIndex()
    assert index.check(article("orig", TEXT)) is None
    assert index.check(article("x-edit", edited)) == "orig"


def test_find_duplicate_exact_near_and_none():
    seen = [("a", content_hash(OTHER), simhash(OTHER)), ("b", content_hash(TEXT), simhash(TEXT))]
    assert find_duplicate(article("c", TEXT.lower()), seen) == "b"
    near = article("d", TEXT + " The companies declined to comment further.")
    assert find_duplicate(near, seen) == "b"
    fresh = article("e", "A completely different story about tyre factories opening in three countries.")
    assert find_duplicate(fresh, seen) is None
    assert find_duplicate(article("b", TEXT), seen[1:]) is None  # never its own duplicate


def test_syndicated_fixture_is_a_near_duplicate_of_the_article():
    original = clean_page("orig", "https://www.fleetline.example/news/harbour",
                          (PAGES / "article.html").read_bytes())
    copy = clean_page("copy", "https://motortradedaily.example/industry/harbour",
                      (PAGES / "syndicated.html").read_bytes())
    assert isinstance(original, Article) and isinstance(copy, Article)
    assert original.title != copy.title and original.content_hash != copy.content_hash
    assert find_duplicate(copy, [(original.id, original.content_hash, original.simhash)]) == "orig"


def test_index_returns_first_copy_and_scales():
    index = DuplicateIndex()
    rng = random.Random(7)
    words = [f"w{i}" for i in range(5000)]
    for i in range(3000):  # unrelated random articles
        text = " ".join(rng.choice(words) for _ in range(200))
        index.add(f"n{i}", content_hash(text), simhash(text))
    first = article("first", TEXT)
    assert index.check(first) is None
    assert index.check(replace(article("second", TEXT + " Shares rose."), id="second")) == "first"
    assert index.lookup(content_hash(TEXT), 0) == "first"  # exact key without a fingerprint
    assert index.check(article("other", OTHER)) is None
    assert len(index) == 3002


def test_simhash_lookup_finds_exactly_the_fingerprints_within_the_distance():
    rng = random.Random(11)
    index = DuplicateIndex()
    stored = [rng.getrandbits(64) | 1 for _ in range(2000)]
    for i, fp in enumerate(stored):
        index.add(f"s{i}", f"h{i}", fp)
    queries = []
    for fp in stored[:200]:  # near and not-so-near variants of stored fingerprints
        flips = rng.sample(range(64), rng.randint(0, 12))
        queries.append(fp ^ sum(1 << b for b in flips))
    queries += [rng.getrandbits(64) | 1 for _ in range(200)]
    for q in queries:  # the banded lookup agrees with comparing against every stored fingerprint
        expected = {f"s{i}" for i, fp in enumerate(stored) if hamming(q, fp) <= NEAR_DISTANCE}
        assert index._found("none", q, ()) == expected


def test_the_earliest_copy_is_the_original_whatever_order_they_come_in():
    from datetime import date

    early = replace(article("zz-early", TEXT), published=date(2024, 1, 5))
    late = replace(article("aa-late", TEXT + " Shares rose."), published=date(2024, 3, 1))
    undated = article("aa-undated", TEXT + " The companies declined to comment.")
    for order in ([early, late, undated], [undated, late, early], [late, early, undated]):
        index = DuplicateIndex()
        verdicts = {a.id: index.check(a) for a in order}
        demoted = dict(index.take_demoted())
        originals = {a for a, v in verdicts.items() if v is None and a not in demoted}
        assert originals == {"zz-early"}, (order, verdicts, demoted)
        assert all(v in (None, "zz-early") for v in verdicts.values())
        for new in demoted.values():  # a chain of demotions ends at the earliest copy
            while new in demoted:
                new = demoted[new]
            assert new == "zz-early"
        assert len(index) == 1


def test_a_seeded_index_judges_like_the_one_that_saw_the_texts():
    from datetime import date

    first = DuplicateIndex()
    original = replace(article("orig", TEXT), published=date(2024, 1, 5))
    assert first.check(original) is None
    stored = sketch_bytes(sketch(TEXT))
    assert len(stored) == 8 * len(sketch(TEXT)) and sketch_from_bytes(stored) == sketch(TEXT)
    seeded = DuplicateIndex()  # what a later run builds from the warehouse: no text, the stored sketch
    seeded.add("orig", original.content_hash, original.simhash, minhash=sketch_from_bytes(stored),
               published=original.published)
    edited = replace(article("x-edit", "By Staff Reporter\n" + TEXT.replace("compact", "small")),
                     published=date(2024, 2, 1), simhash=0)  # simhash blind: only the sketch can tell
    assert first.check(edited) == "orig" and seeded.check(edited) == "orig"
    assert DuplicateIndex().check(edited) is None
