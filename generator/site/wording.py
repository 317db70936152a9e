"""How figures read in words, the same on every page, chart and download.

``Security forces killed``, ``at least 23``, ``5–28``: the vocabulary of the
export (categories, groups, hedges) turned into the words a reader sees, and
the order figures are listed in (killed first).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import CATEGORIES, GROUPS, Claim, KeyFigure

GROUP_WORDS = {
    "security_forces": "Security forces",
    "militants": "Militants",
    "civilians": "Civilians",
    "unspecified": "People",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""English month names, not ``strftime("%b")``, which follows the build machine's locale."""
GRADE_WORDS = {
    "corroborated": "Corroborated",
    "single_source": "Single source",
    "contested": "Contested",
    "party_claim": "Party claim",
}
HEDGE_WORDS = {"exact": "exact", "at_least": "at least", "at_most": "at most", "approx": "about"}


def counts_words(category: str, group: str) -> str:
    """What a figure counts, in words: ``Security forces killed``, ``Militants fighting``."""
    who = GROUP_WORDS.get(group, group.replace("_", " ").capitalize())
    if category == "fighters":
        return "Fighters" if group == "unspecified" else f"{who} fighting"
    return f"{who} {category.replace('_', ' ')}"


def figure_text(claim: Claim) -> str:
    """The figure as the article wrote it (``nearly a dozen``), or built from the
    value and hedge (``at least 23``)."""
    if claim.number_text.strip():
        return claim.number_text
    if claim.value is None:
        return "an unstated number"
    hedge = HEDGE_WORDS.get(claim.qualifier, "")
    return f"{hedge} {claim.value:,}" if hedge and claim.qualifier != "exact" else f"{claim.value:,}"


def count_text(count: int | None) -> str | None:
    """A count with thousands separators (``3,500``); ``None`` stays ``None`` (a dash)."""
    return None if count is None else f"{count:,}"


def range_text(low: int | None, high: int | None) -> str:
    """``5–28``, ``23``, ``at least 5``, ``up to 28`` or ``unknown``."""
    if low is not None and high is not None:
        return count_text(low) if low == high else f"{low:,}–{high:,}"
    if low is not None:
        return f"at least {low:,}"
    if high is not None:
        return f"up to {high:,}"
    return "unknown"


_CATEGORY_RANK = {c: n for n, c in enumerate(CATEGORIES)}
_GROUP_RANK = {g: n for n, g in enumerate(GROUPS)}


def figure_order(item: KeyFigure | Claim) -> tuple[int, int, str, str]:
    """Killed before injured before the rest (the order of ``CATEGORIES``), then by group;
    a word outside the vocabularies after those in them."""
    return (
        _CATEGORY_RANK.get(item.category, len(CATEGORIES)),
        _GROUP_RANK.get(item.group, len(GROUPS)),
        item.category,
        item.group,
    )


def figure_summary(figure: KeyFigure) -> str:
    """One key figure in a line: ``Security forces killed: 5–28, best 23``."""
    text = f"{counts_words(figure.category, figure.group)}: {range_text(figure.low, figure.high)}"
    if figure.best is not None and not (figure.low == figure.high == figure.best):
        text += f", best {figure.best:,}"
    return text


def total(figures: Iterable[KeyFigure], category: str) -> int | None:
    """How many people an incident's figures say were, say, killed, for a column a reader sorts
    by: the larger of the total reported for people unspecified and the sum of the groups'
    best estimates (a total often counts the groups, so the two are never added)."""
    mixed, groups = None, None
    for figure in figures:
        if figure.category != category or figure.best is None:
            continue
        if figure.group == "unspecified":
            mixed = max(mixed or 0, figure.best)
        else:
            groups = (groups or 0) + figure.best
    known = [n for n in (mixed, groups) if n is not None]
    return max(known) if known else None
