"""The corrections file (``corrections.yml``): its layout, read and checked.

Editors write this file by hand, so every entry is checked as it is read and a
mistake stops the build with one line naming the file, the entry and what to
write instead, before any article is parsed. The layout, with an example of
each kind, is on docs/corrections.md::

    corrections:
      - merge: [2022-01-20-al-hasakah-prison-attack, 2022-01-21-ghwayran-prison-attack]
      - rename: 2022-01-20-diyala-attack
        title: Attack on an army post in al-Azim
      - fix_claim: {article: 001_d80ad92ade5504ac, figure: Nearly 40}
        set: {group: civilians}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..models import CATEGORIES, GROUPS, QUALIFIERS

KINDS = ("merge", "split", "rename", "fix_claim", "drop_claim", "alias")
_INCIDENT_FIELDS = ("title", "date", "location", "country", "kind")
_CLAIM_FIELDS = ("category", "group", "value", "qualifier", "claimant", "incident")
_SELECTOR_KEYS = ("article", "anchor", "figure", "value", "category", "quote")
_KEYS = {
    "merge": {"merge"},
    "split": {"split", "articles", "slug", *_INCIDENT_FIELDS},
    "rename": {"rename", *_INCIDENT_FIELDS},
    "fix_claim": {"fix_claim", "set"},
    "drop_claim": {"drop_claim"},
    "alias": {"alias", "organisation", "place", "country"},
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ANCHOR = re.compile(r"(?:claim-)?([0-9]+)")


def _load_yaml(text: str) -> object:
    """YAML through libyaml when PyYAML has it (a year's registry is thousands of lines)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class CorrectionsError(ValueError):
    """The corrections file cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True, slots=True)
class ClaimSelector:
    """How an editor points at one claim: its article, and its figure, value or anchor."""

    article: str
    anchor: str | None = None
    """The claim's id on its article page, ``claim-1234`` (the link to it ends in ``#claim-1234``)."""
    figure: str | None = None
    """The figure as written, with its hedge or without ("Nearly 40", "40")."""
    value: int | None = None
    category: str | None = None
    quote: str | None = None
    """Words of the claim's sentence, to tell apart two claims with the same figure."""

    def describe(self) -> str:
        """The criteria in words, for messages."""
        given = {k: getattr(self, k) for k in _SELECTOR_KEYS[1:] if getattr(self, k) is not None}
        return ", ".join(f"{k} {v!r}" for k, v in given.items())


@dataclass(frozen=True, slots=True)
class Merge:
    """Incidents that are one event. The first named keeps its address; the others redirect to it."""

    where: str
    """The entry, for messages: ``corrections.yml entry 3 (merge …)``."""
    slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Split:
    """Articles of an incident (with their claims) that report another event, which gets ``slug``."""

    where: str
    source: str
    articles: tuple[str, ...]
    slug: str
    fields: tuple[tuple[str, Any], ...]
    """The new incident's title, and any of its date, location, country, kind (else the source's)."""


@dataclass(frozen=True, slots=True)
class Rename:
    """New title, date, location, country or kind for an incident; its address stays."""

    where: str
    slug: str
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class FixClaim:
    """New values for one claim's category, group, value, qualifier, claimant or incident."""

    where: str
    claim: ClaimSelector
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class DropClaim:
    """A claim that is not a figure about people (or is one twice)."""

    where: str
    claim: ClaimSelector


@dataclass(frozen=True, slots=True)
class Alias:
    """Another spelling of an organisation or a place, added to the alias table before extraction."""

    where: str
    spelling: str
    organisation: str | None = None
    place: str | None = None
    country: str | None = None
    """For a place the table does not know yet: its country."""


Correction = Merge | Split | Rename | FixClaim | DropClaim | Alias


@dataclass(frozen=True, slots=True)
class Corrections:
    """Every entry of a corrections file, in the order written."""

    path: str
    entries: tuple[Correction, ...] = ()


def load_corrections(path: Path) -> Corrections:
    """The corrections in ``path``; none when the project has no such file."""
    shown = _shown(path)
    if not path.is_file():
        return Corrections(shown)
    try:
        data = _load_yaml(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise CorrectionsError(f"{shown}: not valid YAML at line {line}: {exc.problem}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorrectionsError(f"{shown}: cannot be read as YAML ({exc.__class__.__name__})") from exc
    if data is None:
        return Corrections(shown)
    if not isinstance(data, dict) or set(data) != {"corrections"} or not isinstance(data["corrections"] or [], list):
        raise CorrectionsError(
            f"{shown}: must hold one key, 'corrections:', with a list of entries (docs/corrections.md)"
        )
    return Corrections(shown, tuple(_Entry(shown, n, e).parse() for n, e in enumerate(data["corrections"] or [], 1)))


def _shown(path: Path) -> str:
    """The path as the user knows it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Entry:
    """One entry of the file while it is checked; every mistake names the file and the entry."""

    def __init__(self, source: str, number: int, data: object) -> None:
        self.source, self.number, self.data, self.kind = source, number, data, ""

    def fail(self, what: str) -> CorrectionsError:
        kind = f" ({self.kind})" if self.kind else ""
        return CorrectionsError(f"{self.source}: entry {self.number}{kind}: {what} (see docs/corrections.md)")

    def parse(self) -> Correction:
        if not isinstance(self.data, dict):
            raise self.fail(f"must be a mapping with one of the keys {', '.join(KINDS)}")
        kinds = [k for k in KINDS if k in self.data]
        if len(kinds) != 1:
            raise self.fail(f"needs exactly one of the keys {', '.join(KINDS)}, not {', '.join(kinds) or 'none'}")
        self.kind = kinds[0]
        unknown = sorted(map(str, set(self.data) - _KEYS[self.kind] - {"why"}))
        if unknown:
            raise self.fail(
                f"unknown key(s) {', '.join(unknown)}; a {self.kind} takes {', '.join(sorted(_KEYS[self.kind]))}"
            )
        return getattr(self, f"_{self.kind}")(self.data)

    def where(self, target: str) -> str:
        return f"{self.source} entry {self.number} ({self.kind} {target})"

    def text(self, value: object, key: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be text, not {value!r}")
        return value.strip()

    def slug(self, value: object, key: str) -> str:
        slug = self.text(value, key)
        if not _SLUG.fullmatch(slug):
            raise self.fail(f"'{key}' must be an incident slug (lower-case letters, digits and '-'), not {slug!r}")
        return slug

    def incident_fields(self, data: dict) -> tuple[tuple[str, Any], ...]:
        values: list[tuple[str, Any]] = []
        for key in _INCIDENT_FIELDS:
            if key not in data:
                continue
            value = data[key]
            if key == "date":
                value = self.date(value)
            elif value is not None or key in ("title", "kind"):
                value = self.text(value, key)
            values.append((key, value))
        return tuple(values)

    def date(self, value: object) -> dt.date | None:
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(f"'date' must be a day written YYYY-MM-DD, or null, not {value!r}") from None

    def _merge(self, data: dict) -> Merge:
        slugs = data["merge"]
        if not isinstance(slugs, list) or len(slugs) < 2:
            raise self.fail("'merge' must list two or more incident slugs, the one that keeps its address first")
        named = tuple(self.slug(s, "merge") for s in slugs)
        if len(set(named)) < len(named):
            raise self.fail("'merge' names the same incident twice")
        return Merge(self.where(" + ".join(named)), named)

    def _split(self, data: dict) -> Split:
        source, slug = self.slug(data["split"], "split"), self.slug(data.get("slug"), "slug")
        articles = data.get("articles")
        if not isinstance(articles, list) or not articles or not all(isinstance(a, str) for a in articles):
            raise self.fail("'articles' must list the ids of the articles to move, each in quotes")
        if slug == source:
            raise self.fail("'slug' must be a new address, not the incident's own")
        fields = self.incident_fields(data)
        if "title" not in dict(fields):
            raise self.fail("'title' is required: the new incident's title")
        moved = tuple(dict.fromkeys(a.strip() for a in articles))
        return Split(self.where(f"{source} → {slug}"), source, moved, slug, fields)

    def _rename(self, data: dict) -> Rename:
        slug = self.slug(data["rename"], "rename")
        fields = self.incident_fields(data)
        if not fields:
            raise self.fail(f"give at least one of {', '.join(_INCIDENT_FIELDS)}")
        return Rename(self.where(slug), slug, fields)

    def selector(self, value: object, key: str) -> ClaimSelector:
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a mapping: article, and figure, value + category, or anchor")
        unknown = sorted(map(str, set(value) - set(_SELECTOR_KEYS)))
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)} in '{key}'; known: {', '.join(_SELECTOR_KEYS)}")
        if not isinstance(value.get("article"), str):
            raise self.fail(f"'{key}' needs 'article': the article id, in quotes")
        anchor = value.get("anchor")
        if anchor is not None:
            found = _ANCHOR.fullmatch(str(anchor).strip())
            if not found:
                raise self.fail(f"'anchor' must be a claim anchor like claim-1234, not {anchor!r}")
            anchor = f"claim-{int(found.group(1))}"
        number = value.get("value")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            raise self.fail(f"'value' must be a whole number, not {number!r}")
        category = self.vocabulary(value.get("category"), "category", CATEGORIES, optional=True)
        if anchor is None and value.get("figure") is None and (number is None or category is None):
            raise self.fail(f"'{key}' needs 'figure', 'value' with 'category', or 'anchor' to find the claim")
        return ClaimSelector(
            article=self.text(value["article"], "article"),
            anchor=anchor,
            figure=None if value.get("figure") is None else self.text(value["figure"], "figure"),
            value=number,
            category=category,
            quote=None if value.get("quote") is None else self.text(value["quote"], "quote"),
        )

    def vocabulary(self, value: object, key: str, words: tuple[str, ...], optional: bool = False) -> Any:
        if value is None and optional:
            return None
        if value not in words:
            raise self.fail(f"'{key}' must be one of {', '.join(words)}, not {value!r}")
        return value

    def _fix_claim(self, data: dict) -> FixClaim:
        selector = self.selector(data["fix_claim"], "fix_claim")
        changes = data.get("set")
        if not isinstance(changes, dict) or not changes:
            raise self.fail(f"'set' must map one or more of {', '.join(_CLAIM_FIELDS)} to new values")
        unknown = sorted(map(str, set(changes) - set(_CLAIM_FIELDS)))
        if unknown:
            raise self.fail(f"'set' cannot change {', '.join(unknown)}; it sets {', '.join(_CLAIM_FIELDS)}")
        values: list[tuple[str, Any]] = []
        for key, words in (("category", CATEGORIES), ("group", GROUPS), ("qualifier", QUALIFIERS)):
            if key in changes:
                values.append((key, self.vocabulary(changes[key], key, words)))
        if "value" in changes:
            number = changes["value"]
            if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 0):
                raise self.fail(f"'value' must be a whole number, or null for a vague amount, not {number!r}")
            values.append(("value", number))
        if "claimant" in changes:
            claimant = changes["claimant"]
            values.append(("claimant", None if claimant is None else self.text(claimant, "claimant")))
        if "incident" in changes:
            incident = changes["incident"]
            values.append(("incident", None if incident is None else self.slug(incident, "incident")))
        return FixClaim(self.where(f"{selector.article}: {selector.describe()}"), selector, tuple(values))

    def _drop_claim(self, data: dict) -> DropClaim:
        selector = self.selector(data["drop_claim"], "drop_claim")
        return DropClaim(self.where(f"{selector.article}: {selector.describe()}"), selector)

    def _alias(self, data: dict) -> Alias:
        spelling = self.text(data["alias"], "alias")
        if ("organisation" in data) == ("place" in data):
            raise self.fail("give either 'organisation' or 'place': the canonical name the spelling stands for")
        if "country" in data and "place" not in data:
            raise self.fail("'country' goes with 'place' only")
        organisation = self.text(data["organisation"], "organisation") if "organisation" in data else None
        place = self.text(data["place"], "place") if "place" in data else None
        country = self.text(data["country"], "country") if data.get("country") is not None else None
        return Alias(self.where(f"{spelling!r} → {organisation or place}"), spelling, organisation, place, country)
