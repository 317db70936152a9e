"""From event mentions to incidents: one per real event, across articles.

Each article is read first (``leads``): where its event mentions happened, when,
and whether they report its news or are background. Reports that resolve to
the same place (through the alias table and the gazetteer; a village and the
region it lies in meet) within a few days are one incident; a mention that
names only a country joins that country's incident of the same days. An event
becomes an incident when an article leads with it or two articles report it.

Background (an older attack, a pattern of attacks) never makes an incident nor
puts its article in one; it is tied to an incident only when another article
reports that event and the background dates it to the same days, so that its
figures go there. A report with no date of its own joins the incident of its
place whose kind of event it shares; undated articles are then dated from the
incidents they share with dated ones, and read again from there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..aliases import fold
from ..models import Article, Claim, EventMention, Extraction, Incident
from .assign import assign_claims
from .clusters import Cluster, Clusters, compatible, distance, kinship
from .gazetteer import Gazetteer, Location, SpellingIndex, skeleton
from .leads import (
    BACKGROUND,
    LEAD,
    ArticleReading,
    Placed,
    lead_end,
    mention_key,
    near,
    plain_reading,
    read_article,
    reading_from_plain,
)
from .nesting import UNKNOWN, rank
from .nesting import settlement_name as _settlement
from .tallies import counts_many_incidents
from .titles import titles


def read_articles(
    articles: Iterable[Article],
    extractions: Iterable[Extraction],
    gazetteer: Gazetteer,
    stored: Mapping[str, tuple] | None = None,
) -> dict[str, ArticleReading]:
    """Each article's reading (:func:`~.leads.read_article`), by article id: it depends on
    nothing but the article, its events and the gazetteer, so a reading stored by an earlier
    build (``stored``: :func:`~.leads.plain_reading`'s values, by article id) is taken as it is."""
    events_of: dict[str, tuple[EventMention, ...]] = {ex.article: ex.events for ex in extractions}
    stored = stored or {}
    readings = {}
    for a in articles:
        events = events_of.get(a.id, ())
        plain = stored.get(a.id)
        try:
            known = reading_from_plain(a.id, plain, events) if plain is not None else None
        except (IndexError, TypeError, ValueError):  # not a reading of these events after all
            known = None
        readings[a.id] = known or read_article(a, events, gazetteer)
    return readings


def plain_readings(readings: Mapping[str, ArticleReading], extractions: Iterable[Extraction]) -> dict[str, tuple]:
    """The readings as plain values to store, by article id (see :func:`read_articles`)."""
    events_of = {ex.article: ex.events for ex in extractions}
    plain = {a: plain_reading(r, events_of.get(a, ())) for a, r in readings.items()}
    return {a: p for a, p in plain.items() if p is not None}


def build_incidents(
    articles: Sequence[Article],
    extractions: Sequence[Extraction],
    gazetteer: Gazetteer,
    readings: Mapping[str, ArticleReading] | None = None,
) -> tuple[tuple[Incident, ...], tuple[Claim, ...]]:
    """Group event mentions into incidents and assign every claim to one (or None).
    ``readings``: the articles' readings (:func:`read_articles`), when made already."""
    by_article = {a.id: a for a in articles}
    events_of: dict[str, tuple[EventMention, ...]] = {ex.article: ex.events for ex in extractions}
    readings = dict(readings) if readings is not None else read_articles(articles, extractions, gazetteer)
    # An article read again keeps its places: their spellings are worked out once.
    spellings = _spellings(p.location.name for r in readings.values() for p in r.placed if p.location is not None)
    tolls = {ex.article: _lead_tolls(ex, lead_end(by_article[ex.article])) for ex in extractions}
    evidence = {a: _names_of(r) | tolls.get(a, frozenset()) for a, r in readings.items()}
    clusters = _cluster(list(readings.values()), spellings, evidence)
    undated = {a.id for a in articles if a.published is None}
    estimates = _estimates(clusters, undated, {a.id: a.published for a in articles}) if undated else {}
    if estimates:
        # An undated article is read again from the day of the incident it shares with dated
        # ones: its weekdays and what is background are known from there.
        for article, day in estimates.items():
            readings[article] = read_article(
                by_article[article], events_of.get(article, ()), gazetteer, day, before=readings[article]
            )
        evidence = {a: _names_of(r) | tolls.get(a, frozenset()) for a, r in readings.items()}
        clusters = _cluster(list(readings.values()), spellings, evidence)
    kept = [c for c in clusters if c.led_by or (len(c.days) >= 2 and c.location.kind != UNKNOWN)]
    incidents, of_mention = _freeze(kept, by_article)
    claims = assign_claims(extractions, readings, of_mention, {i.id: i for i in incidents}, by_article)
    return tuple(incidents), claims


def _estimates(clusters: list[Cluster], undated: set[str], published: dict[str, dt.date | None]) -> dict[str, dt.date]:
    """The day of each undated article: that of the incident it leads with, or shares most
    reports of, among those dated articles date; for an incident whose day no article gives,
    the day its first dated report came out."""
    found: dict[str, tuple[bool, int, dt.date]] = {}
    for c in clusters:
        days = [published[a] for a in c.articles if published.get(a)]
        day = c.day or (min(days) if days else None)
        if day is None:
            continue
        for article in c.articles & undated:
            weight = (article in c.led_by, sum(1 for p in c.reports if p.mention.article == article))
            if article not in found or weight > found[article][:2]:
                found[article] = (*weight, day)
    return {article: day for article, (_, _, day) in found.items()}


# ------------------------------------------------------------------- clustering


def locate_incidents(incidents: Sequence[Incident], gazetteer: Gazetteer) -> tuple[Incident, ...]:
    """Each incident with the coordinates of its place, as the gazetteer knows them.

    Run on the final incidents (after editors' corrections), so a renamed place is
    located afresh; a place the gazetteer does not know, or knows in another country,
    keeps no coordinates rather than wrong ones.
    """
    located = []
    for incident in incidents:
        countries = (incident.country,) if incident.country else ()
        loc = gazetteer.locate(incident.location, countries) if incident.location else None
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


def _spellings(names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each place name's spellings among ``names`` (:func:`same_place`, itself included)."""
    index = SpellingIndex()
    distinct = sorted(set(names))
    for name in distinct:
        index.add(name)
    return {name: index.like(name) for name in distinct}


def _cluster(
    readings: list[ArticleReading], spellings: dict[str, frozenset[str]], evidence: dict[str, frozenset[str]]
) -> list[Cluster]:
    """Towns first, then regions, then countries, each joining the incident of its place and
    days; then the events an article places nowhere, and the background that dates itself."""
    placed = [p for r in readings for p in r.placed if p.location is not None]
    index = Clusters(spellings)
    where: dict[int, int] = {}
    # Scenes named with the region they lie in first (the most precise), then towns, regions
    # and countries; at each level the reports that say when before those that do not, so that
    # an undated one meets every incident of its place.
    ordered = sorted(
        placed,
        key=lambda p: (rank(p.location) if p.location.within is None else -1, p.time is None, mention_key(p.mention)),
    )
    for p in ordered:
        if p.role == BACKGROUND:
            continue
        n = _home(index, p, evidence)
        if n is not None:
            index.take(n, p)
            where[id(p)] = n
    for r in readings:
        _place_unplaced(r, index, where)
    for p in ordered:
        if p.role == BACKGROUND and p.time is not None and p.dated:
            _tie_background(index, p)
    for r in readings:
        _mark_lead(r, index, where)
    return index.all


def _apart_in_time(index: Clusters, candidates: list[int]) -> bool:
    """Do the candidates include incidents of different days?"""
    times = [t for t in (index.all[n].time() for n in candidates) if t is not None]
    return any(not near(a, b) for a in times for b in times)


def _tie_background(index: Clusters, p: Placed) -> None:
    """Background that dates itself to an incident's days, at its place ("on January 22, a
    bomb blast in Peshawar"; "last year, gunmen killed six police officers at a checkpoint in
    Achin"), is tied to it: its figures are that incident's. A long stretch of time ("last year")
    ties it only to the one incident of that place and kind in it, and a country to none."""
    fits = [
        n
        for n in index.candidates(p.location, p.time, timeless=False)
        if index.all[n].time() is not None and compatible(p.mention.kind, index.all[n])
    ]
    if (p.time[1] - p.time[0]).days > 31 and (rank(p.location) == 2 or len(fits) != 1):
        return
    if fits:
        index.take(min(fits, key=lambda n: (distance(index.all[n].time(), p.time), n)), p)


def _place_unplaced(reading: ArticleReading, index: Clusters, where: dict[int, int]) -> None:
    """ "The attack on Tuesday", "the fighting": of the article's own incidents of those days,
    the one of that kind of event, else the one the paragraphs before told of, else the one it
    tells most of."""
    own = index.of_article.get(reading.article, [])
    if not own:
        return
    mine = Counter(where[id(q)] for q in reading.placed if id(q) in where)
    last = None
    for p in reading.placed:
        if p.location is None and p.role != BACKGROUND:
            fits = [n for n in own if p.time is None or index.near_in_time(n, p.time)]
            if fits:
                n = min(
                    fits,
                    key=lambda n: (
                        kinship(p.mention.kind, index.all[n]) != 0,
                        n != last,
                        -mine[n],
                        distance(index.all[n].time(), p.time),
                        n,
                    ),
                )
                index.take(n, p)
                where[id(p)] = n
        last = where.get(id(p), last)


def _lead_tolls(ex: Extraction, lead: int) -> frozenset[str]:
    """The figures an article's headline and lead give ("killed=23"): reports of one event repeat
    its toll. Counts under three say too little to tell events apart."""
    return frozenset(
        f"{c.category}={c.value}"
        for c in ex.claims
        if c.value is not None and c.value >= 3 and c.quote_start < lead and not counts_many_incidents(c)
    )


def _names_of(reading: ArticleReading) -> frozenset[str]:
    """The distinctive words of the places and sites an article names ("hayat" of "the Hayat
    Hotel"), as sounds (:func:`skeleton`), to tell which of a town's incidents an undated
    report of it is about (the town's own name is shared by all of them, and so no help)."""
    words = {w for p in reading.placed if p.name for w in fold(p.name).split() if w not in _GENERIC_WORDS}
    return frozenset(skeleton(w) for w in words if len(w) >= 4)


_GENERIC_WORDS = frozenset(
    ["hotel", "prison", "jail", "school", "college", "university", "mosque", "church", "market", "camp", "base",
     "barracks", "hospital", "centre", "center", "compound", "checkpoint", "station", "airport", "stadium",
     "complex", "square", "street", "road", "village", "town", "city", "district", "province", "region", "state",
     "area", "the", "al", "el"]
)  # fmt: skip


def _home(index: Clusters, p: Placed, evidence: dict[str, frozenset[str]]) -> int | None:
    """The cluster a report joins, a new one, or None (a country named beside its incidents).

    A report with no date joins an incident of its place; when its place saw incidents at
    several times (or it names only a country), only one its article shares evidence with: a
    site both name ("the Hayat Hotel" of "the Hyatt hotel" siege) or a toll both leads give."""
    article = p.mention.article
    own = set(index.of_article.get(article, ()))
    mine = evidence.get(article, frozenset())
    # Its own article's incidents within a place of that name too: "attack on Ménaka village" in
    # a report of Tinfagat, in the Ménaka region.
    within = {n for n in own if index.all[n].location.within in index.spellings_of(p.location.name)}
    if rank(p.location) == 1 and p.role == LEAD and not within:
        # "… prison in Niger State" over "… the prison in Dan Kurmi": the region its town is in
        towns = [n for n in own if rank(index.all[n].location) == 0 and index.all[n].location.within is None
                 and index.all[n].location.country in (None, p.location.country)]  # fmt: skip
        within = set(towns) if len(towns) == 1 else set()
    if rank(p.location) == 2 and p.time is None:
        # "in Syria", undated: an incident of its own article's in that country, else one of that
        # country whose reports share evidence with it, of a kind it may be
        candidates = sorted(n for n in own if index.all[n].location.country == p.location.name)
        if not candidates and mine:
            shared = {n for a in index.articles_with(mine, evidence) for n in index.of_article.get(a, ())}
            candidates = sorted(
                n
                for n in shared
                if index.all[n].location.country == p.location.name and compatible(p.mention.kind, index.all[n])
            )
    else:
        nearest = _nearest_in_time(index, p, within)
        if nearest is not None:
            return nearest
        found = index.candidates(p.location, p.time)  # in order, each once
        clusters = index.all
        candidates = [
            n
            for n in (sorted(set(found) | within) if within else found)
            # With no date on one side, the kind of event tells reports of one place apart.
            if n in own or (p.time and clusters[n].time()) or compatible(p.mention.kind, clusters[n])
        ]
    if p.time is None and not own.intersection(candidates) and _apart_in_time(index, candidates):
        # Undated, and its place saw incidents at several times: only the one whose sites it
        # names too ("the Hayat Hotel" of "the Hyatt hotel" siege), if one does.
        town = {skeleton(w) for name in index.spellings_of(p.location.name) for w in fold(name).split()}
        telling = mine - town
        candidates = [n for n in candidates if any(not telling.isdisjoint(evidence[a]) for a in index.all[n].articles)]
        if len(candidates) != 1:
            return index.add(Cluster(p.location)) if rank(p.location) < 2 or p.role == LEAD else None
    if candidates:
        return _nearest(index, p, candidates, own)
    if rank(p.location) == 2 and p.role != LEAD and (p.time is None or index.has_country(p.location.name)):
        return None  # a country named beside its incidents, on another day: no new incident
    return index.add(Cluster(p.location))


def _nearest_in_time(index: Clusters, p: Placed, within: set[int]) -> int | None:
    """The incident a dated report joins when one of its candidates has a time near enough: any
    such one is nearer than one of no time, which :func:`distance` puts 10,000 days away. Those
    (many, in a country where undated reports made incidents) need not then be weighed; None
    when they must."""
    if p.time is None:
        return None
    # Every candidate with a time may take it (see :func:`_home`); the order does not matter to
    # :func:`_nearest`, whose keys differ.
    timed = [*index.candidates(p.location, p.time, timeless=False), *(n for n in within if index.all[n].time())]
    best = _nearest(index, p, timed, set()) if timed else None
    if best is not None and distance(index.all[best].time(), p.time) < distance(None, p.time):
        return best
    return None


def _nearest(index: Clusters, p: Placed, candidates: list[int], own: set[int]) -> int:
    """Of the incidents a report may join, the one it joins: undated, its own article's first;
    then the nearest in time; for a follow-up with no date, the latest incident before it; for a
    region, the region itself; then the one most reports gave, and the first.

    Weighed for every candidate of every report (a country's incidents of one week are many), so
    what is the same for all of them is worked out once: with no time, every candidate is as far
    from the report and as recent."""
    clusters, name, region = index.all, p.location.name, rank(p.location) == 1
    if p.time is None:
        return min(
            candidates,
            key=lambda n: (n not in own, region and clusters[n].location.name != name, -len(clusters[n].reports), n),
        )
    time, end = p.time, p.time[1]

    def key(n: int) -> tuple[int, int, bool, int, int]:
        c = clusters[n]
        # Days from its day to the end of the report's stretch of time (0 when it has none)
        recency = abs((end - c.day).days) if c.day else 0
        return distance(c.time(), time), recency, region and c.location.name != name, -len(c.reports), n

    return min(candidates, key=key)


def _mark_lead(reading: ArticleReading, index: Clusters, where: dict[int, int]) -> None:
    """The incident an article leads with: that of a town or region its lead names, else that of
    a town or region its lead's other events went to ("the Burkina Faso massacre"), else that of
    the first town or region it reports further down, else of its lead's country."""
    lead = [p for p in reading.placed if p.role == LEAD]
    tiers = (
        [where[id(p)] for p in lead if p.location is not None and rank(p.location) < 2 and id(p) in where],
        [where[id(p)] for p in lead if id(p) in where and rank(index.all[where[id(p)]].location) < 2],
        [
            where[id(p)]
            for p in reading.placed
            if p.role != BACKGROUND and p.location is not None and rank(p.location) < 2 and id(p) in where
        ][:1],
        [where[id(p)] for p in lead if id(p) in where],
    )
    for tier in tiers:
        if tier:
            for n in set(tier):
                index.all[n].led_by.add(reading.article)
            return


# ------------------------------------------------------------------- freezing


def _freeze(clusters: list[Cluster], by_article: dict[str, Article]) -> tuple[list[Incident], dict]:
    of_mention: dict[tuple[str, int, int], str] = {}
    for c in clusters:
        if c.location.kind == UNKNOWN:
            c.location = _named(c, by_article)
    ordered = sorted(clusters, key=lambda c: (c.day or dt.date.min, c.location.name, sorted(c.articles)))
    named = titles([(c.kind(), c.location, c.day) for c in ordered])
    taken: set[str] = set()
    incidents: list[Incident] = []
    for c, title in zip(ordered, named, strict=True):
        kind = c.kind()
        slug = "-".join(
            p for p in (c.day.isoformat() if c.day else "undated", _slug(c.location.name), _slug(kind)) if p
        )
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        article_ids = sorted(c.articles, key=lambda a: (by_article[a].published or dt.date.max, a))
        incidents.append(
            Incident(
                id=slug,
                title=title,
                date=c.day,
                country=c.location.country,
                location=c.location.name,
                kind=kind,
                actors=tuple(sorted({a for p in c.reports for a in p.mention.actors})),
                articles=tuple(article_ids),
                aliases=tuple(sorted(c.names | {c.location.name}, key=lambda n: (fold(n), n))),
            )
        )
        for p in (*c.reports, *c.background):
            of_mention.setdefault(mention_key(p.mention), slug)
    return incidents, of_mention


def _named(cluster: Cluster, by_article: dict[str, Article]) -> Location:
    """A place no table knows is called as most reports call it (the first report breaks a
    tie), in the country any of its reports names."""
    # The names of its towns as written, not of a region named beside them ("Niger State").
    towns = {p.name for p in cluster.reports if p.name and p.location is not None and rank(p.location) == 0}
    spellings = Counter(_settlement(n) for p in cluster.reports for n in p.mention.places if n in towns)
    first: dict[str, int] = {}
    for p in sorted(cluster.reports, key=lambda p: (by_article[p.mention.article].published or dt.date.max,
                                                     mention_key(p.mention))):  # fmt: skip
        for n in p.mention.places:
            first.setdefault(_settlement(n), len(first))
    name = min(spellings, key=lambda n: (-spellings[n], first.get(n, 99), n)) if spellings else cluster.location.name
    return replace(cluster.location, name=name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
