"""What an incident or article page tells the site's search about itself.

The page's front matter carries these facts (``search:``); the theme
(``overrides/main.html``) turns them into Pagefind's ``data-pagefind-*`` marks:
what a result shows (its kind, date and place), what a reader filters by
(country, kind of event, year) and the other names the page is found by,
indexed but not shown. :mod:`.search_index` then indexes the built pages.
"""

from __future__ import annotations

from ..models import Article, Incident
from .filters import place
from .site_index import Site


def incident_search(site: Site, incident: Incident) -> dict[str, object]:
    """An incident's kind, date and place; its country, kind of event and year to filter by; the
    ``names`` of its place, actors and claimants that its page does not show (those the alias
    table knows: "Hassakeh", "Daesh", "OSDH"; the page shows the spellings its articles use);
    and the ``mentions``: every name of the other organisations its articles name ("Amaq").
    The theme weighs a mention below a name, and both below what the page shows, so that a
    search for "ISIS" puts first the incidents Islamic State carried out, then those whose
    reports only name it."""
    facts: dict[str, object] = {"kind": "incident", "title": incident.title}
    if incident.date is not None:
        facts["date"] = incident.date.isoformat()
    where = place(incident)
    if where:
        facts["place"] = where
    facts.update(_filters([incident]))
    claimants = sorted({c.claimant for c in site.claims_of_incident.get(incident.id, []) if c.claimant})
    own = [n for n in (incident.location, *incident.actors, *claimants) if n]
    shown = {*own, *incident.aliases}
    names = [other for name in own for other in site.other_names.get(name, ()) if other not in shown]
    named = [n for a in site.articles_of_incident(incident) for n in site.organisations_named.get(a.id, ())]
    mentions = [m for n in named if n not in own for m in (n, *site.other_names.get(n, ())) if m not in shown]
    if names:
        facts["names"] = list(dict.fromkeys(names))
    if mentions:
        facts["mentions"] = [m for m in dict.fromkeys(mentions) if m not in names]
    return facts


def article_search(site: Site, article: Article) -> dict[str, object]:
    """An article's kind, publication date and the countries of the incidents it reports; it is
    filtered by their country, kind of event and year (or by the year it was published, when
    it reports no dated incident)."""
    facts: dict[str, object] = {"kind": "article", "title": article.title}
    if article.published is not None:
        facts["date"] = article.published.isoformat()
    incidents = site.incidents_of_article.get(article.id, [])
    countries = list(dict.fromkeys(i.country for i in incidents if i.country))
    if countries:
        facts["place"] = ", ".join(countries)
    facts.update(_filters(incidents))
    if "year" not in facts and article.published is not None:
        facts["year"] = [str(article.published.year)]
    return facts


def _filters(incidents: list[Incident]) -> dict[str, list[str]]:
    """Country, kind of event and year of ``incidents``, each list in their order without repeats."""
    values = {
        "country": [i.country for i in incidents if i.country],
        "event": [i.kind for i in incidents if i.kind],
        "year": [str(i.date.year) for i in incidents if i.date is not None],
    }
    return {key: list(dict.fromkeys(found)) for key, found in values.items() if found}
