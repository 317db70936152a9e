"""Reconciled figures: for each incident and each (category, group), the range
the sources span, a best estimate and the latest report.

Like UCDP's low/best/high: *low* is the smallest figure any source gives,
*high* the largest, and *best* the figure of the most recent report (a toll
that rises from 20 to 28 over two days is best read at 28); when the latest
report gives several figures, the one stated most often wins. Sources
conflict when they give different figures for the same count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from .models import CATEGORIES, GROUPS, Article, Claim, Incident, KeyFigure


def reconcile(
    incidents: Sequence[Incident], claims: Sequence[Claim], articles: Sequence[Article]
) -> tuple[KeyFigure, ...]:
    """One key figure per incident and (category, group) that has a numeric claim."""
    published = {a.id: a.published or dt.date.min for a in articles}
    buckets: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.incident is not None and claim.value is not None:
            buckets[(claim.incident, claim.category, claim.group)].append(claim)
    order = {i.id: n for n, i in enumerate(incidents)}
    figures = []
    for (incident, category, group), found in buckets.items():
        found.sort(key=lambda c: (published[c.article], c.article, c.start))
        values = [c.value for c in found if c.value is not None]
        newest_day = published[found[-1].article]
        newest = [c for c in found if published[c.article] == newest_day]
        best = max(newest, key=lambda c: (sum(1 for x in newest if x.value == c.value), c.value or 0)).value
        figures.append(
            KeyFigure(
                incident=incident,
                category=category,
                group=group,
                low=min(values),
                best=best,
                high=max(values),
                latest=found[-1],
                conflict=len(set(values)) > 1,
                claims=tuple(found),
            )
        )
    figures.sort(key=lambda f: (order.get(f.incident, 0), CATEGORIES.index(f.category), GROUPS.index(f.group)))
    return tuple(figures)
