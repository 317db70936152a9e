"""Stable incident addresses: every slug the site has ever published, and where it leads now.

Readers cite incident pages (``incidents/<slug>/``) in their reports, but the
incidents stage names incidents afresh at every build from their date, place
and kind, so a later article that moves the date, or joins two events, would
move the page. This stage runs after the incidents stage and the editors'
corrections, and before reconcile: it matches each incident to the incidents
recorded in the project's registry file (``incidents.yml``) and gives it the
recorded slug. An incident matches a record when they share articles (the
one-to-one pairing that shares the most articles wins); one that shares none
matches a record whose articles are all gone, at the same place within three
days. Every other incident gets the slug the incidents stage proposed, made
unique against every slug ever recorded, so an old address never names a new
incident.

A record that no incident matches is never dropped: its address redirects to
the incident that now has its articles (a merge), or, when none has, to the
home page (``retired``). The file itself, and the page map it gives the
``mkdocs-redirects`` plugin, are :mod:`generator.registry_file`'s business.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..aliases import fold
from ..models import Claim, Incident

DAYS_APART = 3
"""How far apart two dates may be for an incident with no shared article to keep a record's slug."""
_LIKENESS_MAX = 7
"""The most :func:`_likeness` gives."""
_EXACT_LIMIT = 150
"""Largest group of incidents linked by shared articles that is paired exactly;
larger groups (only roundup-heavy corpora make them) are paired greedily."""


@dataclass(frozen=True, slots=True)
class Record:
    """One published slug and what identified its incident when it was last seen."""

    slug: str
    date: dt.date | None = None
    country: str | None = None
    location: str | None = None
    kind: str = ""
    articles: tuple[str, ...] = ()
    """The article ids it had, sorted; kept as they were when the slug last stood alone."""
    redirect_to: str | None = None
    """The live slug that took its articles; set when it no longer stands alone."""
    retired: bool = False
    """True when no incident has its articles: the address leads to the home page."""

    @property
    def live(self) -> bool:
        """Whether an incident of the latest build has this slug."""
        return self.redirect_to is None and not self.retired


@dataclass(frozen=True, slots=True)
class Registry:
    """Every recorded slug, sorted."""

    records: tuple[Record, ...] = ()
    _by_slug: dict[str, Record] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "records", tuple(sorted(self.records, key=lambda r: r.slug)))
        object.__setattr__(self, "_by_slug", {r.slug: r for r in self.records})

    def record(self, slug: str) -> Record | None:
        """The record of ``slug``, if it was ever published."""
        return self._by_slug.get(slug)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The build's incidents under their stable slugs, and the registry to write back."""

    incidents: tuple[Incident, ...]
    claims: tuple[Claim, ...]
    """The claims, their ``incident`` rewritten to the stable slugs."""
    registry: Registry
    messages: tuple[str, ...] = ()
    """What changed, one line each: new incidents, merges, retirements, moved dates."""
    slug_of: dict[str, str] = field(default_factory=dict)
    """The slug each incident got, by the id it came in with."""


# --- matching ------------------------------------------------------------------


def assign_slugs(
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    registry: Registry,
    *,
    pinned: Mapping[str, str] | None = None,
) -> Assignment:
    """Give each incident its recorded slug, or a new one, and record what became of the rest.

    ``pinned`` maps incident ids to the slug an editor's correction fixed for
    them (a split's new slug, a merge's survivor): those are taken as they are.
    """
    slug_of: dict[str, str] = {}
    taken: set[str] = set()
    for incident in incidents:
        slug = (pinned or {}).get(incident.id)
        if slug and slug not in taken:
            slug_of[incident.id] = slug
            taken.add(slug)
    free = [r for r in registry.records if r.slug not in taken]
    for incident_id, slug in _pair_by_articles([i for i in incidents if i.id not in slug_of], free).items():
        slug_of[incident_id] = slug
        taken.add(slug)
    by_place = _pair_by_place(incidents, registry, slug_of, taken)
    slug_of.update(by_place)
    taken.update(by_place.values())
    used = {r.slug for r in registry.records} | taken
    new: dict[str, str] = {}
    for incident in sorted((i for i in incidents if i.id not in slug_of), key=lambda i: i.id):
        slug_of[incident.id] = new[incident.id] = _unique(incident.id, used)
        used.add(slug_of[incident.id])
    records, messages = _update(incidents, registry, slug_of, new, set(by_place.values()))
    # Most incidents keep the id they were built with: copy only the records that change.
    renamed = tuple(i if slug_of[i.id] == i.id else replace(i, id=slug_of[i.id]) for i in incidents)
    moved = tuple(
        replace(c, incident=slug_of[c.incident]) if c.incident in slug_of and slug_of[c.incident] != c.incident else c
        for c in claims
    )
    return Assignment(renamed, moved, Registry(records), tuple(messages), slug_of)


def _pair_by_articles(incidents: Sequence[Incident], records: Sequence[Record]) -> dict[str, str]:
    """The one-to-one pairing of incidents and records that shares the most articles.

    Ties go to the older slug (slugs begin with the date, so the one that sorts
    first: a merge keeps the older address), then to the record most like the
    incident (two incidents that the same roundup articles report must not swap
    addresses), then to the incident with more articles.
    """
    holders: dict[str, list[int]] = defaultdict(list)
    for r, record in enumerate(records):
        for article in set(record.articles):
            holders[article].append(r)
    shared: Counter[tuple[int, int]] = Counter()
    for i, incident in enumerate(incidents):
        for article in set(incident.articles):
            for r in holders.get(article, ()):
                shared[(i, r)] += 1
    # Pair each group of incidents and records linked by shared articles on its own: groups are small.
    parent = list(range(len(incidents) + len(records)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, r in shared:
        parent[root(i)] = root(len(incidents) + r)
    groups: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for i, r in shared:
        groups[root(i)][0].add(i)
        groups[root(i)][1].add(r)
    pairs: dict[str, str] = {}
    for rows, cols in groups.values():
        row_order = sorted(rows, key=lambda i: (-len(set(incidents[i].articles)), incidents[i].id))
        col_order = sorted(cols, key=lambda r: records[r].slug)  # oldest slug first
        if len(rows) + len(cols) > _EXACT_LIMIT:
            pairs.update(_greedy_pairing(incidents, records, shared, rows, row_order, col_order))
            continue
        weights = _weights(
            [[shared.get((i, r), 0) for r in col_order] for i in row_order],
            [[_likeness(incidents[i], records[r]) for r in col_order] for i in row_order],
        )
        for row, col in _best_pairing(weights).items():
            if shared.get((row_order[row], col_order[col])):
                pairs[incidents[row_order[row]].id] = records[col_order[col]].slug
    return pairs


def _greedy_pairing(
    incidents: Sequence[Incident],
    records: Sequence[Record],
    shared: Counter[tuple[int, int]],
    rows: set[int],
    row_order: list[int],
    col_order: list[int],
) -> dict[str, str]:
    """A large group (roundups linking hundreds of incidents) paired greedily, in the order
    :func:`_weights` gives, looking only at the pairs that share an article."""
    row_rank = {i: n for n, i in enumerate(row_order)}
    col_rank = {r: n for n, r in enumerate(col_order)}
    cells = sorted(
        (-count, col_rank[r], -_likeness(incidents[i], records[r]), row_rank[i], i, r)
        for (i, r), count in shared.items()
        if i in rows
    )
    pairs: dict[str, str] = {}
    taken: set[int] = set()
    for *_, i, r in cells:
        if incidents[i].id not in pairs and r not in taken:
            pairs[incidents[i].id] = records[r].slug
            taken.add(r)
    return pairs


def _weights(shared: list[list[int]], likeness: list[list[int]]) -> list[list[int]]:
    """One number per pair that orders pairings as :func:`_pair_by_articles` says:
    the articles shared, then the older slugs (earlier columns), then likeness,
    then the preferred incidents (earlier rows). Each scale exceeds the most
    that everything after it can add up to over a pairing."""
    n, m = len(shared), len(shared[0])
    k = min(n, m)
    like_scale = k * n + 1
    slug_scale = (k * _LIKENESS_MAX + 1) * like_scale
    count_scale = (k * m + 1) * slug_scale
    return [
        [
            s * count_scale + (m - c) * slug_scale + likeness[r][c] * like_scale + (n - r) if s else 0
            for c, s in enumerate(line)
        ]
        for r, line in enumerate(shared)
    ]


def _likeness(incident: Incident, record: Record) -> int:
    """How much a record looks like an incident: the same place counts most, then kind, then date."""
    days = _days_apart(incident.date, record.date)
    return (
        4 * (fold(incident.location or "") == fold(record.location or ""))
        + 2 * (incident.kind == record.kind)
        + (days is not None and days <= DAYS_APART)
    )


def _best_pairing(weights: list[list[int]]) -> dict[int, int]:
    """Row → column of a one-to-one pairing with the largest total weight (the
    Hungarian method), or a greedy one for a very large group."""
    n, m = len(weights), len(weights[0])
    if n == 1 or m == 1 or n + m > _EXACT_LIMIT:
        cells = sorted(((-w, r, c) for r, line in enumerate(weights) for c, w in enumerate(line) if w))
        pairs: dict[int, int] = {}
        for _, r, c in cells:
            if r not in pairs and c not in pairs.values():
                pairs[r] = c
        return pairs
    if n > m:
        return {r: c for c, r in _best_pairing([list(col) for col in zip(*weights, strict=True)]).items()}
    # Minimise the negated weights; rows and columns are 1-based, column 0 is the start.
    u, v, owner, way = [0] * (n + 1), [0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        least = [float("inf")] * (m + 1)
        used = [False] * (m + 1)
        while owner[col]:
            used[col] = True
            r, delta, nxt = owner[col], float("inf"), 0
            for c in range(1, m + 1):
                if not used[c]:
                    cost = -weights[r - 1][c - 1] - u[r] - v[c]
                    if cost < least[c]:
                        least[c], way[c] = cost, col
                    if least[c] < delta:
                        delta, nxt = least[c], c
            for c in range(m + 1):
                if used[c]:
                    u[owner[c]] += delta
                    v[c] -= delta
                else:
                    least[c] -= delta
            col = nxt
        while col:
            previous = way[col]
            owner[col] = owner[previous]
            col = previous
    return {owner[c] - 1: c - 1 for c in range(1, m + 1) if owner[c]}


def _pair_by_place(
    incidents: Sequence[Incident], registry: Registry, slug_of: Mapping[str, str], taken: set[str]
) -> dict[str, str]:
    """Incidents that share no article with any record, paired with a record whose
    articles are all gone at the same place, the nearest date within three days."""
    current = {a for i in incidents for a in i.articles}
    recorded = {a for r in registry.records for a in r.articles}
    vanished = [
        r
        for r in registry.records
        if r.slug not in taken and r.redirect_to is None and r.date and r.location and not current & set(r.articles)
    ]
    pairs: dict[str, str] = {}
    for incident in sorted(incidents, key=lambda i: (i.date or dt.date.max, i.id)):
        if incident.id in slug_of or recorded & set(incident.articles):
            continue
        near = [
            (days, r.slug)
            for r in vanished
            if r.slug not in pairs.values()
            and fold(r.location or "") == fold(incident.location or "")
            and (days := _days_apart(r.date, incident.date)) is not None
            and days <= DAYS_APART
        ]
        if near:
            pairs[incident.id] = min(near)[1]
    return pairs


def _days_apart(a: dt.date | None, b: dt.date | None) -> int | None:
    """Days between two dates; ``None`` when either is unknown (an undated incident matches by articles only)."""
    return abs((a - b).days) if a and b else None


def _unique(slug: str, used: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``…: never a slug that was ever published."""
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# --- what became of each record ----------------------------------------------------


def _update(
    incidents: Sequence[Incident],
    registry: Registry,
    slug_of: Mapping[str, str],
    new: Mapping[str, str],
    by_place: set[str],
) -> tuple[list[Record], list[str]]:
    """The records after this build, and a message for everything that changed."""
    live: dict[str, Record] = {}
    messages: list[str] = []
    for incident in incidents:
        slug = slug_of[incident.id]
        record = Record(
            slug,
            incident.date,
            incident.country,
            incident.location,
            incident.kind,
            tuple(sorted(set(incident.articles))),
        )
        live[slug] = record
        before = registry.record(slug)
        if incident.id in new:
            taken = f" ({incident.id} was already the address of an earlier incident)" if slug != incident.id else ""
            messages.append(f"new incident {slug}{taken}")
        elif before is None:
            messages.append(f"new incident {slug}")
        elif not before.live:
            messages.append(f"restored {slug}: an incident has its articles again, so the address shows it again")
        else:
            changes = [
                f"{name} {old or 'unknown'} → {now or 'unknown'}"
                for name, old, now in (
                    ("date", before.date, record.date),
                    ("place", before.location, record.location),
                    ("country", before.country, record.country),
                    ("kind", before.kind, record.kind),
                )
                if old != now
            ]
            if slug in by_place:
                changes.append("no article in common, same place and date")
            if changes:
                messages.append(f"{slug} keeps its address: {', '.join(changes)}")
    holders: dict[str, list[str]] = defaultdict(list)
    for slug, record in live.items():
        for article in record.articles:
            holders[article].append(slug)
    ended: dict[str, str | None] = {}

    def successor(record: Record, seen: frozenset[str]) -> str | None:
        """The live slug that has most of its articles, else where its redirect leads now."""
        if record.slug in ended:
            return ended[record.slug]
        counts = Counter(s for a in record.articles for s in holders.get(a, ()))
        if counts:
            return min(counts, key=lambda s: (-counts[s], s))
        target = registry.record(record.redirect_to) if record.redirect_to else None
        if target is None or target.slug in seen:
            return None
        return target.slug if target.slug in live else successor(target, seen | {record.slug})

    for record in registry.records:
        if record.slug in live:
            continue
        target = ended[record.slug] = successor(record, frozenset({record.slug}))
        if target == record.redirect_to and record.retired == (target is None):
            continue
        if target is None:
            gone = ", ".join(record.articles) or "none"
            messages.append(
                f"retired {record.slug}: no incident has its articles any more ({gone}); "
                "the old address now leads to the home page"
            )
        elif record.live:
            messages.append(f"merged {record.slug} into {target}: the old address redirects")
        else:
            messages.append(f"{record.slug} now redirects to {target}, which has its articles")
    kept = [
        replace(r, redirect_to=ended[r.slug], retired=ended[r.slug] is None)
        for r in registry.records
        if r.slug in ended
    ]
    return [*live.values(), *kept], sorted(messages, key=_message_order)


def _message_order(message: str) -> tuple[int, str]:
    """New incidents first, then merges, retirements and the rest, each alphabetically."""
    for n, start in enumerate(("new incident", "merged", "retired", "restored")):
        if message.startswith(start):
            return n, message
    return 4, message
