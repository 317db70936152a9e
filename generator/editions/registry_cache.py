"""The registry as last read or written, kept beside the build's other caches.

A year's ``incidents.yml`` is thousands of records, and reading them as YAML (with every
record checked) takes half a second; a build reads the file twice (the pipeline, then
the MkDocs plugin for its redirects), and most builds read the very bytes the last one
wrote. So the records read from, or written as, some bytes of the file are stored in
``registry.marshal``, under a digest of those bytes and of the code that reads them:
the same bytes are then taken from there. Any other bytes (an editor's change, a
``git checkout``) are read as YAML again.

The file is a line with the key and the body's checksum, then the body, written with
:mod:`marshal` (plain values only, nothing that runs on load); one that is damaged or of
other bytes is no loss.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .keyed_file import load_keyed, save_keyed
from .registry import Record, Registry

FILE = "registry.marshal"
_CODE = (Path(__file__).with_name("registry_file.py"), Path(__file__), Path(__file__).with_name("registry.py"))


def registry_key(text: bytes) -> str:
    """A digest of the file's bytes and of the code that reads them."""
    digest = hashlib.sha256()
    for path in _CODE:
        digest.update(path.read_bytes())
    digest.update(b"\0" + text)
    return digest.hexdigest()


def cached_registry(cache_dir: Path, key: str) -> Registry | None:
    """The registry stored under ``key``; ``None`` when none is (or it is unreadable)."""
    stored = load_keyed(Path(cache_dir) / FILE, key)
    try:
        return None if stored is None else Registry(tuple(_record(*fields) for fields in stored))
    except (ValueError, TypeError, AttributeError):
        return None


def store_registry(cache_dir: Path, key: str, registry: Registry) -> None:
    """Store ``registry`` under ``key``; nothing when the folder cannot be written."""
    plain = [
        (r.slug, r.date.isoformat() if r.date else None, r.country, r.location, r.kind, list(r.articles),
         r.redirect_to, r.retired)
        for r in registry.records
    ]  # fmt: skip
    save_keyed(Path(cache_dir) / FILE, key, plain)


def _record(
    slug: str,
    date: str | None,
    country: str | None,
    location: str | None,
    kind: str,
    articles: list[str],
    redirect_to: str | None,
    retired: bool,
) -> Record:
    if not all(isinstance(v, str) for v in (slug, kind, *articles)) or not isinstance(retired, bool):
        raise TypeError("not a record")
    day = dt.date.fromisoformat(date) if date is not None else None
    return Record(slug, day, country, location, kind, tuple(articles), redirect_to, retired)
