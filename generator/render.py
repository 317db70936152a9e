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
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import markdown_text as mt
from generator.models import CATEGORIES, GROUPS, Article, Briefing, Claim, Incident, KeyFigure

TEMPLATES = Path(__file__).parent / "templates"
EXPORT_PAGE = "downloads/briefings.json"
OWNED_FILES = ("index.md", "report.md")
OWNED_DIRS = ("incidents", "articles", "downloads")

# Ids that would collide with a listing page (MkDocs also takes README.md as an index).
_RESERVED_STEMS = frozenset({"index", "readme"})

GROUP_WORDS = {
    "security_forces": "Security forces",
    "militants": "Militants",
    "civilians": "Civilians",
    "unspecified": "People",
}
HEDGE_WORDS = {"exact": "exact", "at_least": "at least", "at_most": "at most", "approx": "about"}
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


def _page_stem(kind: str, item_id: str) -> str:
    """The file stem for an id: the id itself, with ``~`` appended when it would
    collide with a listing page or already ends with ``~`` (so the mapping stays
    one-to-one)."""
    if not item_id or item_id.startswith(".") or any(ch in item_id for ch in "/\\\0"):
        raise ValueError(
            f"{kind} id {item_id!r} cannot name a page: ids must not be empty, start with '.' "
            "or contain '/' or '\\'; rename the input file"
        )
    if item_id.lower() in _RESERVED_STEMS or item_id.endswith("~"):
        return item_id + "~"
    return item_id


def page_path_of_incident(incident_id: str) -> str:
    """The incident's page, relative to ``docs/``: ``incidents/<id>.md``."""
    return f"incidents/{_page_stem('incident', incident_id)}.md"


def page_path_of_article(article_id: str) -> str:
    """The article's page, relative to ``docs/``: ``articles/<id>.md``."""
    return f"articles/{_page_stem('article', article_id)}.md"


# --- words for the vocabularies ---------------------------------------------


def counts_words(category: str, group: str) -> str:
    """What a figure counts, in words: ``Security forces killed``, ``Militants fighting``."""
    who = GROUP_WORDS.get(group, group.replace("_", " ").capitalize())
    if category == "fighters":
        return "Fighters" if group == "unspecified" else f"{who} fighting"
    return f"{who} {category.replace('_', ' ')}"


def figure_text(claim: Claim) -> str:
    """The figure as the article wrote it (``nearly a dozen``), or built from the
    value and hedge (``at least 23``)."""
    if claim.number_text.strip():
        return claim.number_text
    if claim.value is None:
        return "an unstated number"
    hedge = HEDGE_WORDS.get(claim.qualifier, "")
    return f"{hedge} {claim.value:,}" if hedge and claim.qualifier != "exact" else f"{claim.value:,}"


def count_text(count: int | None) -> str | None:
    """A count with thousands separators (``3,500``); ``None`` stays ``None`` (a dash)."""
    return None if count is None else f"{count:,}"


def range_text(low: int | None, high: int | None) -> str:
    """``5–28``, ``23``, ``at least 5``, ``up to 28`` or ``unknown``."""
    if low is not None and high is not None:
        return count_text(low) if low == high else f"{low:,}–{high:,}"
    if low is not None:
        return f"at least {low:,}"
    if high is not None:
        return f"up to {high:,}"
    return "unknown"


def _figure_order(item: KeyFigure | Claim) -> tuple[int, int, str, str]:
    """Killed before injured before the rest (the order of ``CATEGORIES``), then by group."""

    def index(vocabulary: tuple[str, ...], value: str) -> int:
        return vocabulary.index(value) if value in vocabulary else len(vocabulary)

    return (index(CATEGORIES, item.category), index(GROUPS, item.group), item.category, item.group)


def _newest_first(date: dt.date | None, item_id: str) -> tuple[bool, int, str]:
    """Sort key: newest first, undated last, ties by id."""
    return (date is None, -date.toordinal() if date else 0, item_id)


# --- the briefing, indexed for the pages --------------------------------------


class Site:
    """Lookups over one briefing, every sequence in page order."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.articles = tuple(sorted(briefing.articles, key=lambda a: _newest_first(a.published, a.id)))
        self.incidents = tuple(sorted(briefing.incidents, key=lambda i: _newest_first(i.date, i.id)))
        self.article = {a.id: a for a in self.articles}
        self.incident = {i.id: i for i in self.incidents}
        # repr() last: a total order, so equal-looking claims never keep their input order.
        claims = sorted(briefing.claims, key=lambda c: (c.article, c.start, c.end, *_figure_order(c), repr(c)))
        self.claims_of_article: dict[str, list[Claim]] = defaultdict(list)
        self.claims_of_incident: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            self.claims_of_article[claim.article].append(claim)
            if claim.incident is not None:
                self.claims_of_incident[claim.incident].append(claim)
        for incident_claims in self.claims_of_incident.values():
            # Oldest report first; the sort is stable, so ties keep the total order above.
            incident_claims.sort(key=lambda c: (self._published_order(c.article), c.article, c.start))
        self.figures_of_incident: dict[str, list[KeyFigure]] = defaultdict(list)
        for figure in sorted(briefing.key_figures, key=lambda k: (*_figure_order(k), repr(k))):
            self.figures_of_incident[figure.incident].append(figure)
        reported: dict[str, set[str]] = defaultdict(set)
        for incident in self.incidents:
            for article_id in incident.articles:
                reported[article_id].add(incident.id)
        for claim in claims:
            if claim.incident in self.incident:
                reported[claim.article].add(claim.incident)
        self.incidents_of_article = {
            article_id: [i for i in self.incidents if i.id in ids] for article_id, ids in reported.items()
        }

    def _published_order(self, article_id: str) -> tuple:
        article = self.article.get(article_id)
        published = article.published if article else None
        return (published is None, published.toordinal() if published else 0)

    def articles_of_incident(self, incident: Incident) -> list[Article]:
        """The known articles reporting ``incident``, oldest first."""
        known = {a for a in incident.articles if a in self.article}
        known |= {c.article for c in self.claims_of_incident.get(incident.id, ()) if c.article in self.article}
        return sorted((self.article[a] for a in known), key=lambda a: (*self._published_order(a.id), a.id))


# --- filters: the only code that emits Markdown syntax ------------------------


@jinja2.pass_context
def article_link(ctx: jinja2.runtime.Context, article_id: str, anchor: str = "", text: object = None) -> object:
    """A link to an article's page (at ``anchor``), titled with the article's title."""
    article = ctx["site"].article.get(article_id)
    if article is None:
        return article_id
    return mt.link(
        article.title if text is None else text, mt.page_href(page_path_of_article(article_id), ctx["page"], anchor)
    )


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


def place(incident: Incident) -> str | None:
    """``Al-Hasakah, Syria``, or whichever of the two is known (once when they are the same)."""
    parts = [p for p in dict.fromkeys((incident.location, incident.country)) if p]
    return ", ".join(parts) if parts else None


def figure_summary(figure: KeyFigure) -> str:
    """One key figure in a line: ``Security forces killed: 5–28, best 23``."""
    text = f"{counts_words(figure.category, figure.group)}: {range_text(figure.low, figure.high)}"
    if figure.best is not None and not (figure.low == figure.high == figure.best):
        text += f", best {figure.best:,}"
    return text


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


def render_pages(briefing: Briefing) -> dict[str, str]:
    """Every generated Markdown page, by path relative to ``docs/``."""
    site = Site(briefing)
    pages = {
        "index.md": _render("index.md.j2", "index.md", site, headline_figures=HEADLINE_FIGURES),
        "report.md": _render("report.md.j2", "report.md", site, skipped=_sorted_skipped(briefing)),
        "incidents/index.md": _render("incidents_index.md.j2", "incidents/index.md", site),
        "articles/index.md": _render("articles_index.md.j2", "articles/index.md", site),
    }
    for incident in site.incidents:
        path = page_path_of_incident(incident.id)
        pages[path] = _render("incident.md.j2", path, site, incident=incident)
    for article in site.articles:
        path = page_path_of_article(article.id)
        claims = site.claims_of_article.get(article.id, [])
        paragraphs, placed = article_body(article, claims)
        pages[path] = _render(
            "article.md.j2", path, site, article=article, claims=claims, paragraphs=paragraphs, placed=placed
        )
    return pages


def _sorted_skipped(briefing: Briefing) -> list:
    return sorted(briefing.skipped, key=lambda s: (s.severity != "error", s.severity, s.path, s.reason))


# --- writing -------------------------------------------------------------------


def _owned_files(docs_dir: Path) -> set[str]:
    """The generated files an earlier build left in ``docs_dir``."""
    found = {name for name in OWNED_FILES if (docs_dir / name).is_file()}
    for folder in OWNED_DIRS:
        for path in (docs_dir / folder).rglob("*"):
            if path.is_file() or path.is_symlink():
                found.add(path.relative_to(docs_dir).as_posix())
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


def render_site(briefing: Briefing, docs_dir: Path, export_json: str) -> RenderResult:
    """Write the site's generated pages and the JSON export into ``docs_dir``,
    remove generated files that are no longer part of it, and say what changed."""
    docs_dir = Path(docs_dir)
    files = {path: text.encode("utf-8") for path, text in render_pages(briefing).items()}
    files[EXPORT_PAGE] = export_json.encode("utf-8")
    written, unchanged = [], []
    for path in sorted(files):
        (written if _write_if_changed(docs_dir / path, files[path]) else unchanged).append(path)
    removed = sorted(_owned_files(docs_dir) - set(files))
    for path in removed:
        (docs_dir / path).unlink()
    for folder in OWNED_DIRS:
        # Deepest first, so a folder emptied by the removals above goes too.
        for directory in sorted((docs_dir / folder).rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
    return RenderResult(written=tuple(written), removed=tuple(removed), unchanged=tuple(unchanged))
