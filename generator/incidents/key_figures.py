"""Reconciled figures: for each incident and each (category, group), the range
the sources span, a best estimate and the latest report.

As UCDP gives low, best and high estimates: *low* is the smallest figure any
source gives, *high* the largest. *Best* is read from the newest report day:
tolls rise as bodies are found, so a figure from an earlier day is superseded,
and among that day's figures the highest one from a source that is not a party
to the violence wins (an armed group's claim of its own kills, whoever claims to
have killed, and that figure relayed from its statement, count only when nobody
else gives a figure). Sources *conflict* when, on the same day,
different sources give figures that cannot all be true — "at least 16" and
"45" can, "20" and "28" cannot; a toll that rises from one day to the next is
not a conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence

from ..aliases import AliasTable, Organisation, load_aliases
from ..models import CATEGORIES, GROUPS, Article, Claim, Incident, KeyFigure

_UNDATED = dt.date.max
"""Undated reports sort after dated ones: their place in time is unknown."""


def reconcile(
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    aliases: AliasTable | None = None,
) -> tuple[KeyFigure, ...]:
    """One key figure per incident and (category, group) that has a numeric claim."""
    aliases = aliases or load_aliases()
    published = {a.id: a.published or _UNDATED for a in articles}
    buckets: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.incident is not None and claim.value is not None:
            buckets[(claim.incident, claim.category, claim.group)].append(claim)
    order = {i.id: n for n, i in enumerate(incidents)}
    party = _Parties(aliases)
    figures = []
    for (incident, category, group), found in buckets.items():
        found.sort(key=lambda c: (published[c.article], c.article, c.start))
        values = [c.value for c in found if c.value is not None]
        figures.append(
            KeyFigure(
                incident=incident,
                category=category,
                group=group,
                low=min(values),
                best=_best(found, published, party),
                high=max(values),
                latest=_latest(found, published),
                conflict=_conflict(found, published),
                claims=tuple(found),
            )
        )
    figures.sort(key=lambda f: (order.get(f.incident, 0), CATEGORIES.index(f.category), GROUPS.index(f.group)))
    return tuple(figures)


def _latest(found: list[Claim], published: dict[str, dt.date]) -> Claim:
    dated = [c for c in found if published[c.article] != _UNDATED]
    return (dated or found)[-1]


_CLAIMED_KILLS = re.compile(r"\bclaim(?:s|ed|ing)? to have\b", re.I)
_STATEMENT = re.compile(r"\b(?:statement|communiqu[eé]|claim(?:s|ed)?|propaganda|mouthpiece)\b", re.I)


def _best(found: list[Claim], published: dict[str, dt.date], parties: _Parties) -> int | None:
    party = {id(c) for c in found if parties(c) or _CLAIMED_KILLS.search(c.quote)}
    # The same figure quoted from a statement by a voice no table knows ("the statement said …
    # “killing around 100”") is the party's too.
    claimed = {c.value for c in found if id(c) in party}
    party |= {
        id(c)
        for c in found
        if c.value in claimed and not parties.known(c) and _STATEMENT.search(c.quote) and _in_quotes(c)
    }
    independent = [c for c in found if id(c) not in party] or found
    dated = [c for c in independent if published[c.article] != _UNDATED] or independent
    newest = max(published[c.article] for c in dated)
    return max(c.value for c in dated if published[c.article] == newest and c.value is not None)


def _in_quotes(claim: Claim) -> bool:
    """Does the number stand inside quotation marks: words of a statement, quoted?"""
    before = claim.quote[: max(0, claim.start - claim.quote_start)]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


class _Parties:
    """Is a claim's source an armed group speaking of its own attack ("ISWAP claimed to have
    killed")? Answered once per claimant: a corpus quotes the same few sources again and again."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.found: dict[str, Organisation | None] = {}

    def __call__(self, claim: Claim) -> bool:
        org = self._organisation(claim)
        return bool(org and org.party)

    def known(self, claim: Claim) -> bool:
        """Is the claim's source an organisation the alias table knows (a monitor, a ministry)?"""
        return self._organisation(claim) is not None

    def _organisation(self, claim: Claim) -> Organisation | None:
        if not claim.claimant:
            return None
        if claim.claimant not in self.found:
            self.found[claim.claimant] = self.aliases.organisation_in(claim.claimant)
        return self.found[claim.claimant]


def allowed_counts(claim: Claim) -> tuple[float, float]:
    """The counts a claim allows: "at least 16" → [16, ∞); "nearly 90" → [0, 90]; "about
    100" → [80, 120]; "between 20 and 30" → [20, 30]."""
    value = float(claim.value or 0)
    if claim.low is not None and claim.high is not None and claim.low < claim.high:
        return float(claim.low), float(claim.high)
    if claim.qualifier == "at_least":
        return value, float("inf")
    if claim.qualifier == "at_most":
        return 0.0, value
    if claim.qualifier == "approx":
        return value * 0.8, value * 1.2
    return value, value


def _source(claim: Claim) -> str | None:
    """The organisation behind a claim: its spokesman speaks for it, not against it."""
    return claim.claimant.split(" (")[0] if claim.claimant else None


def _conflict(found: list[Claim], published: dict[str, dt.date]) -> bool:
    by_day: dict[dt.date, list[Claim]] = defaultdict(list)
    for claim in found:
        if published[claim.article] != _UNDATED:
            by_day[published[claim.article]].append(claim)
    for same_day in by_day.values():
        for i, a in enumerate(same_day):
            for b in same_day[i + 1 :]:
                if _source(a) != _source(b):
                    (la, ha), (lb, hb) = allowed_counts(a), allowed_counts(b)
                    if max(la, lb) > min(ha, hb):
                        return True
    return False
