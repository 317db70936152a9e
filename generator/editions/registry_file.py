"""The registry file (``incidents.yml``): the committed record of every incident address.

The stage that decides what each slug means is :mod:`generator.registry`; this
module reads and writes its file, byte-stable (records sorted by slug, fixed
key order, no timestamps) so that a rebuild of the same articles leaves the
file untouched and a diff shows only real changes. It also turns the file into
the ``redirect_maps`` the ``mkdocs-redirects`` plugin needs, so that redirects
come from the registry at every build and nobody maintains them by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from ..safe_files import read_regular, write_atomically
from .addresses import page_path_of_incident
from .registry import Record, Registry
from .registry_cache import cached_registry, registry_key, store_registry

HOME_PAGE = "index.md"
"""Where a retired address leads."""
HEADER = """\
# Every incident address this site has published (incidents/<slug>/), with what
# identifies each incident: its date, place, kind and articles.
#
# Updated by `briefings build` and `briefings generate`; commit it with the
# project, or published links break. An incident keeps its slug while it shares
# articles with the one recorded here. A slug that no longer stands alone keeps
# working: `redirect_to` sends it to the incident that took its articles, and a
# `retired` one (its articles are gone) to the home page. To change incidents,
# use corrections.yml (docs/corrections.md), not this file.
"""
_FIELDS = ("date", "country", "location", "kind", "articles", "redirect_to", "retired")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML through libyaml when PyYAML has it (a year's registry is thousands of lines),
    refusing a key given twice in one mapping: YAML would keep the last silently, and a slug
    recorded twice would move its incident to another address."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        lines: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, Hashable) and key in lines:
                raise _DuplicateKey(key, lines[key], line)
            if isinstance(key, Hashable):
                lines[key] = line
        return super().construct_mapping(node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key: object, first: int, again: int) -> None:
        super().__init__(key, first, again)
        self.key, self.first, self.again = key, first, again


def _load_yaml(text: str) -> object:
    return yaml.load(text, Loader=_Loader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every value out: no ``&id001`` anchors and ``*id001`` aliases for values two
    records share (a date), which an editor changing one of them would change in both."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class RegistryError(ValueError):
    """The registry file cannot be used; the message names the file, the entry and the fix."""


def redirect_maps(registry: Registry) -> dict[str, str]:
    """The ``redirect_maps`` of mkdocs-redirects: each old page to the page it now leads to."""
    return {
        page_path_of_incident(r.slug): page_path_of_incident(r.redirect_to) if r.redirect_to else HOME_PAGE
        for r in registry.records
        if not r.live
    }


def dump_registry(registry: Registry) -> str:
    """The registry file's text: the header, then the records sorted by slug (byte-stable)."""
    entries: dict[str, dict[str, Any]] = {}
    for r in registry.records:
        entry: dict[str, Any] = {
            "date": r.date,
            "country": r.country,
            "location": r.location,
            "kind": r.kind,
            "articles": list(r.articles),
        }
        if r.redirect_to:
            entry["redirect_to"] = r.redirect_to
        if r.retired:
            entry["retired"] = True
        entries[r.slug] = entry
    body = yaml.dump({"incidents": entries}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return HEADER + body


def write_registry(registry: Registry, path: Path, cache_dir: Path | None = None) -> bool:
    """Write the registry file unless it already holds these bytes; True when written. With a
    ``cache_dir``, the next build reads the records from there (:mod:`.registry_cache`)."""
    text = dump_registry(registry).encode("utf-8")
    if cache_dir is not None:
        store_registry(cache_dir, registry_key(text), registry)
    if path.is_file() and read_regular(path) == text:
        return False
    write_atomically(path, text)
    return True


def load_registry(path: Path, cache_dir: Path | None = None) -> Registry:
    """The registry in ``path``; an empty one when the project has none yet. With a
    ``cache_dir``, bytes read or written before are taken from there (:mod:`.registry_cache`)."""
    if not path.is_file():
        return Registry()
    try:
        text = read_regular(path)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot be read ({exc.__class__.__name__}: {exc}); restore it from git") from exc
    key = registry_key(text) if cache_dir is not None else ""
    known = cached_registry(cache_dir, key) if cache_dir is not None else None
    if known is not None:
        return known
    registry = _parse(path, text)
    if cache_dir is not None:
        store_registry(cache_dir, key, registry)
    return registry


def _parse(path: Path, text: bytes) -> Registry:
    """The registry file's records, checked."""
    try:
        data = _load_yaml(text.decode("utf-8")) or {}
    except _DuplicateKey as exc:
        raise RegistryError(
            f"{path}: '{str(exc.key)[:80]}' is given twice (lines {exc.first} and {exc.again}), and YAML would "
            "silently keep only the last: keep one (restore the file from git, or merge the two by hand)"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise RegistryError(f"{path}: cannot be read as YAML{where}: {problem}; restore it from git") from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: cannot be read ({exc.__class__.__name__}: {exc}); restore it from git") from exc
    entries = data.get("incidents") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(entries or {}, dict):
        raise RegistryError(f"{path}: must be a mapping 'incidents:' of slug → record; restore it from git")
    records = [_record(path, str(slug), entry) for slug, entry in (entries or {}).items()]
    registry = Registry(tuple(records))
    for r in registry.records:
        target = registry.record(r.redirect_to) if r.redirect_to else None
        if r.redirect_to and (target is None or not target.live):
            raise RegistryError(
                f"{path}: incident '{r.slug}': redirect_to '{r.redirect_to}' must name an incident of the "
                "file that is neither redirected nor retired; point it at that incident's own target"
            )
    return registry


def _record(path: Path, slug: str, entry: object) -> Record:
    """One entry of the file, checked."""

    def bad(what: str) -> RegistryError:
        return RegistryError(f"{path}: incident '{slug}': {what}")

    try:
        page_path_of_incident(slug)
    except ValueError as exc:
        raise bad("not a usable slug") from exc
    if not isinstance(entry, dict):
        raise bad("must be a mapping of date, country, location, kind, articles")
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise bad(f"unknown key(s) {', '.join(map(str, unknown))}; known: {', '.join(_FIELDS)}")
    date = entry.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise bad(f"date {date!r} is not a day (YYYY-MM-DD)") from exc
    if date is not None and not isinstance(date, dt.date):
        raise bad(f"date {date!r} is not a day (YYYY-MM-DD)")
    articles = entry.get("articles") or []
    if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
        raise bad("'articles' must be a list of article ids, as strings (quote ids like '001')")
    text = {k: entry.get(k) for k in ("country", "location", "kind", "redirect_to")}
    if any(v is not None and not isinstance(v, str) for v in text.values()):
        raise bad("country, location, kind and redirect_to must be text")
    retired = entry.get("retired", False)
    if not isinstance(retired, bool) or (retired and text["redirect_to"]):
        raise bad("'retired' must be true or false, and cannot go with 'redirect_to'")
    return Record(
        slug=slug,
        date=date,
        country=text["country"],
        location=text["location"],
        kind=text["kind"] or "",
        articles=tuple(sorted(set(articles))),
        redirect_to=text["redirect_to"],
        retired=retired,
    )
