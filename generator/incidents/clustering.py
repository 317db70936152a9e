"""From event mentions to incidents: one per real event, across articles.

Mentions that resolve to the same place (through the alias table and the
gazetteer; a village and the region it lies in meet) within a few days are one
incident; a mention that names only a country joins that country's incident
nearest in time. An event becomes an incident when an article leads with it or
two articles report it; a passing mention of some other event leaves its
figures as context (``incident: None``). Articles with no publication date
are dated from the incidents they share with dated ones, and their weekdays
read again from there. Each figure then belongs to the incident its own
sentence places it in, or that of the nearest event sentence before it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from operator import attrgetter

from ..aliases import fold
from ..figures import parse_day, parse_period
from ..models import Article, Claim, EventMention, Extraction, Incident
from .gazetteer import Gazetteer, Location, SpellingIndex

_DAYS_APART = 3
_UNKNOWN = "place"
"""The kind of a location that neither the alias table nor GeoNames knows."""
_KIND_RANK = ("prison attack", "prison break", "bombing", "raid", "ambush", "airstrike", "massacre", "shooting",
              "abduction", "attack", "clashes")  # fmt: skip
_SPECIFICITY = {"country": 2, "province": 1, "region": 1, "governorate": 1, "state": 1}
_CONTEXT_WORDS = re.compile(r"\b(across|throughout|prisons|camps|jails|nationwide)\b", re.I)


@dataclass
class _Cluster:
    """An incident being assembled (mutable while clustering, frozen at the end)."""

    location: Location
    mentions: list[EventMention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    days: Counter = field(default_factory=Counter)
    day: dt.date | None = None
    """The day most mentions give (the earliest on a tie), kept up to date by :meth:`add`."""

    def add(self, mention: EventMention) -> None:
        self.mentions.append(mention)
        self.articles.add(mention.article)
        if mention.date:
            self.days[mention.date] += 1
            # Counts only grow: the day that just grew is the only one that can take the lead.
            count, lead = self.days[mention.date], self.days[self.day] if self.day else 0
            if count > lead or (count == lead and mention.date < self.day):
                self.day = mention.date


@dataclass(frozen=True, slots=True)
class _Located:
    mention: EventMention
    location: Location
    name: str | None


def build_incidents(
    articles: Sequence[Article], extractions: Sequence[Extraction], gazetteer: Gazetteer
) -> tuple[tuple[Incident, ...], tuple[Claim, ...]]:
    """Group event mentions into incidents and assign every claim to one (or None)."""
    by_article = {a.id: a for a in articles}
    mentions = [m for ex in extractions for m in ex.events]
    located = _locate(mentions, gazetteer)
    spellings = _spellings(x.location.name for x in located)
    clusters = _cluster(located, mentions, spellings)
    undated = {a.id for a in articles if a.published is None}
    redated = _redate(mentions, clusters, undated) if undated else mentions
    # Where a mention is placed does not depend on its date: only the mentions move.
    now = {id(old): new for old, new in zip(mentions, redated, strict=True) if new is not old}
    if now:
        located = [_Located(now.get(id(x.mention), x.mention), x.location, x.name) for x in located]
        mentions = redated
        clusters = _cluster(located, mentions, spellings)
    leads = {a.id: _lead_end(a) for a in articles}
    kept = [c for c in clusters if _is_incident(c, leads)]

    incidents, of_mention = _freeze(kept, by_article)
    by_id = {i.id: i for i in incidents}
    events_of: dict[str, list[EventMention]] = {}
    for m in mentions:
        events_of.setdefault(m.article, []).append(m)
    claims = tuple(
        claim
        for ex in extractions
        for claim in _assign(ex, sorted(events_of.get(ex.article, []), key=_order), of_mention, by_id, by_article)
    )
    return tuple(incidents), claims


def _is_incident(cluster: _Cluster, leads: dict[str, int]) -> bool:
    """An article leads with it, or two articles report it (a place no table knows needs a lead)."""
    led = any(m.sentence_start < leads[m.article] for m in cluster.mentions)
    return led or (len(cluster.articles) >= 2 and cluster.location.kind != _UNKNOWN)


def _order(m: EventMention) -> tuple[int, int]:
    return m.sentence_start, m.place_offsets[0] if m.place_offsets else -1


def _key(m: EventMention) -> tuple[str, int, int]:
    return m.article, m.sentence_start, m.place_offsets[0] if m.place_offsets else -1


# ------------------------------------------------------------------- clustering


def locate_incidents(incidents: Sequence[Incident], gazetteer: Gazetteer) -> tuple[Incident, ...]:
    """Each incident with the coordinates of its place, as the gazetteer knows them.

    Run on the final incidents (after editors' corrections), so a renamed place is
    located afresh; a place the gazetteer does not know, or knows in another country,
    keeps no coordinates rather than wrong ones.
    """
    located = []
    for incident in incidents:
        loc = gazetteer.locate(incident.location) if incident.location else None
        if loc is None or (incident.country and loc.country != incident.country):
            located.append(replace(incident, latitude=None, longitude=None, place_kind=None))
            continue
        has_point = loc.latitude is not None and loc.longitude is not None
        located.append(
            replace(
                incident,
                latitude=round(loc.latitude, 4) if has_point else None,
                longitude=round(loc.longitude, 4) if has_point else None,
                place_kind=loc.kind,
            )
        )
    return tuple(located)


def _locate(mentions: Sequence[EventMention], gazetteer: Gazetteer) -> list[_Located]:
    located = []
    for m in mentions:
        if not m.kind:
            continue
        for name in m.places:
            loc = gazetteer.locate(name)
            if loc is None and gazetteer.could_be_place(name):
                # A place no table knows is still a place: it meets its other spellings by
                # similarity, in the country its sentence names ("in Boulkessi, in central Mali").
                loc = Location(name, _country_named(m, gazetteer), _UNKNOWN)
            if loc is not None:
                located.append(_Located(m, loc, name if loc.kind != "country" else None))
        if not m.places:
            for country in m.countries:
                loc = gazetteer.locate(country)
                if loc is not None:
                    located.append(_Located(m, loc, None))
    return located


def _country_named(m: EventMention, gazetteer: Gazetteer) -> str | None:
    for name in m.places:
        loc = gazetteer.locate(name)
        if loc is not None and loc.kind == "country":
            return loc.name
    return m.countries[0] if m.countries else None


def _spellings(names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each place name's spellings among ``names`` (:func:`same_place`, itself included),
    worked out once for both clusterings."""
    index = SpellingIndex()
    distinct = sorted(set(names))
    for name in distinct:
        index.add(name)
    return {name: index.like(name) for name in distinct}


def _cluster(
    located: list[_Located], mentions: Sequence[EventMention], spellings: dict[str, frozenset[str]]
) -> list[_Cluster]:
    """Specific places first, then regions, then countries, each joining the nearest in time;
    then "the attack on Tuesday", placed nowhere, dates its article's main incident."""
    clusters = _cluster_places(located, spellings)
    placed = {_key(x.mention) for x in located}
    of_article: dict[str, list[int]] = defaultdict(list)
    told: Counter[tuple[int, str]] = Counter()  # how many of an article's mentions a cluster holds
    for n, c in enumerate(clusters):
        for article in sorted(c.articles):
            of_article[article].append(n)
        for x in c.mentions:
            told[(n, x.article)] += 1
    for m in mentions:
        if m.kind and m.date and _key(m) not in placed:
            own = [n for n in of_article.get(m.article, ()) if _near(clusters[n].day, m.date)]
            if own:
                best = max(own, key=lambda n: told[(n, m.article)])
                clusters[best].add(m)
                told[(best, m.article)] += 1
    return clusters


class _Clusters:
    """The clusters so far, indexed so that a mention is compared only with the clusters that
    could take it: by place name (under any of its ``spellings``), by the region a place lies
    in and by country, each by day, with the largest cluster of each (the one an undated
    mention joins). Among the candidates, ties go to the oldest cluster, as in a scan of
    every cluster, so the choice is the same."""

    def __init__(self, spellings: dict[str, frozenset[str]]) -> None:
        self.all: list[_Cluster] = []
        self._spellings = spellings
        self._keys: list[tuple[tuple[str, str | None], ...]] = []
        self._day: list[dt.date | None] = []
        self._by_day: dict[tuple[tuple[str, str | None], dt.date | None], list[int]] = defaultdict(list)
        self._largest: dict[tuple[str, str | None], int] = {}
        self._days_near: dict[dt.date, tuple[dt.date | None, ...]] = {}

    @staticmethod
    def _keys_of(location: Location) -> tuple[tuple[str, str | None], ...]:
        keys = {("name", location.name), ("region", location.name), ("country", location.country)}
        if location.within:
            keys.add(("region", location.within))
        return tuple(sorted(keys, key=repr))

    def add(self, cluster: _Cluster) -> int:
        n = len(self.all)
        self.all.append(cluster)
        self._keys.append(self._keys_of(cluster.location))
        self._day.append(cluster.day)
        for key in self._keys[n]:
            self._by_day[(key, cluster.day)].append(n)
        return n

    def moved(self, n: int) -> None:
        """Keep the indexes right after cluster ``n`` took a mention: its day may have moved,
        and it may now be the largest under its keys."""
        cluster, old = self.all[n], self._day[n]
        size, day, largest = len(cluster.mentions), cluster.day, self._largest
        for key in self._keys[n]:
            if day != old:
                self._by_day[(key, old)].remove(n)
                self._by_day[(key, day)].append(n)
            best = largest.get(key)
            if best is None or (best != n and (size, -n) > (len(self.all[best].mentions), -best)):
                largest[key] = n
        self._day[n] = day

    def has_country(self, country: str) -> bool:
        return ("country", country) in self._largest

    def candidates(self, location: Location, rank: int, day: dt.date | None) -> set[int]:
        """The clusters that could take a mention of ``location`` on ``day`` (by position)."""
        if rank == 0:  # spellings no cluster is named by yet are under no index: they add nothing
            keys = [("name", other) for other in self._spellings[location.name]]
        elif rank == 1:
            keys = [("region", location.name)]
        else:
            keys = [("country", location.name)]
        if day is None:  # every cluster is near; of those under a key, the largest is the one chosen
            return {self._largest[k] for k in keys if k in self._largest}
        by_day = self._by_day
        return {n for k in keys for d in self._near(day) for n in by_day.get((k, d), ())}

    def _near(self, day: dt.date) -> tuple[dt.date | None, ...]:
        """The days within ``_DAYS_APART`` of ``day``, and undated (``None``)."""
        near = self._days_near.get(day)
        if near is None:
            near = self._days_near[day] = (
                None, *(day + dt.timedelta(days=d) for d in range(-_DAYS_APART, _DAYS_APART + 1))
            )  # fmt: skip
        return near


def _cluster_places(located: list[_Located], spellings: dict[str, frozenset[str]]) -> list[_Cluster]:
    index = _Clusters(spellings)
    ordered = sorted(located, key=lambda x: (_SPECIFICITY.get(x.location.kind, 0), _key(x.mention)))
    for item in ordered:
        loc, mention = item.location, item.mention
        rank = _SPECIFICITY.get(loc.kind, 0)
        candidates = index.candidates(loc, rank, mention.date)
        if len(candidates) == 1:
            (n,) = candidates
        elif candidates:
            # The nearest in time, then the largest, then the oldest.
            n = min(
                candidates, key=lambda n: (_distance(index.all[n].day, mention.date), -len(index.all[n].mentions), n)
            )
        elif rank == 2 and index.has_country(loc.name):
            continue  # a country named beside its incidents, on another day: no new incident
        else:
            n = index.add(_Cluster(loc))
        home = index.all[n]
        home.add(mention)
        index.moved(n)
        if item.name:
            home.names.add(item.name)
    return index.all


def _near(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= _DAYS_APART


def _distance(a: dt.date | None, b: dt.date | None) -> int:
    return abs((a - b).days) if a and b else _DAYS_APART


def _redate(mentions: list[EventMention], clusters: list[_Cluster], undated: set[str]) -> list[EventMention]:
    """Read an undated article's weekdays from the day of the incident it shares with
    dated articles ("on Tuesday" in a report of a Tuesday attack is that Tuesday)."""
    days_of: dict[str, Counter[dt.date]] = defaultdict(Counter)
    for c in clusters:
        if c.day and len(c.articles) > 1:
            for article in c.articles & undated:
                days_of[article][c.day] += 1
    reference = {article: days.most_common(1)[0][0] for article, days in days_of.items()}
    redated = []
    for m in mentions:
        day = _day_of(m.when, reference[m.article], nearest=True) if m.article in reference and m.when else m.date
        redated.append(m if day == m.date else replace(m, date=day))
    return redated


_day_of = lru_cache(maxsize=4096)(parse_day)
_period_of = lru_cache(maxsize=4096)(parse_period)
"""The same words read against the same day recur across a corpus ("on Tuesday", "last year")."""


def _lead_end(article: Article) -> int:
    """Where an article's lead ends: its headline and first paragraph."""
    paragraphs = [s for s in article.report if s.kind == "paragraph"]
    return paragraphs[0].end if paragraphs else (article.report[-1].end if article.report else 0)


def _freeze(clusters: list[_Cluster], by_article: dict[str, Article]) -> tuple[list[Incident], dict]:
    incidents: list[Incident] = []
    taken: set[str] = set()
    of_mention: dict[tuple[str, int, int], str] = {}
    for c in clusters:
        if c.location.kind == _UNKNOWN:
            c.location = _named(c, by_article)
    for c in sorted(clusters, key=lambda c: (c.day or dt.date.min, c.location.name)):
        kinds = Counter(m.kind for m in c.mentions)
        kind = min(kinds, key=lambda k: (-kinds[k], _KIND_RANK.index(k) if k in _KIND_RANK else 99))
        day = c.day
        slug = "-".join(p for p in (day.isoformat() if day else "undated", _slug(c.location.name), _slug(kind)) if p)
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        article_ids = sorted(c.articles, key=lambda a: (by_article[a].published or dt.date.max, a))
        specific = c.location.kind != "country" and c.location.country is not None  # a place may have no known country
        title = f"{kind.capitalize()} in {c.location.name}" + (f", {c.location.country}" if specific else "")
        incidents.append(
            Incident(
                id=slug,
                title=title,
                date=day,
                country=c.location.country,
                location=c.location.name,
                kind=kind,
                actors=tuple(sorted({a for m in c.mentions for a in m.actors})),
                articles=tuple(article_ids),
                aliases=tuple(sorted(c.names | {c.location.name}, key=lambda n: (fold(n), n))),
            )
        )
        for m in c.mentions:
            of_mention.setdefault(_key(m), slug)
    return incidents, of_mention


def _named(cluster: _Cluster, by_article: dict[str, Article]) -> Location:
    """A place no table knows is called as most reports call it (the first report breaks a
    tie), in the country any of its reports names."""
    spellings = Counter(n for m in cluster.mentions for n in m.places if n in cluster.names)
    first = {}
    for m in sorted(cluster.mentions, key=lambda m: (by_article[m.article].published or dt.date.max, _key(m))):
        for n in m.places:
            first.setdefault(n, len(first))
    name = min(spellings, key=lambda n: (-spellings[n], first.get(n, 99), n)) if spellings else cluster.location.name
    return replace(cluster.location, name=name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# ------------------------------------------------------------------- assignment


def _assign(
    ex: Extraction,
    events: list[EventMention],
    of_mention: dict[tuple[str, int, int], str],
    incidents: dict[str, Incident],
    by_article: dict[str, Article],
) -> list[Claim]:
    """Each claim goes to the incident its own sentence places it in, else to that of the
    nearest event sentence before it; a figure of another time or place stays context."""
    article = by_article[ex.article]
    # The events come in the article's order: the sentences of those placed in an incident
    # are sorted, so the nearest before a claim is found by bisection.
    placed = [(m.sentence_start, inc) for m in events if (inc := of_mention.get(_key(m))) is not None]
    starts = [at for at, _ in placed]
    mine = [incident for _, incident in placed]
    main = Counter(mine).most_common(1)[0][0] if mine else None
    in_sentence: dict[int, list[EventMention]] = defaultdict(list)
    for m in events:
        in_sentence[m.sentence_start].append(m)
    assigned = []
    for claim in ex.claims:
        own = in_sentence.get(claim.quote_start, [])
        incident = _own_sentence(claim, own, of_mention, incidents, mine)
        if incident == "":
            incident = None
        elif incident is None:
            before = bisect_left(starts, claim.quote_start)
            incident = mine[before - 1] if before else main
        if incident is not None and _other_time(claim, incidents[incident], article.published):
            incident = None
        if (
            incident is not None
            and not own
            and claim.category in ("held", "fighters")
            and _CONTEXT_WORDS.search(claim.quote)
        ):
            incident = None  # "12,000 suspects are held in Kurdish-run prisons": a standing figure
        assigned.append(claim if claim.incident == incident else _with_incident(claim, incident))
    return assigned


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_claim_values = attrgetter(*_CLAIM_FIELDS)
_INCIDENT_FIELD = _CLAIM_FIELDS.index("incident")


def _with_incident(claim: Claim, incident: str | None) -> Claim:
    """``replace(claim, incident=incident)``, at half its cost: it runs for every claim."""
    values = list(_claim_values(claim))
    values[_INCIDENT_FIELD] = incident
    return Claim(*values)


def _own_sentence(
    claim: Claim, own: list[EventMention], of_mention: dict, incidents: dict[str, Incident], mine: list[str]
) -> str | None:
    """The incident the claim's own sentence names: '' for none at all (context), None if it does not say."""
    scenes = [(m.place_offsets[0], of_mention.get(_key(m))) for m in own if m.place_offsets]
    located = [(at, inc) for at, inc in scenes if inc]
    if located:
        distinct = {inc for _, inc in located}
        if len(distinct) > 1:
            offsets = sorted(at for at, _ in located)
            if offsets[-1] - offsets[0] < 25 and claim.start > offsets[-1]:
                return ""  # "two attacks in Syria and Iraq, killing more than a dozen": one toll for both
        tied = [inc for at, inc in located if at == claim.scene]
        return tied[0] if tied else min(located, key=lambda x: abs(x[0] - claim.start))[1]
    countries = [claim.country] if claim.country else [c for m in own for c in m.countries]
    for country in countries:
        matches = [i for i in dict.fromkeys(mine) if incidents[i].country == country]
        if matches:
            return matches[0]
    if scenes:
        return ""  # a located event that is no incident here: context
    return None


def _other_time(claim: Claim, incident: Incident, published: dt.date | None) -> bool:
    """Do the figure's own date words put it at another time ("in July", "last year", "On January 14")?"""
    if incident.date is None or not claim.when:
        return False
    day = _day_of(claim.when, published)
    if day is not None:
        return abs((day - incident.date).days) > _DAYS_APART
    period = _period_of(claim.when, published or incident.date)
    return period is not None and not (period[0] <= incident.date <= period[1])
