"""What pages a briefing makes, and their Markdown: the home page, the report, the
listings, and a page per day, country, actor, incident and article, with the
toll charts and the downloads beside them.

Output is deterministic: everything is sorted and nothing depends on the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from ..background import Pending
from ..editions import Changes, chart_path_of_incident, day_page, page_path_of_article, page_path_of_incident
from ..models import TOLL_CATEGORIES, Briefing, Incident
from .chart import toll_chart
from .downloads import download_files
from .filters import article_body, environment, place
from .map_pages import SiteMaps
from .reuse import ClaimTexts, Reuse, article_inputs, incident_inputs, page_digest
from .search_facts import article_search, incident_search
from .site_index import Site
from .wording import figure_summary

LATEST_INCIDENTS = 10
"""How many incidents the home page lists; the rest are a click away."""

HEADLINE_FIGURES = 3
"""How many key figures an incident shows on the home page (killed and injured first)."""


def _render(template: str, page: str, site: Site, **values: object) -> str:
    return environment().get_template(template).render(page=page, site=site, **values)


def render_pages(briefing: Briefing, changes: Changes | None = None) -> dict[str, str]:
    """Every generated Markdown page, by path relative to ``docs/``."""
    site = Site(briefing)
    changes = changes or Changes(first_build=True, new_incidents=tuple(i.id for i in site.incidents))
    pages = _pages(site, changes, toll_charts(site), SiteMaps(site))
    return {path: text for path, text in pages.items() if text is not None}


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


def _pages(
    site: Site, changes: Changes, charts: dict[str, str], maps: SiteMaps, reuse: Reuse | None = None
) -> dict[str, str | None]:
    briefing = site.briefing
    latest = site.incidents[:LATEST_INCIDENTS]
    pages = {
        "index.md": _render(
            "index.md.j2",
            "index.md",
            site,
            headline_figures=HEADLINE_FIGURES,
            latest=latest,
            changes=changes,
            overview=maps.overview("index.md"),
        ),
        "report.md": _render("report.md.j2", "report.md", site, skipped=_sorted_skipped(briefing)),
        "incidents/index.md": _render("incidents_index.md.j2", "incidents/index.md", site),
        "articles/index.md": _render("articles_index.md.j2", "articles/index.md", site),
        "dates/index.md": _render("dates_index.md.j2", "dates/index.md", site, months=_months(site.days)),
        "countries/index.md": _render("countries_index.md.j2", "countries/index.md", site),
        "actors/index.md": _render("actors_index.md.j2", "actors/index.md", site),
    }
    rows = _RowInputs(site)
    claim_texts = ClaimTexts()
    for n, day in enumerate(site.days):
        path = day_page(day)
        newer = site.days[n - 1] if n > 0 and site.days[n - 1] is not None else None
        older = site.days[n + 1] if n + 1 < len(site.days) and day is not None else None
        if reuse is not None and reuse(path, page_digest("day", day, newer, older, rows(site.incidents_of_day[day]))):
            pages[path] = None
            continue
        pages[path] = _render(
            "day.md.j2", path, site, day=day, newer=newer, older=older, headline_figures=HEADLINE_FIGURES
        )
    listings = [
        (path, f"Incidents in {c}", site.incidents_of_country[c], maps.country_overview(c, path))
        for c in site.countries
        for path in [site.country_page(c)]
    ]
    listings += [
        (site.actor_page(a), f"Incidents involving {a}", site.incidents_of_actor[a], None) for a in site.actors
    ]
    for path, title, incidents, overview in listings:
        if reuse is not None and reuse(path, page_digest("listing", path, title, rows(incidents), overview)):
            pages[path] = None
            continue
        pages[path] = _render(
            "listing.md.j2",
            path,
            site,
            title=title,
            incidents=incidents,
            headline_figures=HEADLINE_FIGURES,
            overview=overview,
        )
    for incident in site.incidents:
        path = page_path_of_incident(incident.id)
        chart = chart_path_of_incident(incident.id) if incident.id in charts else None
        locator = maps.locator(incident, path)
        search = incident_search(site, incident)
        if reuse is not None and reuse(path, incident_inputs(site, incident, chart, claim_texts, locator, search)):
            pages[path] = None
            continue
        pages[path] = _render(
            "incident.md.j2", path, site, incident=incident, chart=chart, locator=locator, search=search
        )
    for article in site.articles:
        path = page_path_of_article(article.id)
        claims = site.claims_of_article.get(article.id, [])
        search = article_search(site, article)
        if reuse is not None and reuse(path, article_inputs(site, article, claims, claim_texts, search)):
            pages[path] = None
            continue
        paragraphs, placed = article_body(article, claims)
        pages[path] = _render(
            "article.md.j2",
            path,
            site,
            article=article,
            claims=claims,
            paragraphs=paragraphs,
            placed=placed,
            search=search,
        )
    return pages


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
        confidence = self.site.confidence_of_incident.get(incident.id)
        row = (incident.id, incident.title, incident.date, place(incident), [figure_summary(f) for f in figures],
               confidence, self.site.short_names_of(incident))  # fmt: skip
        self.known[incident.id] = row
        return row


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
    with Pending(lambda: download_files(briefing, site_url=site_url, site=site, changes=changes)) as downloads:
        charts = toll_charts(site)
        maps = SiteMaps(site)
        pages = _pages(site, changes, charts, maps, reuse)
        files: dict[str, bytes | None] = {p: None if t is None else t.encode("utf-8") for p, t in pages.items()}
        for incident_id, chart in charts.items():
            files[chart_path_of_incident(incident_id)] = chart.encode("utf-8")
        for path, svg in maps.files().items():
            files[path] = svg.encode("utf-8")
        files.update(downloads.result())
    return files


def _sorted_skipped(briefing: Briefing) -> list:
    return sorted(briefing.skipped, key=lambda s: (s.severity != "error", s.severity, s.path, s.reason))
