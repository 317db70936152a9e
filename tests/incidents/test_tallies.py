"""Figures that count more than one incident (a conflict's toll, a tally over a period, a
group's size, an earlier event's toll) are told from an incident's own."""

from __future__ import annotations

import inspect

import pytest

from generator.incidents import tallies
from generator.models import Claim


def claim(quote: str, number: str, category: str = "killed") -> Claim:
    at = quote.index(number)
    return Claim(article="a", category=category, group="unspecified", value=1, low=1, high=1, qualifier="exact",
                 claimant=None, quote=quote, start=at, end=at + len(number), quote_start=0)  # fmt: skip


def examples(family) -> list[str]:
    return [line[2:] for line in (inspect.getdoc(family) or "").splitlines() if line.startswith("- ")]


@pytest.mark.parametrize(
    "family",
    [tallies.conflict_tolls, tallies.period_tallies, tallies.group_sizes, tallies.earlier_events],
    ids=lambda f: f.__name__,
)
def test_every_documented_figure_of_many_incidents_is_told(family):
    category = "fighters" if family is tallies.group_sizes else "killed"
    for example in examples(family):
        numbers = [w.strip(",.") for w in example.split() if w[0].isdigit()]
        sentence = example if numbers else f"{example} 40 people"  # the words before a number
        assert tallies.counts_many_incidents(claim(sentence, numbers[0] if numbers else "40", category)), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "In a separate attack on Thursday militants ambushed a convoy near Kismayo, killing 5 soldiers.",
        "It was the deadliest attack since the war began, killing 20 people.",
        "The attack on the base killed 11 soldiers, the army said.",
        "The town was attacked by a militia of about 100 fighters.",
        "The toll from the bombing has risen to 40 since Sunday, officials said.",
        "It was the worst attack on the army since January, when 14 soldiers were killed.",
    ],
)
def test_an_incidents_own_figures_are_not_told_as_many(sentence):
    number = next(w.strip(",.") for w in sentence.split() if w[0].isdigit())
    category = "fighters" if "fighters" in sentence else "killed"
    assert not tallies.counts_many_incidents(claim(sentence, number, category))


def test_a_tally_is_told_in_letters_that_case_folding_reads_as_ascii():
    """The patterns match case-insensitively, and so take "ı" (dotless) for "i": a sentence is
    not passed over for lacking their words in plain ASCII."""
    assert tallies.counts_many_incidents(claim("The ınsurgency has killed some 40,000 people", "40,000"))
