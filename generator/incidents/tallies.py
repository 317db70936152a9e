"""Figures that count more than one incident: a conflict's toll over its whole
course, a tally over a stretch of time, the size of a whole armed group (and
the figure of an earlier event a sentence compares with).

News quotes them in passing ("the war has claimed around 500,000 lives", "1,200
civilians have been killed so far this year", "ISWAP has an estimated 3,500
fighters"), beside the figures of the event it reports. They are context: they
never become an incident's range or best estimate.

The rules are data: one function per family, returning regexes matched against
the figure's sentence (or the words just before the number); each docstring
lists phrases it matches. A comparison ("the deadliest attack since the war
began") is not a tally, so a sentence with a superlative is left alone.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..models import Claim

_CONFLICT = (
    r"(?:war|conflict|insurgency|violence|crisis|unrest|uprising|rebellion|bloodshed|jihadist campaign"
    r"|(?:full-scale )?invasion|occupation)"
)


def conflict_tolls() -> tuple[str, ...]:
    """A war's or an insurgency's toll, over its whole course.

    Matches, for example:
    - the war has claimed around 500,000 lives
    - The conflict has caused heavy losses of life and property: it has killed more than 2,600 people
    - the insurgency has killed some 40,000 people and displaced two million
    - more than 350,000 people have been killed since the war began
    - an insurgency that has left 35,000 dead
    - since the start of the full-scale invasion, at least 8,000 civilians have been killed
    """
    return (
        rf"\b{_CONFLICT}s?\b[^.;]{{0,80}}\b(?:has|have|had)\b[^.;]{{0,50}}"
        r"\b(?:killed|claimed|left|displaced|forced|driven|uprooted|cost|taken)\b",
        rf"\bsince the {_CONFLICT} (?:began|started|broke out|erupted)\b",
        rf"\bsince the (?:start|beginning|outbreak) of the {_CONFLICT}\b",
    )


def period_tallies() -> tuple[str, ...]:
    """Counts over a stretch of time rather than one event.

    Matches, for example:
    - 1,200 civilians have been killed so far this year
    - more than 300 people have been kidnapped in the state since the start of the year
    - in the past 12 months, 900 people died in such attacks
    - over the last decade the group has abducted 2,000 people
    - bandits kill hundreds of villagers every year
    - at least 30 members of the security forces have been killed in attacks since January
    - 2,000 people had been abducted in the region since mid-2021
    """
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    return (
        rf"\b(?:has|have|had)\s+(?:been\s+)?\w+\b[^.;]{{0,80}}\bsince\s+(?:(?:early|mid|late)[ -])?"
        rf"(?:{months}|last (?:year|month|week)|(?:19|20)\d\d)\b",
        r"\b(?:so far|earlier|since the (?:start|beginning) of) this year\b",
        r"\bsince the (?:start|beginning) of the year\b",
        r"\b(?:in|over|during) the (?:past|last) (?:\w+ )?(?:months|years|decades?)\b",
        r"\b(?:every|each|per) (?:year|month)\b|\bannually\b",
    )


def group_sizes() -> tuple[str, ...]:
    """The size of a whole armed group, said with a verb of having: the words just before a
    count of fighters.

    Matches, for example:
    - ISWAP has an estimated 3,500 fighters
    - the group is believed to have between 3,000 and 5,000 members
    - a militia that boasts some 10,000 men
    - the jihadists, who command about 2,000 fighters
    """
    return (
        r"\b(?:has|have|had|having|boasts?|commands?|counts?)\s+(?:(?:an?\s+)?estimated|some|about|around|roughly"
        r"|up to|as many as|more than|over|nearly|almost|between|at least|fewer than)?\s*$",
    )


def earlier_events() -> tuple[str, ...]:
    """A figure of an earlier event the sentence compares with: the words just before the number.

    Matches, for example:
    - six weeks after a similar attack killed
    - in what was the worst since an earlier ambush that left
    - following a previous raid on the town in which
    """
    return (
        r"\b(?:a|an|the)\s+(?:similar|earlier|previous|prior)\s+(?:[\w-]+\s+){0,2}"
        r"(?:attack|ambush|bombing|assault|raid|blast|massacre|strike|kidnapping|abduction)s?\b[^.;]{0,40}$",
    )


_SUPERLATIVE = re.compile(r"\b(?:\w+est|worst|first|largest|biggest|most \w+)\b[^.;]{0,60}\bsince\b", re.I)


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    sentence = "|".join(f"(?:{p})" for p in (*conflict_tolls(), *period_tallies()))
    before = "|".join(f"(?:{p})" for p in group_sizes())
    earlier = "|".join(f"(?:{p})" for p in earlier_events())
    return re.compile(sentence, re.I), re.compile(before, re.I), re.compile(earlier, re.I)


_SPELLED_OUT = ("war", "conflict", "insurgency", "violence", "crisis", "unrest", "uprising", "rebellion", "bloodshed",
                "campaign", "invasion", "occupation", "since", "year", "month", "past", "last", "annually")  # fmt: skip
"""Words one of which every pattern of :func:`conflict_tolls` and :func:`period_tallies` spells
out (a pattern added there needs its word here; the documented examples are tested): a sentence
with none of them tells no tally, and is told so without trying the patterns, which are slow."""
_READ_AS_ASCII = frozenset("\u0130\u0131\u017f\u212a")
"""The only letters beyond ASCII that ``re.I`` takes for ASCII ones: "İ", "ı", "ſ" ("ſince" is
"since" to it) and the Kelvin sign. In a sentence without them, the patterns' words are found
lower-cased."""


@lru_cache(maxsize=1 << 15)
def _tallies(quote: str) -> bool:
    """Does the sentence tell a conflict's toll or a tally over a period? (Asked once for all
    the figures of a sentence.)"""
    if _READ_AS_ASCII.isdisjoint(quote):
        lowered = quote.lower()
        if not any(word in lowered for word in _SPELLED_OUT):
            return False
    return bool(_compiled()[0].search(quote)) and not _SUPERLATIVE.search(quote)


def counts_many_incidents(claim: Claim) -> bool:
    """Is the figure a conflict's toll, a tally over a period, a whole armed group's size, or
    that of an earlier event the sentence compares with?"""
    quote = claim.quote
    if _tallies(quote):
        return True
    _, having, earlier = _compiled()
    at = claim.start - claim.quote_start
    if not 0 <= at <= len(quote):
        return False
    before = quote[max(0, at - 80) : at]
    if earlier.search(before):
        return True  # "six weeks after a similar attack killed 23"
    return claim.category == "fighters" and bool(having.search(before[-60:]))
