"""The vocabularies extraction reads: numbers, hedges, what is counted and whom.

Rules are data: each family is one function returning an immutable table, its
docstring listing phrases it is meant to match: numbers, hedges, attribution
and what is never a count of people. What is counted and whom is in
``lexicon``. Nothing here knows about spaCy.
Names of organisations, actors and places live in ``data/aliases.yml``.
"""

from __future__ import annotations

from functools import cache

# --------------------------------------------------------------------- numbers


@cache
def number_words() -> dict[str, int]:
    """Cardinal words and their values: "eleven", "twenty", "fifty".

    Compounds are read by combining these with ``scale_words`` and
    ``fraction_words``: "twenty-three", "a hundred", "two-hundred",
    "one hundred and fifty", "two hundred fifty", "3.5 million".
    """
    units = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    words = {w: i for i, w in enumerate(units)}
    words |= {w: 10 * (i + 2) for i, w in enumerate(tens)}
    return words


@cache
def scale_words() -> dict[str, int]:
    """Multipliers of the number before them (one when there is none): "a dozen",
    "two dozen" (24), "a hundred", "twelve hundred" (1,200), "two thousand",
    "1.2 million"."""
    return {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}


@cache
def fraction_words() -> dict[str, float]:
    """Fractions of a scale word: "half a dozen" (6), "a half-dozen", "half a million",
    "a quarter of a million", "one and a half thousand" (1,500)."""
    return {"half": 0.5, "quarter": 0.25}


@cache
def vague_amounts() -> dict[str, int]:
    """Amounts with no value, and the lowest count each plausibly means.

    "dozens of fighters" (≥ 24: two dozen), "scores of" (≥ 40), "hundreds of"
    (≥ 200), "thousands of" (≥ 2,000), "tens of" (≥ 20), "several" (≥ 3).
    """
    return {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20, "several": 3}


@cache
def change_words() -> frozenset[str]:
    """Verbs and nouns (lemmas) of a figure that changes: their "from X to Y" gives the
    figure before and after, two counts, where "ranges from five to seven" is one:
    "the toll rose from 43 to 53", "raised the death toll from 20 to 26", "an increase
    from 80 to 95", "revised the figure from 12 to 9", "the number fell from 300 to 250"."""
    return frozenset(
        [
            "rise",
            "raise",
            "increase",
            "climb",
            "jump",
            "grow",
            "go",
            "soar",
            "mount",
            "swell",
            "double",
            "triple",
            "surge",
            "revise",
            "update",
            "push",
            "bring",
            "take",
            "lift",
            "up",
            "fall",
            "drop",
            "decrease",
            "decline",
            "reduce",
            "lower",
            "cut",
            "correct",
            "adjust",
        ]
    )


# ---------------------------------------------------------------------- hedges


@cache
def hedges_before() -> dict[tuple[str, ...], str]:
    """Words just before a number that hedge it, longest first.

    at_least: "at least 23", "more than 100", "over 150", "upwards of",
    "no fewer than", "in excess of"; at_most: "nearly 5,000", "almost 90",
    "up to", "fewer than", "less than", "close to", "as many as", "at most";
    approx: "around 3,500", "about", "some 3,000", "roughly",
    "approximately", "an estimated", "the estimated".
    """
    table = {
        "at_least": [
            "at least",
            "more than",
            "over",
            "upwards of",
            "no fewer than",
            "no less than",
            "in excess of",
            "at the very least",
            "a minimum of",
            "above",
        ],
        "at_most": [
            "nearly",
            "almost",
            "up to",
            "fewer than",
            "less than",
            "close to",
            "as many as",
            "just under",
            "under",
            "a maximum of",
            "not more than",
            "no more than",
            "at most",
            "at the most",
            "just short of",
        ],
        "approx": [
            "around",
            "about",
            "some",
            "roughly",
            "approximately",
            "an estimated",
            "the estimated",
            "estimated",
            "an approximate",
            "approx.",
            "circa",
            "or so",
        ],
    }
    out = {tuple(p.split()): q for q, phrases in table.items() for p in phrases}
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


@cache
def hedges_after() -> dict[tuple[str, ...], str]:
    """Words just after a number that hedge it: "100 or more", "50 or so", "20-odd"."""
    return {("or", "more"): "at_least", ("plus",): "at_least", ("or", "so"): "approx", ("-", "odd"): "approx"}


# ---------------------------------------------------------------- attribution


@cache
def speech_verbs() -> frozenset[str]:
    """Verbs (lemmas) that attribute a statement to their subject: "X said",
    "said X", "X told AFP", "X reported", "X announced", "the report shows",
    "a UN report put the number at", "SITE claimed", "the SDF speak of"."""
    return frozenset(
        [
            "say",
            "tell",
            "report",
            "announce",
            "confirm",
            "state",
            "claim",
            "indicate",
            "highlight",
            "add",
            "estimate",
            "speak",
            "note",
            "quote",
            "show",
            "put",
            "declare",
            "reveal",
            "assert",
            "explain",
            "warn",
            "insist",
            "disclose",
            "record",
            "count",
            "document",
            "tweet",
            "post",
            "write",
            "inform",
            "update",
            "publish",
            "list",
            "give",
            "cite",
            "mention",
        ]
    )


@cache
def not_claims() -> frozenset[str]:
    """Nouns whose count is never a count of people: "50 nationalities",
    "two buses", "a dozen 4x4 vehicles", "two brazen attacks", "three hospitals
    were evacuated", "captured two tanks", "killed 200 cattle"."""
    return frozenset(
        [
            "nationality",
            "bus",
            "vehicle",
            "car",
            "truck",
            "attack",
            "assault",
            "raid",
            "time",
            "day",
            "week",
            "month",
            "year",
            "hour",
            "minute",
            "second",
            "km",
            "kilometre",
            "kilometer",
            "mile",
            "meter",
            "metre",
            "foot",
            "feet",
            "percent",
            "per",
            "cent",
            "point",
            "nation",
            "country",
            "province",
            "city",
            "town",
            "village",
            "district",
            "house",
            "home",
            "building",
            "school",
            "mosque",
            "church",
            "post",
            "base",
            "camp",
            "checkpoint",
            "shell",
            "rocket",
            "mortar",
            "missile",
            "bomb",
            "drone",
            "round",
            "weapon",
            "gun",
            "rifle",
            "dollar",
            "euro",
            "pound",
            "rupee",
            "kg",
            "tonne",
            "ton",
            "page",
            "article",
            "report",
            "statement",
            "incident",
            "explosion",
            "blast",
            "strike",
            "airstrike",
            "operation",
            "cell",
            "border",
            "row",
            "phase",
            "wave",
            "stage",
            "option",
            "round",
            "meeting",
            "talk",
            "party",
            "side",
            "floor",
            "storey",
            "story",
            # places and buildings: "evacuated three hospitals", "two prisons"
            "hospital",
            "clinic",
            "prison",
            "jail",
            "hotel",
            "market",
            "shop",
            "office",
            "station",
            "bridge",
            "road",
            "farm",
            "position",
            "outpost",
            "bunker",
            "trench",
            # craft and arms: "captured three tanks", "shot down two helicopters"
            "tank",
            "boat",
            "ship",
            "aircraft",
            "plane",
            "helicopter",
            "motorcycle",
            "motorbike",
            "ammunition",
            # animals: "killed 200 cattle", "rustled 50 cows"
            "animal",
            "livestock",
            "cattle",
            "cow",
            "goat",
            "sheep",
            "camel",
            "donkey",
        ]
    )
