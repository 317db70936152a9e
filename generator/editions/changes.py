"""What changed since the previous build: new incidents, revised tolls.

A reader who opens the site every morning wants to know what is new without
comparing pages. Each build keeps a small snapshot of its incidents and key
figures (``changes_file`` stores it beside the extraction cache); this module
compares two snapshots. Pure data in, a :class:`Changes` record out.

A build whose snapshot equals the last one keeps comparing against the one
before, so rebuilding the same articles twice shows the same changes (and the
same bytes) rather than "nothing changed".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..models import CATEGORIES, GROUPS, Briefing

Snapshot = dict[str, Any]
"""``{"incidents": {id: {"title", "date", "articles", "figures": {"killed/civilians": [low, best, high]}}}}``."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One key figure whose range or best estimate moved between builds."""

    incident: str
    category: str
    group: str
    before: tuple[int | None, int | None, int | None]
    """``(low, best, high)`` in the previous build; all ``None`` when the count is new."""
    after: tuple[int | None, int | None, int | None]


@dataclass(frozen=True, slots=True)
class Changes:
    """The difference between the previous build and this one."""

    first_build: bool
    """No earlier build is known: everything is new, and the home page says so."""
    new_incidents: tuple[str, ...] = ()
    revisions: tuple[Revision, ...] = ()
    new_reports: tuple[tuple[str, int], ...] = ()
    """``(incident, how many articles it gained)`` for incidents that were there before."""
    gone_incidents: tuple[str, ...] = ()
    """Ids the previous build had and this one does not (merged, renamed or dropped)."""
    new_articles: tuple[str, ...] = ()
    changed_articles: tuple[str, ...] = ()
    """Articles whose text or date differs from the previous build's."""

    @property
    def nothing(self) -> bool:
        return not (self.first_build or self.new_incidents or self.revisions or self.new_reports or self.gone_incidents)

    @property
    def articles_touched(self) -> int:
        return len(self.new_articles) + len(self.changed_articles)


def snapshot_of(briefing: Briefing) -> Snapshot:
    """The few facts of a build that later builds are compared with (plain JSON data)."""
    incidents: dict[str, Any] = {}
    for incident in sorted(briefing.incidents, key=lambda i: i.id):
        incidents[incident.id] = {
            "title": incident.title,
            "date": incident.date.isoformat() if incident.date else None,
            "articles": sorted(incident.articles),
            "figures": {},
        }
    for figure in briefing.key_figures:
        if figure.incident in incidents:
            key = f"{figure.category}/{figure.group}"
            incidents[figure.incident]["figures"][key] = [figure.low, figure.best, figure.high]
    for entry in incidents.values():
        entry["figures"] = dict(sorted(entry["figures"].items()))
    articles = {
        a.id: hashlib.sha256(f"{a.published}\n{a.text}".encode()).hexdigest()[:16]
        for a in sorted(briefing.articles, key=lambda a: a.id)
    }
    return {"incidents": incidents, "articles": articles}


def compare(previous: Snapshot | None, current: Snapshot) -> Changes:
    """What ``current`` adds to or revises in ``previous`` (``None``: no earlier build)."""
    if previous is None:
        return Changes(
            first_build=True,
            new_incidents=tuple(sorted(current["incidents"])),
            new_articles=tuple(sorted(current.get("articles", {}))),
        )
    old_articles: Mapping[str, str] = previous.get("articles", {})
    new_articles: Mapping[str, str] = current.get("articles", {})
    before: Mapping[str, Any] = previous.get("incidents", {})
    after: Mapping[str, Any] = current["incidents"]
    revisions: list[Revision] = []
    new_reports: list[tuple[str, int]] = []
    for incident_id in sorted(set(after) & set(before)):
        old, new = before[incident_id], after[incident_id]
        gained = len(set(new["articles"]) - set(old.get("articles", ())))
        if gained:
            new_reports.append((incident_id, gained))
        old_figures = old.get("figures", {})
        for key, values in sorted(new["figures"].items(), key=lambda item: _figure_key(item[0])):
            was = tuple(old_figures.get(key, (None, None, None)))
            if was != tuple(values):
                category, _, group = key.partition("/")
                revisions.append(Revision(incident_id, category, group, was, tuple(values)))  # type: ignore[arg-type]
    return Changes(
        first_build=False,
        new_incidents=tuple(sorted(set(after) - set(before))),
        revisions=tuple(revisions),
        new_reports=tuple(new_reports),
        gone_incidents=tuple(sorted(set(before) - set(after))),
        new_articles=tuple(sorted(set(new_articles) - set(old_articles))),
        changed_articles=tuple(
            sorted(a for a in new_articles if a in old_articles and old_articles[a] != new_articles[a])
        ),
    )


def _figure_key(key: str) -> tuple[int, int, str]:
    """Killed before injured before the rest, as on the pages."""
    category, _, group = key.partition("/")
    rank = CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)
    return (rank, GROUPS.index(group) if group in GROUPS else len(GROUPS), key)


def advance(history: Mapping[str, Any] | None, current: Snapshot) -> tuple[dict[str, Any], Snapshot | None]:
    """The build history after this build, and the snapshot this build is compared with.

    ``history`` is ``{"current": snapshot, "previous": snapshot | None}`` as the last
    build left it. A build equal to the last one compares with the one before it.
    """
    history = history or {}
    last = history.get("current")
    previous = history.get("previous") if last == current else last
    return {"current": current, "previous": previous}, previous
