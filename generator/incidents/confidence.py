"""How far each key figure can be trusted: a grade computed from who gives it and whether
they agree, as Airwars grades its incidents by hand (Confirmed, Fair, Weak, Contested).

- **corroborated**: two or more independent sources give the figure, and their latest
  figures can all be true at once within their hedges ("at least 16" and "45" can);
- **single source**: one independent source gives it (a party to the fight may too);
- **contested**: independent sources give figures that cannot all be true — on the same
  day their ranges do not meet, or a later report gives fewer than an earlier one allowed
  (a toll that rises from one day to the next is not contested);
- **party claim**: only parties to the fight give it — an armed group counting its own
  kills, a force counting its own losses or its enemy's.

A *source* is the organisation a figure is attributed to (its spokesman speaks for it).
A figure no source is named for is the outlet's own report (its publisher, else the
article), unless the same article names a source for the same count, whom it then most
likely repeats. A *party* is an organisation the alias table gives a side or marks as an
armed actor. Each source is judged by its latest figure: a source that revises its own
count does not contest itself.

An incident's grade is its lead figure's (its first toll — killed before injured — else
its first figure), but contested when any of its tolls is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from ..aliases import AliasTable, load_aliases
from ..models import TOLL_CATEGORIES, Article, Claim, Confidence, KeyFigure
from .key_figures import allowed_counts

_ACRONYM_MAX = 6
"""The longest alias read as a short name ("SOHR", "ISWAP"); longer ones are names."""


def grade_figures(
    figures: Sequence[KeyFigure], articles: Sequence[Article], aliases: AliasTable | None = None
) -> tuple[KeyFigure, ...]:
    """``figures`` with their :class:`Confidence` set, in the same order."""
    aliases = aliases or load_aliases()
    by_id = {a.id: a for a in articles}
    party = _Parties(aliases)
    return tuple(replace(f, confidence=grade(f.claims, by_id, party)) for f in figures)


def grade(claims: Sequence[Claim], articles: Mapping[str, Article], is_party: Callable[[str], bool]) -> Confidence:
    """The grade of one figure from its claims (oldest report first)."""
    latest = _latest_by_source(claims, articles)
    parties = sorted(s for s in latest if is_party(s))
    independent = sorted(s for s in latest if not is_party(s))
    if not independent:
        return Confidence("party_claim" if parties else "single_source", (), tuple(parties))
    disputed = sorted(
        {s for a in independent for b in independent if a < b and _disagree(latest[a], latest[b]) for s in (a, b)}
    )
    agreed = "corroborated" if len(independent) > 1 else "single_source"
    return Confidence("contested" if disputed else agreed, tuple(independent), tuple(parties), tuple(disputed))


def incident_confidence(figures: Sequence[KeyFigure]) -> Confidence | None:
    """An incident's grade from its key figures in page order (killed first); ``None`` without any."""
    graded = [f for f in figures if f.confidence is not None]
    if not graded:
        return None
    tolls = [f for f in graded if f.category in TOLL_CATEGORIES]
    lead = (tolls or graded)[0].confidence
    assert lead is not None
    contested = next((f.confidence for f in tolls if f.confidence and f.confidence.grade == "contested"), None)
    if contested is not None and lead.grade != "contested":
        return replace(lead, grade="contested", disputed=contested.disputed)
    return lead


def source_names(claims: Iterable[Claim], aliases: AliasTable | None = None) -> tuple[tuple[str, str], ...]:
    """(source, short name) for every source of ``claims`` whose organisation has an
    abbreviation: "Syrian Observatory for Human Rights" → "SOHR"."""
    aliases = aliases or load_aliases()
    names = {}
    for source in sorted({source_of(c) for c in claims if c.claimant}):
        org = aliases.organisation(source)
        short = next((a for a in org.aliases if _short(a)), None) if org else None
        if short and short != source:
            names[source] = short
    return tuple(sorted(names.items()))


def source_of(claim: Claim) -> str:
    """The organisation behind a claim: "Syrian Observatory for Human Rights (Rami Abdel
    Rahman)" is the Observatory's figure."""
    return (claim.claimant or "").split(" (")[0]


def _short(alias: str) -> bool:
    bare = alias.replace(".", "")
    return bare.isalpha() and bare.isupper() and 2 <= len(bare) <= _ACRONYM_MAX


def outlet_of(article: Article | None, article_id: str) -> str:
    """Whose report a figure with no named source is: the publisher, else the article itself."""
    return article.publisher if article is not None and article.publisher else f"article:{article_id}"


_Dated = tuple[Claim, dt.date | None]
"""A claim and its report's publication date (``None``: undated)."""


def _latest_by_source(claims: Sequence[Claim], articles: Mapping[str, Article]) -> dict[str, _Dated]:
    """Each source's latest claim with its date: the newest dated one, else its last undated one."""
    attributed = {c.article for c in claims if c.claimant}
    latest: dict[str, _Dated] = {}
    dated = []
    for claim in claims:
        article = articles.get(claim.article)
        dated.append((claim, article.published if article else None))
    for claim, when in sorted(dated, key=lambda item: item[1] or dt.date.min):
        if claim.value is None:
            continue
        if claim.claimant:
            source = source_of(claim)
        elif claim.article in attributed:
            continue  # the article names a source for this count: it most likely repeats it
        else:
            source = outlet_of(articles.get(claim.article), claim.article)
        known = latest.get(source)
        if known is None or when is not None or known[1] is None:
            latest[source] = (claim, when)
    return latest


def _disagree(a: _Dated, b: _Dated) -> bool:
    """Whether two sources' latest figures cannot both be true: on the same day (or when
    either is undated) their ranges do not meet; across days, the later one allows fewer
    than the earlier one did (a toll that rises is not a disagreement)."""
    (la, ha), (lb, hb) = allowed_counts(a[0]), allowed_counts(b[0])
    if a[1] is not None and b[1] is not None and a[1] != b[1]:
        (low_early, _), (_, high_late) = ((la, ha), (lb, hb)) if a[1] < b[1] else ((lb, hb), (la, ha))
        return high_late < low_early
    return max(la, lb) > min(ha, hb)


class _Parties:
    """Is a source a party to the fight? Answered once per source: a corpus quotes the same few."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.known: dict[str, bool] = {}

    def __call__(self, source: str) -> bool:
        known = self.known.get(source)
        if known is None:
            org = self.aliases.organisation(source) or self.aliases.organisation_in(source)
            known = self.known[source] = bool(org and org.party)
        return known
