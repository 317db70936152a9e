"""What the site in the site folder was built from, kept in the cache folder so that a
rebuild renders only the pages whose Markdown changed (see :mod:`.mkdocs_pages`).

Two files. ``site-pages.json`` is written by the MkDocs process at each build: a digest
of everything whose change rebuilds every page (:attr:`SiteRecord.inputs`), each docs
file's size, time and digest, and each page's :class:`PageFacts`. ``site.json`` is
written once that build has replaced the old site: which folder the site is (its inode
and modification time, which every build and a bare ``mkdocs build`` into it change) and
the token of the ``site-pages.json`` that describes it, and the stamp of every file that
build read (:class:`PublishedSite`). A rebuild trusts the record only when both agree
with the folder it finds; otherwise it builds everything, as a first build does. When
the stamp is also unchanged, nothing the build reads has been written since, and the
site is left as it is. No MkDocs object is here.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..safe_files import read_regular, write_atomically

FORMAT = 1
"""Bumped when what is recorded changes: an older record then builds everything once."""
PAGES_FILE = "site-pages.json"
SITE_FILE = "site.json"


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What a page tells MkDocs about itself once its Markdown is rendered: what the other
    pages, the plugins and the checks of links read of it, without its HTML."""

    title: str | None
    """Its title, as the navigation, the Tags page and the sitemap give it."""
    meta: dict | None
    """Its front matter (tags among it); ``None`` when it does not survive JSON, and the page
    is then rendered at every build."""
    anchors: tuple[str, ...]
    """The ids in its HTML, which links from other pages may point at."""
    links: dict[str, dict[str, str]]
    """Its links to anchors of pages: the page's source path → {anchor: the link as written}."""
    lookups: dict[str, bool]
    """Every docs file its rendering looked for (the targets of its links), and whether it was
    there: a page is rendered again when one of them appears or goes."""
    listing: bool = False
    """It holds a listing of Material's tags plugin (the Tags page): rendered at every build."""

    def to_json(self) -> list:
        return [self.title, self.meta, list(self.anchors), self.links, self.lookups, self.listing]

    @classmethod
    def from_json(cls, data: list) -> PageFacts:
        title, meta, anchors, links, lookups, listing = data
        return cls(title, meta, tuple(anchors), links, lookups, listing)


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """What a build of the site was made from."""

    token: str
    """Names this record in ``site.json``, once its site is the one in the site folder."""
    inputs: str
    """Digest of what every page depends on: MkDocs', the theme's and the plugins' versions,
    the configuration, the theme's overrides, the hand-written docs files."""
    navigation: str
    """Digest of the navigation every page shows (titles and addresses)."""
    as_of: str | None
    """The build's "as of" date, which every page prints."""
    sources: dict[str, list] = field(default_factory=dict)
    """Every docs file: [size, modification time in ns, SHA-256]."""
    pages: dict[str, PageFacts] = field(default_factory=dict)
    """Every page's facts, by its source path."""
    watch: tuple[str, ...] = ()
    """Every file and folder the build read; with ``stamp``, kept in ``site.json`` (see
    :class:`PublishedSite`), not in this record's file."""
    stamp: str = ""

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "token": self.token,
            "inputs": self.inputs,
            "navigation": self.navigation,
            "as_of": self.as_of,
            "sources": self.sources,
            "pages": {path: facts.to_json() for path, facts in self.pages.items()},
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> SiteRecord:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError("another format")
        pages = {path: PageFacts.from_json(facts) for path, facts in data["pages"].items()}
        return cls(data["token"], data["inputs"], data["navigation"], data["as_of"], data["sources"], pages)


def folder_identity(folder: Path) -> list[int]:
    """The folder's device, inode and modification time: a folder swapped in, removed or
    emptied and filled again (as ``mkdocs build`` does) has another."""
    found = os.stat(folder)
    return [found.st_dev, found.st_ino, found.st_mtime_ns]


@dataclass(frozen=True, slots=True)
class PublishedSite:
    """What ``site.json`` says of the site now in the site folder."""

    token: str
    """Names the record of its pages (``site-pages.json``)."""
    watch: tuple[str, ...] = ()
    """Every file and folder its build read (:func:`~.site_inputs.watched_paths`)."""
    stamp: str = ""
    """Their :func:`~.site_inputs.input_stamp` when it was built."""
    pages: int = 0
    """Its pages."""


def published_site(cache_dir: Path, site_dir: Path) -> PublishedSite | None:
    """What the site now in ``site_dir`` was built from; ``None`` when ``site.json`` is missing
    or describes another build of the folder."""
    try:
        site = json.loads(read_regular(Path(cache_dir) / SITE_FILE))
        if site.get("path") != os.path.realpath(site_dir) or site.get("identity") != folder_identity(site_dir):
            return None
        token, watch, stamp = site["token"], site.get("watch") or [], site.get("stamp") or ""
        pages = site.get("pages") or 0
        if not (isinstance(token, str) and isinstance(stamp, str) and all(isinstance(p, str) for p in watch)):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return PublishedSite(token, tuple(watch), stamp, pages if isinstance(pages, int) else 0)


def load_record(cache_dir: Path, token: str) -> SiteRecord | None:
    """The record named ``token``; ``None`` when it is missing, unreadable or another."""
    try:
        record = SiteRecord.from_json(read_regular(Path(cache_dir) / PAGES_FILE))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record if record.token == token else None


def write_record(path: Path, record: SiteRecord) -> None:
    """Write ``record``; one that cannot be written is no loss (the next build builds everything)."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(Path(path), record.to_json())
    except OSError:
        pass


def pending_path(cache_dir: Path, token: str) -> Path:
    """Where the MkDocs process writes the record of the site it builds, until that site is swapped in."""
    return Path(cache_dir) / f".{PAGES_FILE}.{token}"


def adopt_record(
    cache_dir: Path, token: str, site_dir: Path, watch: list[str] = (), stamp: str = "", pages: int = 0
) -> None:
    """Make the record the MkDocs process wrote the record of ``site_dir``, now that its build is the
    site, with what that build read (``watch``, ``stamp``: see :class:`PublishedSite`). A record
    that cannot be written is no loss: the next build builds everything."""
    pending = pending_path(cache_dir, token)
    try:
        os.replace(pending, Path(cache_dir) / PAGES_FILE)
        site = {
            "path": os.path.realpath(site_dir),
            "identity": folder_identity(site_dir),
            "token": token,
            "watch": list(watch),
            "stamp": stamp,
            "pages": pages,
        }
        write_atomically(Path(cache_dir) / SITE_FILE, json.dumps(site).encode("utf-8"))
    except OSError:
        pending.unlink(missing_ok=True)


def forget_record(cache_dir: Path, token: str) -> None:
    """Remove the record of a build that was not swapped in."""
    pending_path(cache_dir, token).unlink(missing_ok=True)


def file_digests(paths: dict[str, str], known: dict[str, list]) -> dict[str, list]:
    """[size, modification time in ns, SHA-256] of each file (by name → absolute path); the
    digest of ``known`` is kept for a file whose size and time are those it records, so
    that a rebuild reads only the files that were written since."""
    found = {}
    for name, path in paths.items():
        stat = os.stat(path)
        was = known.get(name)
        if was and was[0] == stat.st_size and was[1] == stat.st_mtime_ns:
            found[name] = was
            continue
        with open(path, "rb") as file:
            found[name] = [stat.st_size, stat.st_mtime_ns, hashlib.sha256(file.read()).hexdigest()]
    return found
