"""Reading counts as news writes them, on plain token lists (no model needed).

Tokens are written as spaCy splits them: "twenty-three" is three tokens,
"twenty - three"; "3,500" is one.
"""

from __future__ import annotations

import pytest

from generator.figures.quantities import Quantity, find_quantities, split_range


def quantities(text: str) -> list[Quantity]:
    return find_quantities(text.split())


def only(text: str) -> Quantity:
    """The one count in ``text``; fails listing what was found otherwise."""
    found = quantities(text)
    assert len(found) == 1, f"expected one count in {text!r}, found {found}"
    return found[0]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [("3,500 inmates", 3500), ("12,450 people", 12450), ("1,200,000 refugees", 1_200_000), ("89 inmates", 89)],
)
def test_digits_with_thousands_separators_are_one_number(text, value):
    q = only(text)
    assert (q.value, q.low, q.high, q.qualifier) == (value, value, value, "exact")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eleven soldiers", 11),
        ("twenty - three soldiers", 23),
        ("Twenty - seven policemen", 27),
        ("a hundred villagers", 100),
        ("two - hundred residents", 200),
        ("one hundred and fifty people", 150),
        ("two thousand people", 2000),
        ("3.5 million people", 3_500_000),
    ],
)
def test_number_words_and_hyphenated_compounds(text, value):
    q = only(text)
    assert q.value == value
    assert q.qualifier == "exact"


def test_number_words_cover_the_whole_expression():
    q = only("killing twenty - three soldiers")
    assert (q.num_start, q.num_end) == (1, 4)


def test_a_dozen_is_twelve():
    q = only("a dozen worshippers were abducted")
    assert (q.value, q.low, q.high, q.qualifier) == (12, 12, 12, "exact")


def test_nearly_a_dozen_is_at_most_twelve():
    q = only("nearly a dozen vigilantes were killed")
    assert (q.value, q.low, q.high, q.qualifier) == (12, None, 12, "at_most")
    assert (q.start, q.num_start, q.num_end) == (0, 1, 3)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two dozen herders", 24),
        ("nearly three dozen others", 36),
        ("2 dozen people", 24),
        ("half a dozen soldiers", 6),
        ("a half - dozen women", 6),
        ("half - a - dozen guards", 6),
        ("a half dozen villagers", 6),
    ],
)
def test_multiples_and_fractions_of_a_dozen(text, value):
    assert only(text).value == value


def test_a_few_dozen_is_vague_with_a_floor_of_two_dozen():
    q = only("a few dozen fighters")
    assert (q.vague, q.value, q.low) == (True, None, 24)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twelve hundred families", 1200),
        ("two hundred fifty people", 250),
        ("two - hundred - fifty people", 250),
        ("thirty - five hundred residents", 3500),
        ("half a million people", 500_000),
        ("a quarter of a million people", 250_000),
        ("one and a half million people", 1_500_000),
    ],
)
def test_hundreds_thousands_and_their_fractions_in_words(text, value):
    assert only(text).value == value


def test_half_of_a_count_is_not_a_number():
    assert [q.value for q in quantities("half of the 800 prisoners")] == [800]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("from five to seven abductees", 5, 7), ("two or three soldiers", 2, 3), ("at least 30 to 40 gunmen", 30, 40)],
    ids=["from_to", "or", "hedged"],
)
def test_ranges_in_words_are_one_approximate_count(text, low, high):
    q = only(text)
    assert (q.value, q.low, q.high, q.qualifier) == (low, low, high, "approx")


def test_a_range_from_x_to_y_splits_into_the_figures_before_and_after():
    words = ["raised", "the", "toll", "from", "nine", "to", "14"]
    (q,) = find_quantities(words)
    before, after = split_range(words, q)
    assert (before.value, before.qualifier, words[before.num_start]) == (9, "exact", "nine")
    assert (after.value, after.qualifier, words[after.num_start]) == (14, "exact", "14")


@pytest.mark.parametrize(
    "text", ["between 20 and 30 villagers", "20 to 30 villagers", "20 - 30 villagers"], ids=["between", "to", "dash"]
)
def test_range_is_one_count_with_both_bounds(text):
    q = only(text)
    assert (q.value, q.low, q.high) == (20, 20, 30)


def test_range_between_includes_between_in_the_expression():
    q = only("between 20 and 30 villagers")
    assert (q.start, q.end) == (0, 4)


def test_two_counts_joined_by_and_are_not_a_range():
    found = quantities("killing 11 soldiers and 16 civilians")
    assert [q.value for q in found] == [11, 16]
    found = quantities("11 and 16 were wounded")
    assert [(q.value, q.high) for q in found] == [(11, 11), (16, 16)]


@pytest.mark.parametrize(
    ("text", "low"),
    [("dozens of people", 24), ("hundreds of residents", 200), ("several soldiers", 3), ("tens of fighters", 20)],
)
def test_vague_amounts_have_no_value_but_a_floor(text, low):
    q = only(text)
    assert q.vague
    assert (q.value, q.low, q.high) == (None, low, None)


def test_tens_of_thousands_is_one_vague_amount():
    q = only("tens of thousands of people have fled")
    assert q.vague
    assert (q.value, q.low) == (None, 20_000)


def test_tens_alone_is_not_an_amount():
    assert quantities("the tens were counted") == []


# ----------------------------------------------------------------- hedges


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "low", "high"),
    [
        ("at least 23 soldiers", 23, "at_least", 23, None),
        ("more than 100 people", 100, "at_least", 100, None),
        ("more than a hundred assailants", 100, "at_least", 100, None),
        ("over 150 people", 150, "at_least", 150, None),
        ("nearly 90 inmates", 90, "at_most", None, 90),
        ("almost 60 people", 60, "at_most", None, 60),
        ("up to 25 people", 25, "at_most", None, 25),
        ("fewer than 10 officers", 10, "at_most", None, 10),
        ("around 3,500 inmates", 3500, "approx", 3500, 3500),
        ("about 50 soldiers", 50, "approx", 50, 50),
        ("some 3,000 inmates", 3000, "approx", 3000, 3000),
        ("roughly 80 others", 80, "approx", 80, 80),
        ("an estimated 5,000 people", 5000, "approx", 5000, 5000),
    ],
)
def test_hedge_gives_qualifier_and_bounds(text, value, qualifier, low, high):
    q = only(text)
    assert (q.value, q.qualifier, q.low, q.high) == (value, qualifier, low, high)


def test_hedge_is_part_of_the_expression_but_not_of_the_number():
    q = only("killing at least 23 soldiers")
    assert (q.start, q.num_start, q.num_end) == (1, 3, 4)


def test_hedge_after_the_number():
    q = only("100 or more fighters")
    assert (q.value, q.qualifier, q.low, q.high) == (100, "at_least", 100, None)
