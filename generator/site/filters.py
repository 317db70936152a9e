"""Links and texts for the page templates, and the Jinja2 environment that holds them.

These filters are the only code that emits HTML or Markdown syntax: every other
``{{ value }}`` of a template is escaped as text (:mod:`.markdown_text`), and inside the
raw HTML blocks the pages are mostly made of, values go through ``h``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..editions import Revision, day_page, page_path_of_article, page_path_of_incident
from ..models import Article, Claim, Confidence, Incident, KeyFigure
from . import markdown_text as mt
from .summary import date_text
from .wording import (
    GRADE_WORDS,
    HEDGE_WORDS,
    count_text,
    counts_words,
    figure_summary,
    figure_text,
    range_text,
)

TEMPLATES = Path(__file__).parent / "templates"


@jinja2.pass_context
def url(ctx: jinja2.runtime.Context, target: str, anchor: str = "") -> Markup:
    """The URL of a generated page (given as ``incidents/x.md``) from the current one, for raw HTML."""
    return Markup(mt.escape_html(mt.page_url(target, ctx["page"], anchor)))


@jinja2.pass_context
def article_link(
    ctx: jinja2.runtime.Context, article_id: str, anchor: str = "", text: object = None, short: bool = False
) -> object:
    """A link to an article's page (at ``anchor``), titled with the article's title
    (``short``: its first words, for a table column that must stay narrow)."""
    article = ctx["site"].article.get(article_id)
    if article is None:
        return mt.escape_html(article_id)
    label = text if text is not None else (short_title(article.title) if short else article.title)
    return mt.html_link(label, mt.page_url(page_path_of_article(article_id), ctx["page"], anchor))


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
        return mt.escape_html(incident_id)
    return mt.html_link(incident.title, mt.page_url(page_path_of_incident(incident.id), ctx["page"]))


@jinja2.pass_context
def href(ctx: jinja2.runtime.Context, target: str) -> Markup:
    """The relative link from the current page to a page given relative to ``docs/``, for a
    Markdown link (MkDocs turns ``.md`` into the page's address)."""
    return Markup(mt.page_href(target, ctx["page"]))


@jinja2.pass_context
def figure_in_text(ctx: jinja2.runtime.Context, claim: Claim) -> Markup:
    """On an article page: the figure, linked to its number in the text above, or
    carrying the claim's anchor itself when the text could not (see ``article_body``)."""
    figure = mt.escape_html(figure_text(claim))
    if claim.anchor in ctx["placed"]:
        return Markup(f'<a href="#{claim.anchor}">{figure}</a>')
    return Markup(f'<span class="claim" id="{claim.anchor}"></span>{figure}')


@jinja2.pass_context
def day_link(ctx: jinja2.runtime.Context, day: dt.date | None) -> Markup:
    """A link to the page of a day's incidents, titled with the date, or "date unknown"."""
    return mt.html_link(day.isoformat() if day else "date unknown", mt.page_url(day_page(day), ctx["page"]))


@jinja2.pass_context
def country_link(ctx: jinja2.runtime.Context, country: str | None) -> object:
    site = ctx["site"]
    if not country or country not in site.country_stem:
        return mt.escape_html(country)
    return mt.html_link(country, mt.page_url(site.country_page(country), ctx["page"]))


@jinja2.pass_context
def actor_link(ctx: jinja2.runtime.Context, actor: str) -> object:
    site = ctx["site"]
    if actor not in site.actor_stem:
        return mt.escape_html(actor)
    return mt.html_link(actor, mt.page_url(site.actor_page(actor), ctx["page"]))


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
    return mt.external_html_link(
        "OpenStreetMap", f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"
    )


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
    return report_text(ctx, figure.latest) if figure.latest is not None else mt.escape_html(None)


@jinja2.pass_context
def report_text(ctx: jinja2.runtime.Context, claim: Claim) -> object:
    """One report of a figure: ``at least 23 (Syrian Observatory for Human Rights, 2022-01-21)``,
    linked to the sentence that states it."""
    article = ctx["site"].article.get(claim.article)
    published = article.published.isoformat() if article and article.published else "undated"
    text = f"{figure_text(claim)} ({claim.claimant or 'no source named'}, {published})"
    return article_link(ctx, claim.article, claim.anchor, text)


@jinja2.pass_context
def report_cell(ctx: jinja2.runtime.Context, claim: Claim) -> Markup:
    """The report a claim is read from, for the sources table: its date, then its title's first
    words linked to the claim's sentence (on paper, the date and title trace the figure)."""
    article = ctx["site"].article.get(claim.article)
    published = article.published.isoformat() if article and article.published else "undated"
    link = article_link(ctx, claim.article, claim.anchor, short=True)
    return Markup(f'<span class="report-date">{published}</span> {link}')


def _source_names(sources: Iterable[str], short_names: dict[str, str]) -> list[str]:
    """Sources as a reader names them; the outlets of unattributed figures counted as one item."""
    named = [short_names.get(s, s) for s in sources if not s.startswith("article:")]
    unattributed = sum(1 for s in sources if s.startswith("article:"))
    if unattributed:
        named.append("an unattributed report" if unattributed == 1 else f"{unattributed} unattributed reports")
    return named


def _and(names: Sequence[str], word: str = "and") -> str:
    if len(names) < 3:
        return f" {word} ".join(names)
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


@jinja2.pass_context
def confidence_text(ctx: jinja2.runtime.Context, confidence: Confidence | None) -> str:
    """Whom a grade rests on: ``SOHR and Kurdish officials``, ``SOHR and Kurdish officials disagree``."""
    if confidence is None:
        return ""
    short = ctx["site"].short_names
    if confidence.grade == "contested":
        return f"{_and(_source_names(confidence.disputed, short))} disagree"
    if confidence.grade == "party_claim":
        return f"{_and(_source_names(confidence.parties, short))} only, a party to the fight"
    return _and(_source_names(confidence.sources, short)) or "no source named"


@jinja2.pass_context
def grade_badge(ctx: jinja2.runtime.Context, confidence: Confidence | None, detail: bool = True) -> Markup:
    """The grade as a badge (words, not colour alone), with what it rests on, linked to how it is worked out."""
    if confidence is None:
        return Markup('<span class="grade grade-none">—</span>')
    words = GRADE_WORDS.get(confidence.grade, confidence.grade)
    about = mt.escape_html(mt.page_url("methodology.md", ctx["page"], "confidence"))
    badge = f'<a class="grade grade-{confidence.grade}" href="{about}">{mt.escape_html(words)}</a>'
    rest = confidence_text(ctx, confidence) if detail else ""
    return Markup(f'{badge} <span class="grade-detail">{mt.escape_html(rest)}</span>' if rest else badge)


def article_body(article: Article, claims: Iterable[Claim]) -> tuple[list[tuple[str, Markup]], frozenset[str]]:
    """The report's paragraphs as escaped HTML, each claim's number wrapped in
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
            pieces.append(mt.escape_html(article.text[cursor : claim.start], strip=False))
            number = mt.escape_html(article.text[claim.start : claim.end], strip=False)
            pieces.append(f'<mark class="claim" id="{claim.anchor}">{number}</mark>')
            placed.add(claim.anchor)
            cursor = claim.end
        pieces.append(mt.escape_html(article.text[cursor : span.end], strip=False))
        paragraph = Markup("".join(pieces).strip())
        if paragraph:
            paragraphs.append((span.kind, paragraph))
    return paragraphs, frozenset(placed)


def long_date(day: dt.date | None) -> str:
    """``20 Jan 2022``: the date as a reader says it (the ISO date stays in links and tables)."""
    return date_text(day) if day else "undated"


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
        h=mt.escape_html,
        url=url,
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
        report_cell=report_cell,
        grade=grade_badge,
        grade_words=lambda c: GRADE_WORDS.get(c.grade, c.grade) if c else None,
        long_date=long_date,
        external_link=lambda url: mt.external_html_link("the article on the web", url),
    )
    env.tests["single"] = lambda items: len(items) < 2
    return env
