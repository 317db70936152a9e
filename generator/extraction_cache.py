"""Extraction results kept between builds, one file per article.

Parsing is most of a build's time, and a desk's CI rebuilds a corpus that grows
by an article or two. Each article's :class:`~generator.models.Extraction` is
stored under a key made of what it depends on and nothing else:

- the article as read (id, text, publication date, report spans): an edited
  article is extracted again, its neighbours are not;
- the *pipeline version*: the spaCy model's name and installed version, spaCy's
  version, the source of every module the extraction stage runs (found by
  following ``extract`` and ``nlp``'s imports, so a change to the page
  templates invalidates nothing), and the alias table in force (shipped data,
  the project's ``aliases:`` file and the editors' alias corrections).

Entries of other pipeline versions live in other folders and are removed after
a build. Every entry carries its own key and a checksum of its content: a
truncated, edited or foreign file is reported as corrupt and recomputed,
never trusted. Writes go through a temporary file and a rename.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .aliases import AliasTable
from .models import Article, Claim, EventMention, Extraction

FORMAT = 1
"""Bumped when the stored layout changes."""
FOLDER = "extractions"
_PACKAGE = Path(__file__).parent
_ENTRY_POINTS = ("extract", "nlp")
_IMPORT = re.compile(r"^\s*from (?:\.|generator\.)(\w+)", re.MULTILINE)
"""A package import, at the top of a module or inside a function."""


@cache
def _code_modules() -> tuple[str, ...]:
    """The package modules the extraction stage runs: ``extract`` and ``nlp`` and,
    transitively, every ``generator`` module they import."""
    seen: set[str] = set()
    todo = list(_ENTRY_POINTS)
    while todo:
        name = todo.pop()
        if name in seen or not (_PACKAGE / f"{name}.py").is_file():
            continue
        seen.add(name)
        todo += _IMPORT.findall((_PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    return tuple(sorted(seen))


def _distribution_version(package: str) -> str:
    """The installed version of the distribution that provides the import name ``package``."""
    for distribution in (package, package.replace("_", "-")):
        try:
            return f"{distribution}=={importlib.metadata.version(distribution)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    for distribution in importlib.metadata.packages_distributions().get(package, []):
        try:
            return f"{distribution}=={importlib.metadata.version(distribution)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return f"{package}==unknown"


def pipeline_version(model: str, aliases: AliasTable) -> str:
    """A digest of everything an extraction depends on besides the article itself."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    digest.update(f"model {model} {_distribution_version(model)}\n".encode())
    digest.update(f"spacy {_distribution_version('spacy')}\n".encode())
    for name in _code_modules():
        digest.update(f"module {name}\n".encode())
        digest.update((_PACKAGE / f"{name}.py").read_bytes())
    digest.update(repr(aliases).encode("utf-8"))
    return digest.hexdigest()


def article_key(article: Article) -> str:
    """A digest of what the extraction reads of an article."""
    spans = [(s.start, s.end, s.kind) for s in article.report]
    published = article.published.isoformat() if article.published else None
    material = json.dumps([article.id, published, spans, article.text], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


# --- the stored form ---------------------------------------------------------------


def _encode(extraction: Extraction) -> dict[str, Any]:
    data = asdict(extraction)
    for event in data["events"]:
        event["date"] = event["date"].isoformat() if event["date"] else None
    return data


def _decode(data: dict[str, Any]) -> Extraction:
    claims = tuple(Claim(**c) for c in data["claims"])
    events = []
    for e in data["events"]:
        date = dt.date.fromisoformat(e["date"]) if e["date"] else None
        tuples = {k: tuple(e[k]) for k in ("places", "place_offsets", "countries", "actors")}
        events.append(EventMention(**{**e, **tuples, "date": date}))
    return Extraction(article=data["article"], claims=claims, events=tuple(events))


def _checksum(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    """What the cache did in one build, for the build summary."""

    hits: int = 0
    misses: int = 0
    corrupt: list[str] = field(default_factory=list)
    """Articles whose entry was unreadable or did not match its checksum (recomputed)."""


class ExtractionCache:
    """The entries of one pipeline version in ``cache_dir``."""

    def __init__(self, cache_dir: Path, version: str) -> None:
        self.root = Path(cache_dir) / FOLDER
        self.version = version
        self.folder = self.root / version[:24]
        self.stats = CacheStats()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> Extraction | None:
        """The stored extraction of ``article``, or ``None`` (missing or corrupt: counted)."""
        key = article_key(article)
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError:
            raw = b""
        try:
            entry = json.loads(raw.decode("utf-8"))
            if entry["key"] != key or entry["version"] != self.version or entry["format"] != FORMAT:
                raise ValueError("entry of another article or version")
            if _checksum(entry["extraction"]) != entry["checksum"]:
                raise ValueError("checksum mismatch")
            extraction = _decode(entry["extraction"])
            if extraction.article != article.id:
                raise ValueError("entry of another article")
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            del exc
            self.stats.corrupt.append(article.id)
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return extraction

    def put(self, article: Article, extraction: Extraction) -> None:
        """Store ``extraction``; a failure to write only costs a later re-extraction."""
        key = article_key(article)
        payload = _encode(extraction)
        entry = {"format": FORMAT, "key": key, "version": self.version, "checksum": _checksum(payload)}
        entry["extraction"] = payload
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass

    def prune(self, keep: Iterable[Article]) -> None:
        """Drop other pipeline versions' folders and entries of articles no longer read."""
        if not self.root.is_dir():
            return
        for other in self.root.iterdir():
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        wanted = {article_key(a) for a in keep}
        if self.folder.is_dir():
            for path in self.folder.glob("*/*.json"):
                if path.stem not in wanted:
                    path.unlink(missing_ok=True)
