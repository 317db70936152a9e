"""The last stage: write a :class:`~generator.models.Briefing` as MkDocs pages.

``render_site`` owns ``index.md``, ``report.md``, ``incidents/``, ``articles/``
and ``downloads/`` in the docs folder and nothing else. Pages come from the
Jinja2 templates in ``templates/``; every ``{{ value }}`` is escaped as text
(:mod:`generator.markdown_text`) unless one of the filters below built it.
Output is deterministic: everything is sorted, nothing depends on the clock,
and a file is rewritten only when its bytes change, so ``mkdocs serve`` does
not rebuild in a loop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import markdown_text as mt
from generator.addresses import (
    chart_path_of_incident,
    day_page,
    page_path_of_article,
    page_path_of_incident,
)
from generator.background import Pending
from generator.changes import Changes, Revision
from generator.chart import toll_chart
from generator.downloads import FEED_PAGE, download_files
from generator.extraction_cache import source_digest
from generator.models import Article, Briefing, Claim, Incident, KeyFigure
from generator.site_index import Site
from generator.wording import (
    HEDGE_WORDS,
    count_text,
    counts_words,
    figure_summary,
    figure_text,
    range_text,
)

TEMPLATES = Path(__file__).parent / "templates"
OWNED_FILES = ("index.md", "report.md", FEED_PAGE)
OWNED_DIRS = ("incidents", "articles", "downloads", "dates", "countries", "actors")
TOLL_CATEGORIES = ("killed", "injured", "missing", "abducted")
LATEST_INCIDENTS = 10
"""How many incidents the home page lists; the rest are a click away."""

HEADLINE_FIGURES = 3
"""How many key figures an incident shows on the home page (killed and injured first)."""


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What ``render_site`` did to the docs folder; paths are relative to it, sorted."""

    written: tuple[str, ...]
    """Files created or changed."""
    removed: tuple[str, ...]
    """Generated files of an earlier build that this build no longer has."""
    unchanged: tuple[str, ...]
    """Files whose content was already right: left alone."""


# --- filters: the only code that emits Markdown syntax ------------------------


@jinja2.pass_context
def article_link(
    ctx: jinja2.runtime.Context, article_id: str, anchor: str = "", text: object = None, short: bool = False
) -> object:
    """A link to an article's page (at ``anchor``), titled with the article's title
    (``short``: its first words, for a table column that must stay narrow)."""
    article = ctx["site"].article.get(article_id)
    if article is None:
        return article_id
    label = text if text is not None else (short_title(article.title) if short else article.title)
    return mt.link(label, mt.page_href(page_path_of_article(article_id), ctx["page"], anchor))


def short_title(title: str, limit: int = 48) -> str:
    """The title cut at a word before ``limit`` characters, with an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


@jinja2.pass_context
def incident_link(ctx: jinja2.runtime.Context, incident_id: str | None) -> object:
    """A link to an incident's page, titled with the incident's title."""
    incident = ctx["site"].incident.get(incident_id)
    if incident is None:
        return incident_id
    return mt.link(incident.title, mt.page_href(page_path_of_incident(incident.id), ctx["page"]))


@jinja2.pass_context
def href(ctx: jinja2.runtime.Context, target: str) -> Markup:
    """The relative link from the current page to a page given relative to ``docs/``."""
    return Markup(mt.page_href(target, ctx["page"]))


@jinja2.pass_context
def figure_in_text(ctx: jinja2.runtime.Context, claim: Claim) -> Markup:
    """On an article page: the figure, linked to its number in the text above, or
    carrying the claim's anchor itself when the text could not (see ``article_body``)."""
    figure = mt.escape_text(figure_text(claim))
    if claim.anchor in ctx["placed"]:
        return Markup(f"[{figure}](#{claim.anchor})")
    return Markup(f'<span class="claim" id="{claim.anchor}"></span>{figure}')


@jinja2.pass_context
def day_link(ctx: jinja2.runtime.Context, day: dt.date | None) -> Markup:
    """A link to the page of a day's incidents, titled with the date, or "date unknown"."""
    return mt.link(day.isoformat() if day else "date unknown", mt.page_href(day_page(day), ctx["page"]))


@jinja2.pass_context
def country_link(ctx: jinja2.runtime.Context, country: str | None) -> object:
    site = ctx["site"]
    if not country or country not in site.country_stem:
        return country
    return mt.link(country, mt.page_href(site.country_page(country), ctx["page"]))


@jinja2.pass_context
def actor_link(ctx: jinja2.runtime.Context, actor: str) -> object:
    site = ctx["site"]
    if actor not in site.actor_stem:
        return actor
    return mt.link(actor, mt.page_href(site.actor_page(actor), ctx["page"]))


def coordinates_text(incident: Incident) -> str | None:
    """``36.5024° N, 40.7477° E``, or ``None`` when the place is not located."""
    if incident.latitude is None or incident.longitude is None:
        return None
    lat, lon = incident.latitude, incident.longitude
    return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"


def map_link(incident: Incident) -> Markup | None:
    """A link to the place on OpenStreetMap: followed only when the reader clicks it, so
    the page itself loads nothing from another host."""
    if incident.latitude is None or incident.longitude is None:
        return None
    zoom = 6 if incident.place_kind in ("province", "region", "state", "district") else 10
    lat, lon = f"{incident.latitude:.4f}", f"{incident.longitude:.4f}"
    url = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"
    return mt.external_link("OpenStreetMap", url)


def revision_text(revision: Revision) -> str:
    """``Security forces killed: 20 → 5–28``, or ``… : new, 5–28`` for a count first reported."""
    before, after = revision.before, revision.after
    words = counts_words(revision.category, revision.group)
    now = range_text(after[0], after[2])
    if after[1] is not None and not (after[0] == after[2] == after[1]):
        now += f", best {after[1]:,}"
    if before == (None, None, None):
        return f"{words}: now reported, {now}"
    was = range_text(before[0], before[2])
    if before[1] is not None and not (before[0] == before[2] == before[1]):
        was += f", best {before[1]:,}"
    return f"{words}: {was} → {now}"


def place(incident: Incident) -> str | None:
    """``Al-Hasakah, Syria``, or whichever of the two is known (once when they are the same)."""
    parts = [p for p in dict.fromkeys((incident.location, incident.country)) if p]
    return ", ".join(parts) if parts else None


@jinja2.pass_context
def latest_text(ctx: jinja2.runtime.Context, figure: KeyFigure) -> object:
    """``28 (Syrian Observatory for Human Rights, 2022-01-22)``, linked to the claim."""
    return report_text(ctx, figure.latest) if figure.latest is not None else None


@jinja2.pass_context
def report_text(ctx: jinja2.runtime.Context, claim: Claim) -> object:
    """One report of a figure: ``at least 23 (Syrian Observatory for Human Rights, 2022-01-21)``,
    linked to the sentence that states it."""
    article = ctx["site"].article.get(claim.article)
    published = article.published.isoformat() if article and article.published else "undated"
    text = f"{figure_text(claim)} ({claim.claimant or 'no source named'}, {published})"
    return article_link(ctx, claim.article, claim.anchor, text)


def article_body(article: Article, claims: Iterable[Claim]) -> tuple[list[tuple[str, Markup]], frozenset[str]]:
    """The report's paragraphs as escaped Markdown, each claim's number wrapped in
    ``<mark id="claim-…">``; and the anchors placed. A claim whose number lies outside
    the report, or overlaps another, is left for the claims table to anchor."""
    claims = sorted(claims, key=lambda c: (c.start, c.end))
    placed: set[str] = set()
    paragraphs = []
    for span in article.report:
        pieces: list[str] = []
        cursor = span.start
        for claim in claims:
            if claim.anchor in placed or not (cursor <= claim.start < claim.end <= span.end):
                continue
            pieces.append(mt.escape_text(article.text[cursor : claim.start], strip=False))
            number = mt.escape_text(article.text[claim.start : claim.end], strip=False)
            pieces.append(f'<mark class="claim" id="{claim.anchor}">{number}</mark>')
            placed.add(claim.anchor)
            cursor = claim.end
        pieces.append(mt.escape_text(article.text[cursor : span.end], strip=False))
        paragraph = Markup("".join(pieces).strip())
        if paragraph:
            paragraphs.append((span.kind, paragraph))
    return paragraphs, frozenset(placed)


# --- pages ---------------------------------------------------------------------


@cache
def environment() -> jinja2.Environment:
    """The template environment: escaping by default, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=mt.finalize,
        autoescape=False,  # `finalize` escapes for Markdown *and* HTML; autoescape knows only HTML.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        article_link=article_link,
        incident_link=incident_link,
        href=href,
        place=place,
        counts=counts_words,
        figure=figure_text,
        front_matter_title=mt.front_matter_title,
        front_matter=lambda title, **kw: mt.front_matter(title, **kw),
        day_link=day_link,
        country_link=country_link,
        actor_link=actor_link,
        coordinates=coordinates_text,
        map_link=map_link,
        revision=revision_text,
        figure_in_text=figure_in_text,
        hedge=lambda q: HEDGE_WORDS.get(q, q),
        range=range_text,
        count=count_text,
        figure_summary=figure_summary,
        latest=latest_text,
        report=report_text,
        external_link=lambda url: mt.external_link("the article on the web", url),
    )
    env.tests["single"] = lambda items: len(items) < 2
    return env


def _render(template: str, page: str, site: Site, **values: object) -> str:
    return environment().get_template(template).render(page=page, site=site, **values)


def render_pages(briefing: Briefing, changes: Changes | None = None) -> dict[str, str]:
    """Every generated Markdown page, by path relative to ``docs/``."""
    site = Site(briefing)
    changes = changes or Changes(first_build=True, new_incidents=tuple(i.id for i in site.incidents))
    return {path: text for path, text in _pages(site, changes, toll_charts(site)).items() if text is not None}


def toll_charts(site: Site) -> dict[str, str]:
    """Incident id → its toll chart (SVG), for the incidents whose tolls moved across reports.

    Only the tolls (people killed, injured, missing, abducted) share the chart: a count
    of thousands held or displaced would flatten them to the axis."""
    published = {a.id: a.published for a in site.articles}
    charts = {}
    for incident in site.incidents:
        tolls = [f for f in site.figures_of_incident.get(incident.id, []) if f.category in TOLL_CATEGORIES]
        chart = toll_chart(tolls, published, title=f"How the tolls of {incident.title} evolved")
        if chart is not None:
            charts[incident.id] = chart
    return charts


def _pages(site: Site, changes: Changes, charts: dict[str, str], reuse: Reuse | None = None) -> dict[str, str | None]:
    briefing = site.briefing
    latest = site.incidents[:LATEST_INCIDENTS]
    pages = {
        "index.md": _render(
            "index.md.j2", "index.md", site, headline_figures=HEADLINE_FIGURES, latest=latest, changes=changes
        ),
        "report.md": _render("report.md.j2", "report.md", site, skipped=_sorted_skipped(briefing)),
        "incidents/index.md": _render("incidents_index.md.j2", "incidents/index.md", site),
        "articles/index.md": _render("articles_index.md.j2", "articles/index.md", site),
        "dates/index.md": _render("dates_index.md.j2", "dates/index.md", site, months=_months(site.days)),
        "countries/index.md": _render("countries_index.md.j2", "countries/index.md", site),
        "actors/index.md": _render("actors_index.md.j2", "actors/index.md", site),
    }
    rows = _RowInputs(site)
    claim_texts = _ClaimTexts()
    for n, day in enumerate(site.days):
        path = day_page(day)
        newer = site.days[n - 1] if n > 0 and site.days[n - 1] is not None else None
        older = site.days[n + 1] if n + 1 < len(site.days) and day is not None else None
        if reuse is not None and reuse(path, _digest("day", day, newer, older, rows(site.incidents_of_day[day]))):
            pages[path] = None
            continue
        pages[path] = _render(
            "day.md.j2", path, site, day=day, newer=newer, older=older, headline_figures=HEADLINE_FIGURES
        )
    listings = [(site.country_page(c), f"Incidents in {c}", site.incidents_of_country[c]) for c in site.countries]
    listings += [(site.actor_page(a), f"Incidents involving {a}", site.incidents_of_actor[a]) for a in site.actors]
    for path, title, incidents in listings:
        if reuse is not None and reuse(path, _digest("listing", path, title, rows(incidents))):
            pages[path] = None
            continue
        pages[path] = _render(
            "listing.md.j2", path, site, title=title, incidents=incidents, headline_figures=HEADLINE_FIGURES
        )
    for incident in site.incidents:
        path = page_path_of_incident(incident.id)
        chart = chart_path_of_incident(incident.id) if incident.id in charts else None
        if reuse is not None and reuse(path, _incident_inputs(site, incident, chart, claim_texts)):
            pages[path] = None
            continue
        pages[path] = _render("incident.md.j2", path, site, incident=incident, chart=chart)
    for article in site.articles:
        path = page_path_of_article(article.id)
        claims = site.claims_of_article.get(article.id, [])
        if reuse is not None and reuse(path, _article_inputs(site, article, claims, claim_texts)):
            pages[path] = None
            continue
        paragraphs, placed = article_body(article, claims)
        pages[path] = _render(
            "article.md.j2", path, site, article=article, claims=claims, paragraphs=paragraphs, placed=placed
        )
    return pages


Reuse = Callable[[str, str], bool]
"""Asked with a page's path and a digest of everything it is rendered from: True when the
page on disk was rendered from the same (see :class:`PageDigests`), so it is not rendered again."""


@cache
def _renderer_version() -> str:
    """A digest of the code and templates that turn records into pages (this module and
    what it imports, and the templates): a change elsewhere re-renders nothing."""
    digest = hashlib.sha256(source_digest(("render",)).encode())
    for path in sorted(TEMPLATES.glob("*.j2")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _digest(*parts: object, text: str = "") -> str:
    """A digest of the renderer's version and ``parts`` (by their repr), and of a long ``text``
    by its bytes: repr() of a whole article costs more than hashing it."""
    digest = hashlib.sha256(repr((_renderer_version(), *parts)).encode("utf-8"))
    digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _incident_inputs(site: Site, incident: Incident, chart: str | None, claim_texts: _ClaimTexts) -> str:
    """Everything an incident page shows: the incident, its figures and claims, the articles
    behind them, its chart, its tags and the addresses of its country and actors."""
    articles = [(a.id, a.title, a.publisher, a.published) for a in site.articles_of_incident(incident)]
    stems = (site.country_stem.get(incident.country or ""), [site.actor_stem.get(a) for a in incident.actors])
    # A key figure's claims are among the incident's, digested whole: the figure names them.
    figures = [
        (f.category, f.group, f.low, f.best, f.high, f.conflict, _claim_id(f.latest), [_claim_id(c) for c in f.claims])
        for f in site.figures_of_incident.get(incident.id, [])
    ]
    claims = claim_texts(site.claims_of_incident.get(incident.id, []))
    return _digest("incident", incident, figures, articles, chart, site.tags_of(incident), stems, text=claims)


def _claim_id(claim: Claim | None) -> tuple | None:
    return None if claim is None else (claim.article, claim.start, claim.end, claim.category, claim.group)


class _ClaimTexts:
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


class _RowInputs:
    """What a listing's row shows of an incident (``_incident_rows.md.j2``): its date, place,
    address and title and its headline figures; each incident's worked out once per build."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.known: dict[str, tuple] = {}

    def __call__(self, incidents: Iterable[Incident]) -> list[tuple]:
        return [self.known.get(i.id) or self._row(i) for i in incidents]

    def _row(self, incident: Incident) -> tuple:
        figures = self.site.figures_of_incident.get(incident.id, [])[:HEADLINE_FIGURES]
        row = (incident.id, incident.title, incident.date, place(incident), [figure_summary(f) for f in figures])
        self.known[incident.id] = row
        return row


def _article_inputs(site: Site, article: Article, claims: list[Claim], claim_texts: _ClaimTexts) -> str:
    """Everything an article page shows: the article, its claims and the incidents it reports."""
    incidents = [(i.id, i.title) for i in site.incidents_of_article.get(article.id, [])]
    fields = [(name, getattr(article, name)) for name in _ARTICLE_FIELDS if name != "text"]
    orphans = [site.incident.get(c.incident) is None for c in claims]
    return _digest("article", fields, incidents, orphans, text=f"{claim_texts(claims)}\0{article.text}")


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
            data = json.loads(self.path.read_text(encoding="utf-8"))
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
            temporary = self.path.with_name(f".{self.FILE}.tmp")
            temporary.write_text(json.dumps(self.new, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass


def _months(days: list[dt.date | None]) -> list[tuple[str, list[dt.date]]]:
    """The dated days grouped by month, newest first: ``[("January 2022", [days…])]``."""
    months: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for day in days:
        if day is not None:
            months[(day.year, day.month)].append(day)
    return [(dt.date(y, m, 1).strftime("%B %Y"), months[(y, m)]) for y, m in sorted(months, reverse=True)]


def render_files(
    briefing: Briefing,
    *,
    changes: Changes | None = None,
    site_url: str | None = None,
    reuse: Reuse | None = None,
) -> dict[str, bytes | None]:
    """Every generated file (pages, charts, downloads, feed) by path relative to ``docs/``;
    ``None`` for a page ``reuse`` says is already on disk as it would be rendered."""
    site = Site(briefing)
    changes = changes or Changes(first_build=True, new_incidents=tuple(i.id for i in site.incidents))
    # The downloads need nothing the pages make: a second process makes them meanwhile.
    with Pending(lambda: download_files(briefing, site_url=site_url, site=site)) as downloads:
        charts = toll_charts(site)
        pages = _pages(site, changes, charts, reuse)
        files: dict[str, bytes | None] = {p: None if t is None else t.encode("utf-8") for p, t in pages.items()}
        for incident_id, chart in charts.items():
            files[chart_path_of_incident(incident_id)] = chart.encode("utf-8")
        files.update(downloads.result())
    return files


def _sorted_skipped(briefing: Briefing) -> list:
    return sorted(briefing.skipped, key=lambda s: (s.severity != "error", s.severity, s.path, s.reason))


# --- writing -------------------------------------------------------------------


def _owned_files(docs_dir: Path) -> set[str]:
    """The generated files an earlier build left in ``docs_dir`` (and symbolic links, which
    ``os.walk`` lists but does not follow). Walked with ``os.walk``: ``Path.rglob`` over the
    ten thousand files of a large site takes a tenth of a second more."""
    found = {name for name in OWNED_FILES if (docs_dir / name).is_file()}
    for folder in OWNED_DIRS:
        for root, dirs, files in os.walk(docs_dir / folder):
            relative = Path(root).relative_to(docs_dir).as_posix()
            links = [name for name in dirs if os.path.islink(os.path.join(root, name))]
            found.update(f"{relative}/{name}" for name in (*files, *links))
    return found


def _write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` unless the file already holds it; True when written.

    Written to a temporary file and renamed, so ``mkdocs serve`` never reads half a page.
    """
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


def render_site(
    briefing: Briefing,
    docs_dir: Path,
    *,
    changes: Changes | None = None,
    site_url: str | None = None,
    cache_dir: Path | None = None,
) -> RenderResult:
    """Write the site's generated pages, charts and downloads into ``docs_dir``,
    remove generated files that are no longer part of it, and say what changed.

    With a ``cache_dir``, incident and article pages whose inputs are those they were
    last rendered from are left as they are, not rendered again (see :class:`PageDigests`)."""
    docs_dir = Path(docs_dir)
    digests = PageDigests(cache_dir, docs_dir) if cache_dir is not None else None
    files = render_files(briefing, changes=changes, site_url=site_url, reuse=digests.reuse if digests else None)
    written, unchanged = [], []
    for path in sorted(files):
        content = files[path]
        if content is None or not _write_if_changed(docs_dir / path, content):
            unchanged.append(path)
        else:
            written.append(path)
        if digests is not None and content is not None:
            digests.written(path, len(content))
    if digests is not None:
        digests.save()
    removed = sorted(_owned_files(docs_dir) - set(files))
    for path in removed:
        (docs_dir / path).unlink()
    for folder in OWNED_DIRS:
        # Deepest first, so a folder emptied by the removals above goes too.
        for root, dirs, _files in os.walk(docs_dir / folder, topdown=False):
            for name in dirs:
                directory = Path(root, name)
                if not directory.is_symlink() and not any(directory.iterdir()):
                    directory.rmdir()
    return RenderResult(written=tuple(written), removed=tuple(removed), unchanged=tuple(unchanged))
