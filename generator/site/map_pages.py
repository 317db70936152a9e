"""Which maps a site shows, and the HTML that shows them: a locator on each incident page
(its country among its neighbours, the place marked), and an overview of every incident's
place on the home page and of a country's on its page. The drawing is :mod:`.maps`'.

Base maps are files under ``maps/``, one per country and one overview, written with the
build's other files; a page carries only its marks. Boundaries are loaded only when some
incident is placed in a country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from markupsafe import Markup

from ..editions import page_path_of_incident
from ..models import Incident
from . import markdown_text as mt
from .boundaries import Country, country_named
from .filters import coordinates_text, map_link, place
from .maps import Frame, Mark, base_map, country_frame, marks_svg, points_frame
from .site_index import Site

OVERVIEW_MAP = "maps/overview.svg"
MAX_PLACES = 300
"""How many places an overview marks (the newest first): past that a map is a blot."""
PRECISE_KINDS = frozenset({"city", "town", "village", "neighbourhood", "suburb", "place", "site", "building"})
"""Place kinds a dot stands for; a province or region is drawn as a wide ring."""


def country_map(country: Country) -> str:
    return f"maps/{country.iso3.lower()}.svg"


class SiteMaps:
    """The maps of one site: base files, and the HTML of each page's map."""

    def __init__(self, site: Site) -> None:
        self.site = site

    @cached_property
    def _countries(self) -> dict[str, tuple[Country, Frame]]:
        """Country name → its outline and map frame, for the countries of located incidents."""
        found = {}
        for name in sorted({i.country for i in self.site.incidents if i.country and _located(i)}):
            country = country_named(name)
            if country is not None:
                found[name] = (country, country_frame(country))
        return found

    @cached_property
    def _overview(self) -> Frame | None:
        return points_frame((i.longitude, i.latitude) for i in self._placed(self.site.incidents))

    def files(self) -> dict[str, str]:
        """Every base map, by its path relative to ``docs/``."""
        files = {
            country_map(country): base_map(frame, title=f"{country.name} and its neighbours", focus=country.iso3)
            for country, frame in self._countries.values()
        }
        if self._overview is not None:
            shaded = sorted(country.iso3 for country, _ in self._countries.values())
            files[OVERVIEW_MAP] = base_map(self._overview, title="Where the incidents happened", shaded=shaded)
        return files

    def locator(self, incident: Incident, page: str) -> Markup | None:
        """The incident's place on the map of its country, or ``None`` when it cannot be drawn."""
        known = self._countries.get(incident.country or "")
        if known is None or not _located(incident):
            return None
        country, frame = known
        assert incident.latitude is not None and incident.longitude is not None
        if not frame.contains(incident.longitude, incident.latitude):
            return None
        precise = incident.place_kind in PRECISE_KINDS
        where = incident.location or country.name
        area = incident.place_kind or "area"
        label = where if precise else f"{where} (somewhere in the {area})"
        mark = Mark(incident.longitude, incident.latitude, "", label, precise=precise)
        caption = Markup(f"{mt.escape_html(f'{where}: {coordinates_text(incident)}')}; {map_link(incident)}")
        return _figure(
            "locator", frame, country_map(country), page, [mark],
            alt=f"Map of {country.name} and its neighbours", label=f"{label} marked on the map", caption=caption,
        )  # fmt: skip

    def overview(self, page: str) -> Markup | None:
        """Every incident's place on one map, for the home page."""
        if self._overview is None:
            return None
        return self._places(self._overview, OVERVIEW_MAP, page, self.site.incidents, "Where the incidents happened")

    def country_overview(self, country_name: str, page: str) -> Markup | None:
        """A country's incidents on its map, for the country's page."""
        known = self._countries.get(country_name)
        if known is None:
            return None
        country, frame = known
        incidents = self.site.incidents_of_country.get(country_name, [])
        title = f"Where the incidents in {country.name} happened"
        return self._places(frame, country_map(country), page, incidents, title)

    def _placed(self, incidents: Sequence[Incident]) -> list[Incident]:
        return [i for i in incidents if _located(i)]

    def _places(self, frame: Frame, base: str, page: str, incidents: Sequence[Incident], title: str) -> Markup | None:
        """One mark per place (incidents newest first, as the site lists them), linked to its newest incident."""
        at: dict[tuple[float, float], list[Incident]] = defaultdict(list)
        for incident in self._placed(incidents):
            assert incident.latitude is not None and incident.longitude is not None
            if frame.contains(incident.longitude, incident.latitude):
                at[(round(incident.longitude, 2), round(incident.latitude, 2))].append(incident)
        if not at:
            return None
        places = list(at.items())[:MAX_PLACES]
        marks = []
        for (lon, lat), here in places:
            newest = here[0]
            href = mt.page_url(page_path_of_incident(newest.id), page)
            count = f"{len(here)} incidents, the newest" if len(here) > 1 else "1 incident"
            label = f"{place(newest)}: {count} {newest.date or 'date unknown'}, {newest.title}"
            marks.append(Mark(lon, lat, href, label, count=len(here), precise=newest.place_kind in PRECISE_KINDS))
        left = len(at) - len(places)
        caption = f"{len(places)} place(s) of {sum(len(h) for _, h in places)} incident(s)"
        caption += f"; {left} older place(s) not marked" if left else ""
        caption += ". Each mark links to the newest incident there."
        return _figure("overview", frame, base, page, marks, alt=title, label=title, caption=caption)


def _located(incident: Incident) -> bool:
    return incident.latitude is not None and incident.longitude is not None


def _figure(
    kind: str, frame: Frame, base: str, page: str, marks: list[Mark], *, alt: str, label: str, caption: str
) -> Markup:
    """The base map as an image, the marks laid over it, and a caption: one raw HTML block."""
    src = mt.escape_html(mt.page_url(base, page))
    return Markup(
        f'<figure class="map {kind}-map"><div class="map-frame">'
        f'<img src="{src}" alt="{mt.escape_html(alt)}" width="{frame.width}" height="{frame.height}">'
        f"{marks_svg(frame, marks, label=label)}</div>"
        f"<figcaption>{mt.escape_html(caption)}</figcaption></figure>"
    )
