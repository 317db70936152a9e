"""Editors' corrections: a committed YAML file that fixes what the machine got wrong.

The file (``corrections.yml``, docs/corrections.md) is a list of entries, each
one kind of correction. Applied at every build, in the order written: alias
spellings before extraction (:func:`alias_additions`), everything else after
the incidents stage and before the registry stage (:func:`apply_corrections`),
so that a fix survives every rebuild and nobody edits code or generated pages.

Incidents are named by their published slug, as editors see it in the page
address. The incidents stage does not know those slugs (the registry stage
gives them out after corrections), so names are looked up through a preview of
the registry's pairing. A correction that matches nothing is never skipped in
silence: it comes back in :attr:`Corrected.unmatched` with the reason, and
``--strict`` makes it a failure. The file's layout is checked as it is read
(:mod:`generator.corrections_file`); a malformed entry is one error naming the
file and the entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..aliases import fold
from ..figures import bounds  # the one rule for a hedged value's low/high, shared with extraction
from ..models import Article, Claim, Incident
from .corrections_file import (
    Alias,
    ClaimSelector,
    Correction,
    Corrections,
    CorrectionsError,
    DropClaim,
    FixClaim,
    Merge,
    Rename,
    Split,
    load_corrections,
)
from .registry import Assignment, Registry

__all__ = [
    "Corrected",
    "Corrections",
    "CorrectionsError",
    "alias_additions",
    "apply_corrections",
    "load_corrections",
]

_SHOWN_CLAIMS = 8
"""How many of an article's claims a "matched nothing" message lists, to help pick the right one."""


@dataclass(frozen=True, slots=True)
class Corrected:
    """The incidents and claims after the editors' corrections, and what each correction did."""

    incidents: tuple[Incident, ...]
    claims: tuple[Claim, ...]
    pinned: dict[str, str] = field(default_factory=dict)
    """Incident id → the slug a correction fixed for it (a merge's survivor, a split's two parts)."""
    applied: tuple[str, ...] = ()
    """The label of every correction that was applied."""
    unmatched: tuple[str, ...] = ()
    """One line per correction that matched nothing: its label and why."""


def alias_additions(corrections: Corrections) -> dict[str, list[dict[str, Any]]]:
    """The alias corrections as additions to the alias table, in the layout of
    ``generator/data/aliases.yml`` (merged by canonical name, lists joined)."""
    organisations, places = [], []
    for c in corrections.entries:
        if isinstance(c, Alias) and c.organisation:
            organisations.append({"name": c.organisation, "aliases": [c.spelling]})
        elif isinstance(c, Alias) and c.place:
            places.append({"name": c.place, "aliases": [c.spelling], **({"country": c.country} if c.country else {})})
    return {"organisations": organisations, "places": places}


def apply_corrections(
    corrections: Corrections,
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    addresses: Assignment | None = None,
) -> Corrected:
    """Apply every incident and claim correction, in file order.

    ``addresses`` is the registry's pairing of these same incidents (before
    corrections): it tells which incident each published slug names now. Alias
    corrections acted before extraction; here they are only checked, so that
    one whose spelling no article uses is reported like any other.
    """
    state = _State(incidents, claims, articles, addresses)
    applied: list[str] = []
    unmatched: list[str] = []
    for c in corrections.entries:
        why = _APPLY[type(c)](state, c)
        if why:
            unmatched.append(f"{c.where}: {why}")
        else:
            applied.append(c.where)
    return Corrected(
        incidents=tuple(state.incidents.values()),
        claims=tuple(state.claims),
        pinned=dict(state.pinned),
        applied=tuple(applied),
        unmatched=tuple(unmatched),
    )


class _State:
    """The incidents and claims while corrections are applied, and the names that find them."""

    def __init__(
        self,
        incidents: Sequence[Incident],
        claims: Sequence[Claim],
        articles: Sequence[Article],
        addresses: Assignment | None,
    ) -> None:
        self.incidents: dict[str, Incident] = {i.id: i for i in incidents}
        self.claims: list[Claim] = list(claims)
        self.articles: dict[str, Article] = {a.id: a for a in articles}
        self.registry = addresses.registry if addresses else Registry()
        self.own: dict[str, str] = {i.id: (addresses.slug_of.get(i.id, i.id) if addresses else i.id) for i in incidents}
        """Incident id → its published slug."""
        self.names: dict[str, str] = {slug: i for i, slug in self.own.items()}
        """Published slug → incident id (a slug merged by a correction names the survivor)."""
        self.pinned: dict[str, str] = {}
        self.folded_texts: list[str] | None = None
        """The articles' texts, folded once for the alias checks."""

    def resolve(self, slug: str) -> tuple[str | None, str]:
        """The id of the incident ``slug`` names, or ``None`` and why it names none."""
        found = self.names.get(slug)
        if found in self.incidents:
            return found, ""
        record = self.registry.record(slug)
        if record and record.redirect_to:
            return None, f"{slug} no longer stands alone: its articles are in {record.redirect_to}; name that instead"
        if record and record.retired:
            return None, f"{slug} is retired: no incident of this build has its articles"
        return None, f"no incident has the address {slug}"

    def oldest_first(self, article_ids: Iterable[str]) -> tuple[str, ...]:
        """Article ids, oldest report first (the order of ``Incident.articles``)."""

        def key(article_id: str) -> tuple[dt.date, str]:
            article = self.articles.get(article_id)
            return (article.published if article and article.published else dt.date.max, article_id)

        return tuple(sorted(set(article_ids), key=key))

    def move_claims(self, to: str, *, sources: set[str], articles: set[str] | None = None) -> None:
        """Point the claims of incidents ``sources`` (only those of ``articles``, if given) at ``to``."""
        self.claims = [
            replace(c, incident=to) if c.incident in sources and (articles is None or c.article in articles) else c
            for c in self.claims
        ]


def _merge(state: _State, c: Merge) -> str:
    """The first incident named takes the others' articles and claims; their addresses redirect to it."""
    ids: list[str] = []
    for slug in c.slugs:
        found, why = state.resolve(slug)
        if found is None:
            return why
        ids.append(found)
    base_id, *other_ids = dict.fromkeys(ids)
    if not other_ids:
        return f"{', '.join(c.slugs)} are already one incident; remove this correction"
    group = [state.incidents[i] for i in (base_id, *other_ids)]
    state.incidents[base_id] = replace(
        group[0],
        articles=state.oldest_first(a for i in group for a in i.articles),
        actors=tuple(sorted({a for i in group for a in i.actors})),
        aliases=tuple(sorted({a for i in group for a in i.aliases}, key=fold)),
    )
    for other in other_ids:
        del state.incidents[other]
        state.pinned.pop(other, None)
    state.move_claims(base_id, sources=set(other_ids))
    state.names.update({slug: base_id for slug, i in state.names.items() if i in other_ids})
    state.pinned[base_id] = state.own[base_id]
    return ""


def _split(state: _State, c: Split) -> str:
    """Some articles of an incident, with their claims, become an incident of their own at ``c.slug``."""
    source_id, why = state.resolve(c.source)
    if source_id is None:
        return why
    source = state.incidents[source_id]
    missing = [a for a in c.articles if a not in source.articles]
    if missing:
        return f"{', '.join(missing)} not among the articles of {c.source} ({', '.join(source.articles)})"
    moved = set(c.articles)
    if set(source.articles) <= moved:
        return f"would move every article of {c.source}; use rename to change that incident instead"
    record = state.registry.record(c.slug)
    if c.slug in state.names or (record and not moved & set(record.articles)):
        return f"{c.slug} is, or was, the address of another incident; choose a slug never published"
    values = dict(c.fields)
    location = values.get("location", source.location)
    new_id = c.slug
    while new_id in state.incidents:  # an id only until the registry stage gives it c.slug
        new_id += "~"
    state.incidents[new_id] = Incident(
        id=new_id,
        title=values["title"],
        date=values.get("date", source.date),
        country=values.get("country", source.country),
        location=location,
        kind=values.get("kind", source.kind),
        actors=source.actors,
        articles=tuple(a for a in source.articles if a in moved),
        aliases=source.aliases if location == source.location else tuple(filter(None, [location])),
    )
    state.incidents[source_id] = replace(source, articles=tuple(a for a in source.articles if a not in moved))
    state.move_claims(new_id, sources={source_id}, articles=moved)
    state.names[c.slug], state.own[new_id] = new_id, c.slug
    state.pinned[source_id], state.pinned[new_id] = state.own[source_id], c.slug
    return ""


def _rename(state: _State, c: Rename) -> str:
    """Set an incident's title, date, place or kind; its address does not change."""
    found, why = state.resolve(c.slug)
    if found is None:
        return why
    incident = state.incidents[found]
    values = dict(c.fields)
    if values.get("location") and values["location"] not in incident.aliases:
        values["aliases"] = tuple(sorted({*incident.aliases, values["location"]}, key=fold))
    state.incidents[found] = replace(incident, **values)
    return ""


def _fix_claim(state: _State, c: FixClaim) -> str:
    """Set a claim's category, group, value, qualifier, claimant or incident."""
    found, why = _one_claim(state, c.claim)
    if found is None:
        return why
    claim = state.claims[found]
    values = dict(c.fields)
    if "incident" in values and values["incident"] is not None:
        target, why = state.resolve(values["incident"])
        if target is None:
            return f"incident: {why}"
        values["incident"] = target
        incident = state.incidents[target]
        if claim.article not in incident.articles:
            state.incidents[target] = replace(
                incident, articles=state.oldest_first((*incident.articles, claim.article))
            )
    fixed = replace(claim, **values)
    if ("value" in values or "qualifier" in values) and fixed.value is not None:
        low, high = bounds(fixed.value, fixed.qualifier)
        fixed = replace(fixed, low=low, high=high)
    state.claims[found] = fixed
    return ""


def _drop_claim(state: _State, c: DropClaim) -> str:
    """Remove a claim that is no figure about people, or a duplicate."""
    found, why = _one_claim(state, c.claim)
    if found is None:
        return why
    del state.claims[found]
    return ""


def _alias(state: _State, c: Alias) -> str:
    """An alias matches when an article writes the spelling (whole words, case and accents folded)."""
    if state.folded_texts is None:
        state.folded_texts = [f" {fold(a.text)} " for a in state.articles.values()]
    if any(f" {fold(c.spelling)} " in text for text in state.folded_texts):
        return ""
    return f"no article contains the spelling {c.spelling!r}"


def _one_claim(state: _State, selector: ClaimSelector) -> tuple[int | None, str]:
    """The position of the one claim ``selector`` finds, or ``None`` and why (none, or several)."""
    article = state.articles.get(selector.article)
    if article is None:
        return None, f"no article {selector.article} in this build"
    own = [(n, c) for n, c in enumerate(state.claims) if c.article == selector.article]
    found = [n for n, c in own if _matches(selector, c, article.text)]
    if len(found) == 1:
        return found[0], ""
    if found:
        anchors = ", ".join(state.claims[n].anchor for n in found)
        return (
            None,
            f"{len(found)} claims of {selector.article} match ({anchors}); add 'anchor:' or 'quote:' to pick one",
        )
    listed = "; ".join(
        f"{c.number_text or article.text[c.start : c.end]!r} {c.category} ({c.anchor})" for _, c in own[:_SHOWN_CLAIMS]
    )
    more = f" and {len(own) - _SHOWN_CLAIMS} more" if len(own) > _SHOWN_CLAIMS else ""
    return None, f"no claim of {selector.article} matches {selector.describe()}; its claims: {listed or 'none'}{more}"


def _matches(selector: ClaimSelector, claim: Claim, text: str) -> bool:
    """Whether ``claim`` is the one ``selector`` describes: every criterion given must hold.

    The figure compares as written, folded ("Nearly 40" meets "nearly 40"),
    against the claim's figure with its hedge or the number alone.
    """
    if selector.anchor is not None and claim.anchor != selector.anchor:
        return False
    if selector.figure is not None and fold(selector.figure) not in {
        fold(claim.number_text),
        fold(text[claim.start : claim.end]),
    }:
        return False
    if selector.value is not None and claim.value != selector.value:
        return False
    if selector.category is not None and claim.category != selector.category:
        return False
    return selector.quote is None or fold(selector.quote) in fold(claim.quote)


_APPLY: dict[type[Correction], Any] = {
    Merge: _merge,
    Split: _split,
    Rename: _rename,
    FixClaim: _fix_claim,
    DropClaim: _drop_claim,
    Alias: _alias,
}
