"""Incidents being assembled: one cluster of reports per event, and the index that finds,
for a report, the clusters of its place and days.

A cluster's day is the one its articles give (each article's own date words count twice its
day as the article's lead implies it); its kind the one most reports give. Kinds fall into
families ("a prison attack" and "an ambush" are two events; "an attack" may be any), which
tell apart reports that give no date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import KeysView
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Location
from .leads import BACKGROUND, DAYS_APART, Placed, Span, near
from .nesting import rank

_KIND_RANK = ("prison attack", "prison break", "siege", "bombing", "raid", "ambush", "airstrike", "strike",
              "shelling", "massacre", "shooting", "abduction", "attack", "clashes")  # fmt: skip
_FAMILY = {"prison attack": "prison", "prison break": "prison", "abduction": "abduction", "airstrike": "strike",
           "strike": "strike", "shelling": "strike"}  # fmt: skip
"""Kinds of event that are not told apart by a report with no date ("a prison attack" and "an
ambush" are two events; "an attack" and "a bombing" may be one)."""
_GENERIC = frozenset({"attack", "clashes", "killing"})
_SLACK = dt.timedelta(days=DAYS_APART)


@dataclass
class Cluster:
    """An incident being assembled (mutable while clustering, frozen at the end)."""

    location: Location
    reports: list[Placed] = field(default_factory=list)
    background: list[Placed] = field(default_factory=list)
    """Background mentions tied to it: their figures are its own, their articles are not its reports."""
    names: set[str] = field(default_factory=set)
    days: dict[str, Counter[dt.date]] = field(default_factory=dict)
    """Each reporting article's days for it (an article with none still reports it)."""
    implied: dict[str, Counter[dt.date]] = field(default_factory=dict)
    """The same, from mentions its articles date only by their own day: they count half as much."""
    kinds: Counter[str] = field(default_factory=Counter)
    led_by: set[str] = field(default_factory=set)
    day: dt.date | None = None
    """The day its articles give (see :func:`_vote`)."""
    span: Span | None = None
    """When it has no day: the first stretch of time a report gives."""
    _kind: str | None = None
    _time: Span | None = field(default=None, init=False, repr=False)
    """What :meth:`time` answers, kept as reports come: it is asked for millions of times."""

    def __post_init__(self) -> None:
        self._time = (self.day, self.day) if self.day else self.span

    @property
    def articles(self) -> KeysView[str]:
        """The articles that report it (a view, not a copy: it is asked for often)."""
        return self.days.keys()

    def add(self, p: Placed) -> None:
        if p.role == BACKGROUND:
            self.background.append(p)
            return
        self.reports.append(p)
        self._kind = None
        article, day = p.mention.article, p.day
        days = self.days.get(article)
        if days is None:
            days = self.days[article] = Counter()
        self.kinds[p.mention.kind] += 1
        if p.name:
            self.names.add(p.name)  # a town's spelling, or a site in it ("Hotel Hayat")
        if day and p.dated:
            days[day] += 1
        elif day:
            self.implied.setdefault(article, Counter())[day] += 1
        elif p.time and self.span is None:
            self.span = p.time
        if day:
            self.day = _vote(self.days, self.implied)
        self._time = (self.day, self.day) if self.day else self.span

    def time(self) -> Span | None:
        """Its day, else the stretch of time its first report gives, else None."""
        return self._time

    def kind(self) -> str:
        """The kind most reports give, a killing named as the attack it was when nothing else is said."""
        if self._kind is None:
            kinds = {k: n for k, n in self.kinds.items() if k != "killing"} or {"attack": 1}
            self._kind = min(kinds, key=lambda k: (-kinds[k], _KIND_RANK.index(k) if k in _KIND_RANK else 99))
        return self._kind


def _vote(said: dict[str, Counter[dt.date]], implied: dict[str, Counter[dt.date]]) -> dt.date | None:
    """Each article votes for the day it gives most (the earliest on a tie): twice when its
    own date words say it, once when its own day implies it. The day most voted for wins, the
    earliest on a tie."""
    votes: Counter[dt.date] = Counter()
    for article in said.keys() | implied.keys():
        days, weight = (said[article], 2) if said.get(article) else (implied.get(article), 1)
        if days:
            votes[min(days, key=lambda d: (-days[d], d))] += weight
    return min(votes, key=lambda d: (-votes[d], d)) if votes else None


def compatible(kind: str, cluster: Cluster) -> bool:
    """Could a report of ``kind`` be of this cluster's event, as far as kinds tell? An attack
    may be any; a prison attack and an ambush are two events."""
    if kind in _GENERIC or not cluster.kinds:
        return True
    main = cluster.kind()
    return main in _GENERIC or _FAMILY.get(main, "assault") == _FAMILY.get(kind, "assault")


def kinship(kind: str, cluster: Cluster) -> int:
    """0 when a mention's kind of event is the cluster's own ("the prison attack", in a report of
    a prison attack and of an attack on a base), 1 when it may be, 2 when it is another."""
    if not compatible(kind, cluster):
        return 2
    main = cluster.kind()
    return 1 if kind in _GENERIC or main in _GENERIC else 0


def distance(a: Span | None, b: Span | None) -> int:
    if a is None or b is None:
        return 10_000
    return max(0, (a[0] - b[1]).days, (b[0] - a[1]).days)


_TIMELESS = "timeless"
_Slot = dt.date | str | None
"""Where the index files a cluster by time: under its day; under None when it has only a
stretch of time; under :data:`_TIMELESS` when it has no time yet (near any time, and many in a
country where undated reports made incidents: a dated report looks at them last)."""


def _slot(cluster: Cluster) -> _Slot:
    return cluster.day if cluster.day else (None if cluster.time() else _TIMELESS)


@lru_cache(maxsize=4096)
def _days_near(time: Span) -> tuple[dt.date, ...]:
    """The days a cluster :func:`near` ``time`` may have (many reports give the same days)."""
    return tuple(time[0] + dt.timedelta(days=d) for d in range(-DAYS_APART, (time[1] - time[0]).days + DAYS_APART + 1))


class Clusters:
    """The clusters so far, indexed by place name (under any of its spellings), by the region
    a place lies in and by country, and under those by day, so that a mention is compared
    only with the clusters that could take it."""

    def __init__(self, spellings: dict[str, frozenset[str]]) -> None:
        self.all: list[Cluster] = []
        self.of_article: dict[str, list[int]] = defaultdict(list)
        self._spellings = spellings
        self._keys: list[tuple[tuple[str, str | None], ...]] = []
        self._day: list[_Slot] = []
        self._by_key: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        self._by_day: dict[tuple[tuple[str, str | None], _Slot], list[int]] = defaultdict(list)
        self._by_token: dict[str, set[str]] | None = None
        self._evidence: dict[str, frozenset[str]] | None = None

    @staticmethod
    def _keys_of(location: Location) -> tuple[tuple[str, str | None], ...]:
        keys = {("name", location.name), ("region", location.name), ("country", location.country)}
        if location.within:
            keys.add(("region", location.within))
        return tuple(sorted(keys, key=repr))

    def add(self, cluster: Cluster) -> int:
        n = len(self.all)
        self.all.append(cluster)
        self._keys.append(self._keys_of(cluster.location))
        self._day.append(_slot(cluster))
        for key in self._keys[n]:
            self._by_key[key].append(n)
            self._by_day[(key, self._day[n])].append(n)
        return n

    def take(self, n: int, p: Placed) -> None:
        """Cluster ``n`` takes a mention; its day may move."""
        cluster, old = self.all[n], self._day[n]
        cluster.add(p)
        if p.role != BACKGROUND and n not in self.of_article[p.mention.article]:
            self.of_article[p.mention.article].append(n)
        new = _slot(cluster)
        if new != old:
            for key in self._keys[n]:
                self._by_day[(key, old)].remove(n)
                self._by_day[(key, new)].append(n)
            self._day[n] = new

    def articles_with(self, tokens: frozenset[str], evidence: dict[str, frozenset[str]]) -> set[str]:
        """The articles in a cluster so far whose evidence shares one of ``tokens``."""
        if self._by_token is None or self._evidence is not evidence:
            self._evidence = evidence
            self._by_token = defaultdict(set)
            for article, found in evidence.items():
                for token in found:
                    self._by_token[token].add(article)
        return {a for t in tokens for a in self._by_token.get(t, ()) if a in self.of_article}

    def spellings_of(self, name: str) -> frozenset[str]:
        return self._spellings.get(name, frozenset((name,)))

    def has_country(self, country: str | None) -> bool:
        return bool(self._by_key.get(("country", country)))

    def candidates(self, location: Location, time: Span | None, timeless: bool = True) -> list[int]:
        """The clusters that could take a mention of ``location`` at ``time`` (by position); those
        with no time yet, near any time, only when ``timeless``."""
        r = rank(location)
        if r == 0:  # spellings no cluster is named by yet are under no index: they add nothing
            # its own incidents, and those of places it holds ("the desert of Deir ez-Zor")
            keys = [(kind, other) for other in self._spellings[location.name] for kind in ("name", "region")]
        else:
            keys = [("region" if r == 1 else "country", location.name)]
        if time is None or (time[1] - time[0]).days > 31:
            found = {n for k in keys for n in self._by_key.get(k, ()) if timeless or self._day[n] is not _TIMELESS}
            return sorted(found) if time is None else self._near(found, time)
        days = (None, *_days_near(time), _TIMELESS) if timeless else (None, *_days_near(time))
        return self._near({n for k in keys for d in days for n in self._by_day.get((k, d), ())}, time)

    def near_in_time(self, n: int, time: Span) -> bool:
        other = self.all[n].time()
        return other is None or near(other, time)

    def _near(self, found: set[int], time: Span) -> list[int]:
        """Those of ``found`` that are :meth:`near_in_time`, in order: the bounds of :func:`near`
        are worked out once, as a country's clusters of a week are many."""
        clusters, earliest, latest = self.all, time[0] - _SLACK, time[1] + _SLACK
        return sorted(n for n in found if (t := clusters[n].time()) is None or (t[0] <= latest and earliest <= t[1]))
