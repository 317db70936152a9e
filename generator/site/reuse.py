"""Page digests: the pages a rebuild need not render again.

Each incident, article, day and listing page is digested from everything it is
rendered from, and from the renderer's own version (its code and templates); a
page whose digest and size on disk are those of the last build is left as it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import fields as dataclass_fields
from functools import cache
from pathlib import Path

from ..editions import source_digest
from ..models import Article, Claim, Incident
from ..safe_files import read_regular, write_atomically
from .filters import TEMPLATES
from .site_index import Site

Reuse = Callable[[str, str], bool]
"""Asked with a page's path and a digest of everything it is rendered from: True when the
page on disk was rendered from the same (see :class:`PageDigests`), so it is not rendered again."""


@cache
def _renderer_version() -> str:
    """A digest of the code and templates that turn records into pages (the writer and
    what it imports, and the templates): a change elsewhere re-renders nothing."""
    digest = hashlib.sha256(source_digest(("site.render",)).encode())
    for path in sorted(TEMPLATES.glob("*.j2")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def page_digest(*parts: object, text: str = "") -> str:
    """A digest of the renderer's version and ``parts`` (by their repr), and of a long ``text``
    by its bytes: repr() of a whole article costs more than hashing it."""
    digest = hashlib.sha256(repr((_renderer_version(), *parts)).encode("utf-8"))
    digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def incident_inputs(
    site: Site,
    incident: Incident,
    chart: str | None,
    claim_texts: ClaimTexts,
    locator: str | None = None,
    search: dict[str, object] | None = None,
) -> str:
    """Everything an incident page shows: the incident, its figures (with their grades) and
    claims, the articles behind them, its chart, its map, its tags, the addresses of its
    country and actors, the short names its summary gives its sources, and what it tells
    search (``search``: its other names among them)."""
    articles = [(a.id, a.title, a.publisher, a.published) for a in site.articles_of_incident(incident)]
    stems = (site.country_stem.get(incident.country or ""), [site.actor_stem.get(a) for a in incident.actors])
    # A key figure's claims are among the incident's, digested whole: the figure names them.
    figures = [
        (f.category, f.group, f.low, f.best, f.high, f.conflict, _claim_id(f.latest), [_claim_id(c) for c in f.claims],
         f.confidence)
        for f in site.figures_of_incident.get(incident.id, [])
    ]  # fmt: skip
    claims = claim_texts(site.claims_of_incident.get(incident.id, []))
    names = site.short_names_of(incident)
    tags = site.tags_of(incident)
    return page_digest("incident", incident, figures, articles, chart, tags, stems, names, locator, search, text=claims)


def _claim_id(claim: Claim | None) -> tuple | None:
    return None if claim is None else (claim.article, claim.start, claim.end, claim.category, claim.group)


class ClaimTexts:
    """The repr() of claims, each worked out once per build though an incident's page and its
    article's page both digest it."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[Claim, str]] = {}

    def __call__(self, claims: Iterable[Claim]) -> str:
        return "\n".join(self._text(claim) for claim in claims)

    def _text(self, claim: Claim) -> str:
        known = self.known.get(id(claim))
        if known is None or known[0] is not claim:
            known = self.known[id(claim)] = (claim, repr(claim))
        return known[1]


def article_inputs(
    site: Site, article: Article, claims: list[Claim], claim_texts: ClaimTexts, search: dict[str, object]
) -> str:
    """Everything an article page shows: the article, its claims and the incidents it reports,
    and what it tells search (``search``: their countries, kinds and years)."""
    incidents = [(i.id, i.title) for i in site.incidents_of_article.get(article.id, [])]
    fields = [(name, getattr(article, name)) for name in _ARTICLE_FIELDS if name != "text"]
    orphans = [site.incident.get(c.incident) is None for c in claims]
    return page_digest("article", fields, incidents, orphans, search, text=f"{claim_texts(claims)}\0{article.text}")


_ARTICLE_FIELDS = tuple(f.name for f in dataclass_fields(Article))


class PageDigests:
    """The digest each incident, article, day and listing page was last rendered from, kept in
    the cache folder: a rebuild renders again only the pages whose inputs changed.

    A page is reused only when its file is still there with the size it was written with;
    a missing or unreadable record renders everything, as a first build does."""

    FILE = "pages.json"

    def __init__(self, cache_dir: Path, docs_dir: Path) -> None:
        self.path = Path(cache_dir) / self.FILE
        self.docs_dir = Path(docs_dir)
        try:
            data = json.loads(read_regular(self.path).decode("utf-8"))
            self.old: dict[str, list] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, list] = {}
        self.pending: dict[str, str] = {}

    def reuse(self, path: str, digest: str) -> bool:
        record = self.old.get(path)
        target = self.docs_dir / path
        if isinstance(record, list) and len(record) == 2 and record[0] == digest:
            try:
                if target.stat().st_size == record[1]:
                    self.new[path] = record
                    return True
            except OSError:
                pass
        self.pending[path] = digest
        return False

    def written(self, path: str, size: int) -> None:
        if path in self.pending:
            self.new[path] = [self.pending.pop(path), size]

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(self.new, sort_keys=True).encode("utf-8"))
        except OSError:
            pass
