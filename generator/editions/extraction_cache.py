"""Extraction results kept between builds, one file per article.

Parsing is most of a build's time, and a desk's CI rebuilds a corpus that grows
by an article or two. Each article's :class:`~generator.models.Extraction` is
stored under a key made of what it depends on and nothing else:

- the article as read (id, text, publication date, report spans): an edited
  article is extracted again, its neighbours are not;
- the *pipeline version*: the spaCy model's name and installed version, spaCy's
  version, the source of every module the extraction stage runs (found by
  following ``figures.parse``'s imports, see ``code_digest``, so a change to the page
  templates invalidates nothing), the vocabularies shipped in ``data/``, and the
  alias table in force (shipped data, the project's ``aliases:`` file and the
  editors' alias corrections).

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
import marshal
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from ..aliases import AliasTable
from ..models import Article, Claim, EventMention, Extraction, TextSpan
from ..safe_files import open_regular, read_regular
from .code_digest import PACKAGE, source_digest, update_with_source

T = TypeVar("T")

FORMAT = 2
"""Bumped when the stored layout changes."""
FOLDER = "extractions"
ARTICLES = "articles"
_ENTRY_POINTS = ("figures.parse",)
"""Where extraction starts: the modules it runs are found from here (see ``code_digest``)."""
_INGEST_ENTRY_POINTS = ("read.files",)


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
    update_with_source(digest, _ENTRY_POINTS)
    digest.update(repr(aliases).encode("utf-8"))
    for path in sorted((PACKAGE / "data").glob("*.yml")):
        # the shipped vocabularies the modules read (data/people.yml)
        digest.update(f"data {path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def article_key(article: Article) -> str:
    """A digest of what the extraction reads of an article."""
    spans = [(s.start, s.end, s.kind) for s in article.report]
    published = article.published.isoformat() if article.published else None
    material = json.dumps([article.id, published, spans, article.text], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


# --- the stored form ---------------------------------------------------------------


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_EVENT_FIELDS = tuple(f.name for f in fields(EventMention))


def _encode(extraction: Extraction) -> dict[str, Any]:
    """The entry of an extraction: its records as dicts of their fields (all plain values, or
    tuples of them), as :func:`dataclasses.asdict` gives them, without its deep copying: the
    process that stores five thousand parsed articles does little else while workers parse."""
    events = []
    for event in extraction.events:
        data = {name: getattr(event, name) for name in _EVENT_FIELDS}
        data["date"] = event.date.isoformat() if event.date else None
        events.append(data)
    claims = tuple({name: getattr(claim, name) for name in _CLAIM_FIELDS} for claim in extraction.claims)
    return {"article": extraction.article, "claims": claims, "events": tuple(events)}


def _decode(data: dict[str, Any]) -> Extraction:
    claims = tuple(Claim(**c) for c in data["claims"])
    events = []
    for e in data["events"]:
        date = dt.date.fromisoformat(e["date"]) if e["date"] else None
        tuples = {k: tuple(e[k]) for k in ("places", "place_offsets", "countries", "actors")}
        events.append(EventMention(**{**e, **tuples, "date": date}))
    return Extraction(article=data["article"], claims=claims, events=tuple(events))


def _entry(key: str, version: str, payload: object) -> bytes:
    """An entry file: a header line (format, key, version, checksum of the payload), then the payload."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    header = {"format": FORMAT, "key": key, "version": version, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode("utf-8") + b"\n" + body


def _payload(raw: bytes, key: str, version: str) -> object:
    """The payload of an entry, or ValueError when the entry is not this key's, or damaged."""
    header_line, _, body = raw.partition(b"\n")
    header = json.loads(header_line)
    if header.get("format") != FORMAT or header.get("key") != key or header.get("version") != version:
        raise ValueError("an entry of another article or version")
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise ValueError("checksum mismatch")
    return json.loads(body)


@dataclass
class CacheStats:
    """What the cache did in one build, for the build summary."""

    hits: int = 0
    misses: int = 0
    corrupt: list[str] = field(default_factory=list)
    """Articles whose entry was unreadable or did not match its checksum (recomputed)."""


class _Entries:
    """Checksummed JSON entries under one folder, by key; writes go through a rename.
    The entries a build used are also packed into one file for the next build (:class:`_Pack`)."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self._pack = _Pack(folder, version)
        self._packed_keys = self._pack.keys()
        self._used: dict[str, object] = {}
        """This build's payloads, by key: the next pack."""

    @cached_property
    def _packed(self) -> dict[str, object]:
        """The pack's payloads, read when the first entry is wanted."""
        return self._pack.read()

    def get(self, key: str, decode: Callable[[Any], T]) -> T | None:
        """The decoded entry of ``key``: from the pack, else (missing from it, or not decoding)
        from its file; ``None`` when there is none. ValueError (or what ``decode`` raises) when
        the file is damaged."""
        packed = self._packed.get(key)
        if packed is not None:
            try:
                value = decode(packed)
            except (ValueError, KeyError, TypeError, AttributeError):
                pass
            else:
                self._used[key] = packed
                return value
        payload = self.read(key)
        if payload is None:
            return None
        value = decode(payload)
        self._used[key] = payload
        return value

    def holds(self, key: str) -> bool:
        """Whether ``key`` has an entry (which may still turn out to be damaged when read)."""
        return key in self._packed_keys or self.path(key).is_file()

    def put(self, key: str, payload: object) -> None:
        self.write(key, payload)
        self._used[key] = payload

    def keep(self, keys: Iterable[str]) -> None:
        """Delete the entry files of other keys, and pack those of ``keys`` this build used."""
        wanted = set(keys)
        if self.folder.is_dir():
            for path in self.folder.glob("*/*.json"):
                if path.stem not in wanted:
                    path.unlink(missing_ok=True)
        pack = {key: self._used[key] for key in sorted(wanted) if key in self._used}
        if pack.keys() != self._packed.keys():  # a key's payload never changes: it names the text and version
            self._pack.write(pack)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def read(self, key: str) -> object | None:
        """The payload, ``None`` when there is no entry; ValueError when it is damaged."""
        try:
            raw = read_regular(self.path(key))
        except (FileNotFoundError, NotADirectoryError):  # no entry (or no cache folder: a file has its name)
            return None
        except OSError as exc:
            raise ValueError(f"unreadable: {exc}") from exc
        try:
            return _payload(raw, key, self.version)
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
            raise ValueError("not an entry") from exc

    def write(self, key: str, payload: object) -> None:
        """Store ``payload``; a failure to write only costs a later recomputation."""
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(_entry(key, self.version, payload))
            os.replace(temporary, path)
        except OSError:
            pass


class _Pack:
    """All of one build's entries in one file (``pack.marshal`` beside them), which the next
    build reads at once instead of opening and parsing thousands of files. Checksummed like
    an entry; a pack that is damaged or of another version is ignored whole, and the entries
    are read one by one, as without it. Its header line lists its keys: what is stored is
    known before the payloads are read (and, for extractions, the parsing of what is not
    can start meanwhile)."""

    FILE = "pack.marshal"

    def __init__(self, folder: Path, version: str) -> None:
        self.path = folder / self.FILE
        self.version = version

    def _header(self, line: bytes) -> dict:
        """The header line as a dict; ValueError when it is not this version's."""
        header = json.loads(line)
        if header.get("format") != FORMAT or header.get("version") != self.version:
            raise ValueError("a pack of another version")
        return header

    def keys(self) -> frozenset[str]:
        """The keys the pack holds, as its header lists them (the payloads are not read)."""
        try:
            with open_regular(self.path) as file:
                header = self._header(file.readline())
            return frozenset(key for key in header.get("keys", ()) if isinstance(key, str))
        except (OSError, ValueError, TypeError, AttributeError):
            return frozenset()

    def read(self) -> dict[str, object]:
        try:
            header_line, _, body = read_regular(self.path).partition(b"\n")
            header = self._header(header_line)
            if hashlib.sha256(body).hexdigest() != header.get("sha256"):
                return {}
            payloads = marshal.loads(body)
        except (OSError, ValueError, EOFError, TypeError, AttributeError):
            return {}
        return payloads if isinstance(payloads, dict) else {}

    def write(self, payloads: dict[str, object]) -> None:
        try:
            body = marshal.dumps(payloads)
            header = {
                "format": FORMAT,
                "version": self.version,
                "sha256": hashlib.sha256(body).hexdigest(),
                "keys": sorted(payloads),
            }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.FILE}.{os.getpid()}.tmp")
            temporary.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + body)
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            pass


class ExtractionCache:
    """The entries of one pipeline version in ``cache_dir``."""

    def __init__(self, cache_dir: Path, version: str) -> None:
        self.root = Path(cache_dir) / FOLDER
        self.version = version
        self.folder = self.root / version[:24]
        self.entries = _Entries(self.folder, version)
        self.stats = CacheStats()
        self._keys: dict[str, tuple[Article, str]] = {}

    def key(self, article: Article) -> str:
        """``article_key``, worked out once per article and build (it digests the whole text)."""
        known = self._keys.get(article.id)
        if known is None or known[0] is not article:
            known = self._keys[article.id] = (article, article_key(article))
        return known[1]

    def holds(self, article: Article) -> bool:
        """Whether an extraction of ``article`` is stored (:meth:`get` may still find it damaged)."""
        return self.entries.holds(self.key(article))

    def get(self, article: Article) -> Extraction | None:
        """The stored extraction of ``article``, or ``None`` (missing or corrupt: counted)."""

        def decode(payload: Any) -> Extraction:
            extraction = _decode(payload)
            if extraction.article != article.id:
                raise ValueError("an entry of another article")
            return extraction

        try:
            extraction = self.entries.get(self.key(article), decode)
        except (ValueError, KeyError, TypeError, AttributeError):
            self.stats.corrupt.append(article.id)
            extraction = None
        if extraction is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return extraction

    def put(self, article: Article, extraction: Extraction) -> None:
        self.entries.put(self.key(article), _encode(extraction))

    def prune(self, keep: Iterable[Article]) -> None:
        """Drop other pipeline versions' folders and entries of articles no longer read."""
        if not self.root.is_dir():
            return
        for other in self.root.iterdir():
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        self.entries.keep(self.key(a) for a in keep)


# --- articles as read -----------------------------------------------------------------


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_SPAN_FIELDS = tuple(f.name for f in fields(TextSpan))


def _encode_article(article: Article) -> dict[str, Any]:
    """An article's entry, as :func:`dataclasses.asdict` gives it but field by field: a cold
    build stores every article before (or while) parsing starts, and ``asdict``'s deep copy
    costs a second at 5,000 articles."""
    data = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    for name in ("report", "boilerplate"):
        data[name] = tuple({f: getattr(span, f) for f in _SPAN_FIELDS} for span in data[name])
    data["published"] = article.published.isoformat() if article.published else None
    return data


def _decode_article(data: dict[str, Any]) -> Article:
    spans = {k: tuple(TextSpan(**s) for s in data[k]) for k in ("report", "boilerplate")}
    published = dt.date.fromisoformat(data["published"]) if data["published"] else None
    return Article(**{**data, **spans, "published": published, "duplicates": tuple(data["duplicates"])})


class ArticleCache:
    """Articles as ``ingest`` built them (report and boilerplate split, metadata found),
    keyed by the file's name and decoded text and by the source of the ingest code: a
    rebuild reads every file but analyses only the new or changed ones. As with the
    extractions, a checksummed pack holds all of a build's entries for the next one."""

    def __init__(self, cache_dir: Path) -> None:
        self.version = source_digest(_INGEST_ENTRY_POINTS)
        self.root = Path(cache_dir) / ARTICLES
        self.entries = _Entries(self.root / self.version[:24], self.version)
        self.used: set[str] = set()

    @staticmethod
    def _key(name: str, content: str) -> str:
        return hashlib.sha256(f"{name}\0{content}".encode()).hexdigest()

    def holds(self, name: str, content: str) -> bool:
        """Whether the article is stored (:meth:`get` may still find it damaged)."""
        return self.entries.holds(self._key(name, content))

    def get(self, name: str, content: str) -> Article | None:
        key = self._key(name, content)
        self.used.add(key)
        try:
            return self.entries.get(key, _decode_article)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # damaged: analysed again

    def put(self, name: str, content: str, article: Article) -> None:
        key = self._key(name, content)
        self.used.add(key)
        self.entries.put(key, _encode_article(article))

    def prune(self) -> None:
        """Drop other ingest versions and the entries of files this build did not read."""
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other != self.entries.folder:
                    shutil.rmtree(other, ignore_errors=True)
        self.entries.keep(self.used)
