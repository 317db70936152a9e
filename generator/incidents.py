"""From event mentions to incidents: one per real event, across articles.

An event mention names a kind of event, places and perhaps a day. Mentions
that resolve to the same specific place (through the alias table and the
gazetteer) within a few days are one incident; a mention that names only a
country joins that country's incident nearest in time. An event becomes an
incident when an article leads with it or two articles report it; a passing
mention of some other event leaves its figures as context (``incident: None``).
Each claim then belongs to the incident its sentence, or the nearest event
sentence before it, reports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .aliases import fold
from .gazetteer import Gazetteer, Location
from .models import Article, Claim, EventMention, Extraction, Incident

_DAYS_APART = 3
_REFERENCE = re.compile(
    r"\b(?:miles|km|kilometres|kilometers)\s+(?:\w+\s+)?(?:north|south|east|west)\w*\s+of\s+$", re.I
)
_KIND_RANK = (
    "prison attack",
    "prison break",
    "bombing",
    "raid",
    "ambush",
    "airstrike",
    "massacre",
    "shooting",
    "abduction",
    "attack",
    "clashes",
)


@dataclass
class _Cluster:
    """An incident being assembled (mutable while clustering, frozen at the end)."""

    location: Location
    mentions: list[EventMention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    @property
    def articles(self) -> set[str]:
        return {m.article for m in self.mentions}

    @property
    def day(self) -> dt.date | None:
        days = Counter(m.date for m in self.mentions if m.date)
        if not days:
            return None
        best = max(days.values())
        return min(d for d, n in days.items() if n == best)


def build_incidents(
    articles: Sequence[Article], extractions: Sequence[Extraction], gazetteer: Gazetteer
) -> tuple[tuple[Incident, ...], tuple[Claim, ...]]:
    """Group event mentions into incidents and assign every claim to one (or None)."""
    by_article = {a.id: a for a in articles}
    located: list[tuple[EventMention, Location, tuple[str, ...]]] = []
    for ex in extractions:
        article = by_article[ex.article]
        for mention in ex.events:
            loc, names = _where(mention, article, gazetteer)
            if loc is not None:
                located.append((mention, loc, names))
    clusters = _cluster(located)
    leads = {a.id: _lead_end(a) for a in articles}
    kept = [c for c in clusters if len(c.articles) >= 2 or any(m.sentence_start < leads[m.article] for m in c.mentions)]
    incidents, of_mention = _freeze(kept, by_article)
    claims = tuple(claim for ex in extractions for claim in _assign(ex, of_mention))
    used = {c.incident for c in claims} | {i for i in of_mention.values()}
    return tuple(i for i in incidents if i.id in used), claims


def _where(mention: EventMention, article: Article, gazetteer: Gazetteer) -> tuple[Location | None, tuple[str, ...]]:
    """The most specific place a mention names, skipping reference points ("75 miles north of Baghdad")."""
    sentence = article.text[mention.sentence_start : mention.sentence_end]
    specific: list[tuple[Location, str]] = []
    country: Location | None = None
    for name in mention.places:
        at = sentence.find(name)
        if at > 0 and _REFERENCE.search(sentence[:at]):
            continue
        loc = gazetteer.locate(name)
        if loc is None:
            continue
        if loc.kind == "country":
            country = country or loc
        else:
            specific.append((loc, name))
    if specific:
        loc = specific[0][0]
        return loc, tuple(n for other, n in specific if other.name == loc.name)
    return country, ()


def _cluster(located: list[tuple[EventMention, Location, tuple[str, ...]]]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    country_only = []
    for mention, loc, names in sorted(located, key=lambda t: (t[0].article, t[0].sentence_start)):
        if loc.kind == "country":
            country_only.append((mention, loc))
            continue
        home = next((c for c in clusters if c.location.name == loc.name and _near(c.day, mention.date)), None)
        if home is None:
            home = _Cluster(loc)
            clusters.append(home)
        home.mentions.append(mention)
        home.names.update(names)
    for mention, loc in country_only:
        same_country = [c for c in clusters if c.location.country == loc.name and _near(c.day, mention.date)]
        if same_country:
            min(same_country, key=lambda c: _distance(c.day, mention.date)).mentions.append(mention)
        else:
            clusters.append(_Cluster(loc, [mention]))
    return clusters


def _near(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= _DAYS_APART


def _distance(a: dt.date | None, b: dt.date | None) -> int:
    return abs((a - b).days) if a and b else _DAYS_APART


def _lead_end(article: Article) -> int:
    """Where an article's lead ends: its headline and first paragraph."""
    paragraphs = [s for s in article.report if s.kind == "paragraph"]
    return paragraphs[0].end if paragraphs else (article.report[-1].end if article.report else 0)


def _freeze(clusters: list[_Cluster], by_article: dict[str, Article]) -> tuple[list[Incident], dict]:
    incidents: list[Incident] = []
    of_mention: dict[tuple[str, int], str] = {}
    for c in sorted(clusters, key=lambda c: (c.day or dt.date.min, c.location.name)):
        kinds = Counter(m.kind for m in c.mentions)
        kind = min(kinds, key=lambda k: (-kinds[k], _KIND_RANK.index(k) if k in _KIND_RANK else 99))
        day = c.day
        slug = "-".join(p for p in (day.isoformat() if day else "undated", _slug(c.location.name), _slug(kind)) if p)
        base, n = slug, 2
        while any(i.id == slug for i in incidents):
            slug, n = f"{base}-{n}", n + 1
        actors = sorted({a for m in c.mentions for a in m.actors})
        article_ids = sorted(c.articles, key=lambda a: (by_article[a].published or dt.date.max, a))
        place = c.location.name if c.location.kind != "country" else None
        title = f"{kind.capitalize()} in {c.location.name}" + (f", {c.location.country}" if place else "")
        incidents.append(
            Incident(
                id=slug,
                title=title,
                date=day,
                country=c.location.country,
                location=c.location.name,
                kind=kind,
                actors=tuple(actors),
                articles=tuple(article_ids),
                aliases=tuple(sorted(c.names | {c.location.name}, key=fold)),
            )
        )
        for m in c.mentions:
            of_mention[(m.article, m.sentence_start)] = slug
    return incidents, of_mention


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _assign(ex: Extraction, of_mention: dict[tuple[str, int], str]) -> list[Claim]:
    """Each claim goes to the incident of its own sentence, else of the nearest event sentence before it."""
    events = sorted(ex.events, key=lambda m: m.sentence_start)
    assigned = []
    main = next(
        (of_mention[(m.article, m.sentence_start)] for m in events if (m.article, m.sentence_start) in of_mention), None
    )
    for claim in ex.claims:
        incident = None
        own = [m for m in events if m.sentence_start == claim.quote_start]
        if own and (ex.article, own[0].sentence_start) in of_mention:
            incident = of_mention[(ex.article, own[0].sentence_start)]
        elif own and own[0].places:
            incident = None  # a located event that is no incident: context
        else:
            before = [
                m
                for m in events
                if m.sentence_start < claim.quote_start and (m.article, m.sentence_start) in of_mention
            ]
            incident = of_mention[(ex.article, before[-1].sentence_start)] if before else main
        assigned.append(replace(claim, incident=incident))
    return assigned
