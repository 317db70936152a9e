"""One briefing indexed the way its pages read it.

Pages, downloads and the feed all need the same lookups (an incident's claims
oldest report first, its key figures killed first, the incidents of a day, a
country, an actor); :class:`Site` builds them once, each sequence in page order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from ..aliases import fold
from ..incidents import incident_confidence
from ..models import CATEGORIES, Article, Briefing, Claim, Confidence, Incident, KeyFigure
from .summary import Summary
from .wording import figure_order, total

T = TypeVar("T")

_TAG = re.compile(r"^[\w][\w .,'()/-]{0,60}$")
"""What a tag may look like: Material prints tag names unescaped, so anything else is left out."""


def _newest_first(date: dt.date | None, item_id: str) -> tuple[bool, int, str]:
    """Sort key: newest first, undated last, ties by id."""
    return (date is None, -date.toordinal() if date else 0, item_id)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct page stem for each name (``Syria`` → ``syria``; a clash gets ``-2``)."""
    stems: dict[str, str] = {}
    taken: set[str] = {"index", "readme"}
    for name in sorted(names, key=lambda n: (fold(n), n)):
        stem, n = _slug(name), 2
        while stem in taken:
            stem, n = f"{_slug(name)}-{n}", n + 1
        taken.add(stem)
        stems[name] = stem
    return stems


def sorted_totally(items: Iterable[T], key: Callable[[T], Any], tiebreak: Callable[[T], Any]) -> list[T]:
    """``items`` sorted by ``key``, and by ``tiebreak`` where keys are equal: a total order
    (no item keeps its input order) at the cost of the cheap ``key``, the tiebreak being
    worked out only for the few items that need it."""
    decorated = sorted(((key(item), item) for item in items), key=itemgetter(0))
    ordered: list[T] = []
    for _, run in groupby(decorated, key=itemgetter(0)):
        tied = [item for _, item in run]
        ordered.extend(sorted(tied, key=tiebreak) if len(tied) > 1 else tied)
    return ordered


def _claim_key(claim: Claim) -> tuple:
    return (claim.article, claim.start, claim.end, *figure_order(claim))


def _figure_key(figure: KeyFigure) -> tuple:
    """Killed first, then by group (see ``figure_order``); then the incident and the figure."""
    return (*figure_order(figure), figure.incident)


def _figure_tiebreak(figure: KeyFigure) -> tuple:
    return (
        *((n is not None, n or 0) for n in (figure.low, figure.best, figure.high)), figure.conflict,
        figure.latest.order() if figure.latest else (), tuple(c.order() for c in figure.claims),
    )  # fmt: skip


class Site:
    """Lookups over one briefing, every sequence in page order."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.articles = tuple(sorted(briefing.articles, key=lambda a: _newest_first(a.published, a.id)))
        self.incidents = tuple(sorted(briefing.incidents, key=lambda i: _newest_first(i.date, i.id)))
        self.article = {a.id: a for a in self.articles}
        self.incident = {i.id: i for i in self.incidents}
        # A total order, so that equal-looking claims never keep their input order.
        claims = sorted_totally(briefing.claims, _claim_key, Claim.order)
        self.claims_of_article: dict[str, list[Claim]] = defaultdict(list)
        self.claims_of_incident: dict[str, list[Claim]] = defaultdict(list)
        self.context_claims = 0
        """How many claims are tied to no incident (context figures)."""
        for claim in claims:
            self.claims_of_article[claim.article].append(claim)
            if claim.incident is not None:
                self.claims_of_incident[claim.incident].append(claim)
            else:
                self.context_claims += 1
        for incident_claims in self.claims_of_incident.values():
            # Oldest report first; the sort is stable, so ties keep the total order above.
            incident_claims.sort(key=lambda c: (self._published_order(c.article), c.article, c.start))
        self.figures_of_incident: dict[str, list[KeyFigure]] = defaultdict(list)
        for figure in sorted_totally(briefing.key_figures, _figure_key, _figure_tiebreak):
            self.figures_of_incident[figure.incident].append(figure)
        reported: dict[str, set[str]] = defaultdict(set)
        for incident in self.incidents:
            for article_id in incident.articles:
                reported[article_id].add(incident.id)
        for claim in claims:
            if claim.incident in self.incident:
                reported[claim.article].add(claim.incident)
        position = {i.id: n for n, i in enumerate(self.incidents)}
        self.incidents_of_article = {
            article_id: [self.incidents[position[i]] for i in sorted(ids & position.keys(), key=position.get)]
            for article_id, ids in reported.items()
        }
        # The ways in: by day, by country, by actor (each list newest first, as self.incidents).
        self.incidents_of_day: dict[dt.date | None, list[Incident]] = defaultdict(list)
        self.incidents_of_country: dict[str, list[Incident]] = defaultdict(list)
        self.incidents_of_actor: dict[str, list[Incident]] = defaultdict(list)
        for incident in self.incidents:
            self.incidents_of_day[incident.date].append(incident)
            if incident.country:
                self.incidents_of_country[incident.country].append(incident)
            for actor in incident.actors:
                self.incidents_of_actor[actor].append(incident)
        self.days = sorted(self.incidents_of_day, key=lambda d: _newest_first(d, ""))
        self.country_stem = _slugs(self.incidents_of_country)
        self.actor_stem = _slugs(self.incidents_of_actor)
        self.countries = sorted(self.incidents_of_country, key=lambda c: (fold(c), c))
        self.actors = sorted(self.incidents_of_actor, key=lambda a: (fold(a), a))
        self.other_names = dict(briefing.other_names)
        """Canonical name → the other names the alias table knows it by (for search)."""
        self.organisations_named = dict(briefing.organisations_named)
        """Article id → the organisations its report names (for search)."""
        dated = [a.published for a in self.articles if a.published]
        self.as_of: dt.date | None = max(dated) if dated else None
        """The newest article's date: the day the briefing speaks for (no clock is read)."""
        self.short_names = dict(briefing.source_names)
        self._summary = Summary(self.article, self.short_names)
        self.confidence_of_incident: dict[str, Confidence | None] = {
            i.id: incident_confidence(self.figures_of_incident.get(i.id, ())) for i in self.incidents
        }

    def short_names_of(self, incident: Incident) -> list[tuple[str, str]]:
        """The short names of the sources of an incident's claims, as its summary and grades use them."""
        sources = {(c.claimant or "").split(" (")[0] for c in self.claims_of_incident.get(incident.id, ())}
        return sorted((s, self.short_names[s]) for s in sources if s in self.short_names)

    def total_of(self, incident: Incident, category: str) -> int | None:
        """How many people the incident's figures say were ``category`` (see ``wording.total``)."""
        return total(self.figures_of_incident.get(incident.id, ()), category)

    def summary_of(self, incident: Incident) -> str:
        """The incident in one paragraph, from its key figures (see :mod:`.summary`)."""
        year = incident.date.year if incident.date else None
        reports = len(self.articles_of_incident(incident))
        return self._summary(self.figures_of_incident.get(incident.id, ()), year, reports)

    def country_page(self, country: str) -> str:
        return f"countries/{self.country_stem[country]}.md"

    def actor_page(self, actor: str) -> str:
        return f"actors/{self.actor_stem[actor]}.md"

    def tags_of(self, incident: Incident) -> list[str]:
        """Material tags for an incident page: its country, actors, kind and what its figures count."""
        categories = {f.category for f in self.figures_of_incident.get(incident.id, [])}
        tags = [
            *([incident.country] if incident.country else []),
            *incident.actors,
            *([incident.kind] if incident.kind else []),
            *(c for c in CATEGORIES if c in categories),
        ]
        return [t for t in dict.fromkeys(tags) if _TAG.match(t)]

    def _published_order(self, article_id: str) -> tuple:
        article = self.article.get(article_id)
        published = article.published if article else None
        return (published is None, published.toordinal() if published else 0)

    def articles_of_incident(self, incident: Incident) -> list[Article]:
        """The known articles reporting ``incident``, oldest first."""
        known = {a for a in incident.articles if a in self.article}
        known |= {c.article for c in self.claims_of_incident.get(incident.id, ()) if c.article in self.article}
        return sorted((self.article[a] for a in known), key=lambda a: (*self._published_order(a.id), a.id))
