"""The site's downloadable files as text: the export JSON, the claims table
(CSV), the incidents map layer (GeoJSON) and the news feed (Atom).

Pure functions of a :class:`~generator.models.Briefing`: no file I/O and no
Markdown, so the renderer decides where they go and tests read them back
directly. Like the export JSON, each is byte-identical for the same briefing:
everything is sorted with a total order, and every date comes from the
articles, never from the clock — a feed reader must not see a rebuild as news.
Counts and key figures come from :class:`~generator.site_index.Site`, so a download
never disagrees with the page it describes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import quote

from ..editions import page_path_of_incident
from ..models import Briefing, Claim, Incident, KeyFigure
from . import json_text
from .export import export_json
from .site_index import Site, sorted_totally
from .wording import figure_summary

CSV_COLUMNS = (
    "incident",
    "incident_title",
    "incident_date",
    "country",
    "location",
    "article",
    "article_title",
    "published",
    "publisher",
    "category",
    "group",
    "value",
    "low",
    "high",
    "qualifier",
    "claimant",
    "quote",
    "start",
    "end",
    "source_url",
)
NUMERIC_COLUMNS = frozenset({"value", "low", "high", "start", "end"})

# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ATOM = "http://www.w3.org/2005/Atom"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_PAGE = "feed.xml"
"""At the site's root, so that the relative links of its entries resolve against it."""
EXPORT_PAGE = "downloads/briefings.json"
CLAIMS_CSV = "downloads/claims.csv"
INCIDENTS_GEOJSON = "downloads/incidents.geojson"
EPOCH = "1970-01-01T00:00:00Z"
"""The feed's ``updated`` when it has no entries: a fixed date, since the clock is not an input."""

# Characters XML 1.0 cannot carry at all, not even escaped (C0 controls but tab and newlines,
# lone surrogates, U+FFFE/U+FFFF): one in an article's title would make the whole feed unreadable.
_NOT_XML = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # and text-direction controls: they could reverse a number
)


# --- shared ---------------------------------------------------------------------


def incident_url(incident_id: str) -> str:
    """The incident page's address relative to the site root: ``incidents/<id>/``.

    Derived from the page's file path so the reserved-name rule of ``addresses`` (an id
    ``index`` becomes ``index~``) holds here too; percent-encoded so an id with a space
    is still a valid link."""
    return quote(page_path_of_incident(incident_id).removesuffix(".md") + "/")


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _figures(site: Site, incident_id: str) -> list[KeyFigure]:
    """The incident's key figures in page order (killed before injured, then by group)."""
    return site.figures_of_incident.get(incident_id, [])


# --- claims.csv -----------------------------------------------------------------


def _csv_text(value: str | None) -> str:
    """A text cell made safe to open in a spreadsheet.

    Claims quote untrusted articles, and analysts open the file in Excel or
    LibreOffice, which run a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a
    tab or carriage return before one) as a formula — ``=HYPERLINK(...)`` can leak
    data or start a program. A leading apostrophe makes the spreadsheet show the
    cell as text; the cost is one visible ``'`` in a rare cell, which is why it is
    added only when needed. Line breaks become ``\\n``: Python's ``csv`` quotes a
    field only for the characters of its line terminator, so a bare ``\\r`` would
    otherwise split the row when read back.
    """
    if not value:
        return ""
    text = value.replace("\r\n", "\n") if "\r" in value else value
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return text.replace("\r", "\n") if "\r" in text else text


def _csv_number(value: int | None) -> str:
    """A numeric cell: a plain integer (no separators), empty when unknown."""
    return "" if value is None else str(int(value))


def claims_csv(briefing: Briefing) -> str:
    """Every claim as one CSV row under a header row, sorted by (article, start).

    The columns are :data:`CSV_COLUMNS`; each claim carries its incident's and its
    article's fields so the table stands alone in a spreadsheet. Text cells are
    neutralised against formula injection (see :func:`_csv_text`); the numeric
    columns (:data:`NUMERIC_COLUMNS`) stay plain integers so they still sort and sum.
    """
    # An article's and an incident's cells are made once, not once per claim.
    no_article = ("",) * 4
    article_cells = {
        a.id: (_csv_text(a.title), _iso(a.published), _csv_text(a.publisher), _csv_text(a.url))
        for a in briefing.articles
    }
    no_incident = ("",) * 4
    incident_cells = {
        i.id: (_csv_text(i.title), _iso(i.date), _csv_text(i.country), _csv_text(i.location))
        for i in briefing.incidents
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for c in sorted_totally(briefing.claims, _row_key, Claim.order):
        title, date, country, location = incident_cells.get(c.incident, no_incident) if c.incident else no_incident
        article_title, published, publisher, url = article_cells.get(c.article, no_article)
        writer.writerow((
            _csv_text(c.incident), title, date, country, location,
            _csv_text(c.article), article_title, published, publisher,
            _csv_text(c.category), _csv_text(c.group),
            _csv_number(c.value), _csv_number(c.low), _csv_number(c.high),
            _csv_text(c.qualifier), _csv_text(c.claimant), _csv_text(c.quote),
            _csv_number(c.start), _csv_number(c.end), url,
        ))  # fmt: skip
    return out.getvalue()


def _row_key(claim: Claim) -> tuple:
    return (claim.article, claim.start, claim.end, claim.category, claim.group)


# --- incidents.geojson ----------------------------------------------------------


def _point(incident: Incident) -> dict | None:
    """A GeoJSON Point, longitude first as RFC 7946 orders it; ``None`` unless both are known.

    Non-finite degrees count as unknown: JSON has no NaN, and a map would put it nowhere."""
    lat, lon = incident.latitude, incident.longitude
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def incidents_geojson(briefing: Briefing, *, site: Site | None = None) -> str:
    """Every incident as a GeoJSON Feature (RFC 7946), sorted by id, for a GIS or web map.

    An incident the gazetteer cannot place keeps its Feature with a ``null``
    geometry, so the download still lists every incident."""
    site = site or Site(briefing)
    features = []
    for incident in sorted(briefing.incidents, key=lambda i: i.id):
        features.append(
            {
                "type": "Feature",
                "id": incident.id,
                "geometry": _point(incident),
                "properties": {
                    "id": incident.id,
                    "title": incident.title,
                    "date": incident.date.isoformat() if incident.date else None,
                    "country": incident.country,
                    "location": incident.location,
                    "place_kind": incident.place_kind,
                    "kind": incident.kind,
                    "actors": list(incident.actors),
                    "articles": len(site.articles_of_incident(incident)),
                    "claims": len(site.claims_of_incident.get(incident.id, ())),
                    "key_figures": [
                        {"category": k.category, "group": k.group, "low": k.low, "best": k.best, "high": k.high}
                        for k in _figures(site, incident.id)
                    ],
                    "url": incident_url(incident.id),
                },
            }
        )
    return json_text.dumps({"type": "FeatureCollection", "features": features})


# --- feed.xml -------------------------------------------------------------------


def _xml_text(value: str | None) -> str:
    """Text safe for XML 1.0: ElementTree escapes markup, but cannot escape a control character."""
    return _NOT_XML.sub("", value or "")


def _atom_time(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _feed_uuid(name: str) -> str:
    """A ``urn:uuid:`` from a name: the same name gives the same id in every build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _entry_dates(site: Site, incident: Incident) -> tuple[dt.date, dt.date] | None:
    """(published, updated): the oldest and newest report, else the incident's date, else ``None``."""
    dates = sorted(a.published for a in site.articles_of_incident(incident) if a.published is not None)
    if dates:
        return dates[0], dates[-1]
    return (incident.date, incident.date) if incident.date else None


def _summary(site: Site, incident: Incident) -> str:
    """The key figures, one line each as on the page, then how many reports there are."""
    lines = [figure_summary(k) for k in _figures(site, incident.id)]
    reports = len(site.articles_of_incident(incident))
    lines.append(f"{reports} report" if reports == 1 else f"{reports} reports")
    return "\n".join(lines)


def atom_feed(
    briefing: Briefing,
    *,
    site_url: str | None,
    limit: int = 50,
    title: str = "Briefings",
    site: Site | None = None,
) -> str:
    """An Atom 1.0 feed (RFC 4287) of the ``limit`` most recently reported incidents, newest first.

    An entry is ``updated`` by its newest report, so a rising toll comes back to
    the top of a reader. Entry ids are uuid5 of the incident id, never of its title
    or address, so a reader does not show a retitled incident twice. Links are
    absolute under ``site_url`` (the feed is published at the site root as
    ``feed.xml``), or relative to the site root without one. The XML is built
    with ElementTree so untrusted titles and names are escaped, never markup.
    """
    if limit < 0:
        raise ValueError(f"atom_feed limit must be 0 or more, not {limit}")
    base = (site_url or "").rstrip("/")
    site = site or Site(briefing)
    dated = []
    for incident in briefing.incidents:
        dates = _entry_dates(site, incident)
        if dates is not None:
            dated.append((dates, incident))
    dated.sort(key=lambda item: (-item[0][1].toordinal(), item[1].id))
    dated = dated[:limit]

    # Plain tags under a literal xmlns: ElementTree's ``default_namespace`` refuses the
    # unqualified attributes (``rel``, ``href``) Atom uses, and a prefix would be noise.
    feed = ET.Element("feed", {"xmlns": ATOM})
    if base:
        # With the trailing slash: a base of ``https://host/sub`` would resolve against ``/``.
        feed.set(_XML_BASE, _xml_text(base + "/"))
    _sub(feed, "title", title)
    _sub(feed, "id", _feed_uuid("briefings:feed:" + base))
    _sub(feed, "updated", _atom_time(dated[0][0][1]) if dated else EPOCH)
    _sub(_sub(feed, "author"), "name", title)  # RFC 4287: required unless every entry names one
    _sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}/{FEED_PAGE}" if base else FEED_PAGE)
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{base}/" if base else "./")
    for (published, updated), incident in dated:
        entry = _sub(feed, "entry")
        _sub(entry, "title", incident.title)
        _sub(entry, "id", _feed_uuid("briefings:incident:" + incident.id))
        _sub(entry, "updated", _atom_time(updated))
        _sub(entry, "published", _atom_time(published))
        url = incident_url(incident.id)
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}/{url}" if base else url)
        _sub(entry, "summary", _summary(site, incident), type="text")
        # dict.fromkeys: drops repeats (an actor named like the country) and keeps the order.
        terms = (_xml_text(t).strip() for t in (incident.country, incident.kind, *incident.actors))
        for term in dict.fromkeys(t for t in terms if t):
            _sub(entry, "category", term=term)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def download_files(briefing: Briefing, *, site_url: str | None = None, site: Site | None = None) -> dict[str, bytes]:
    """Every download, by its path relative to ``docs/``: the export JSON, the claims
    table, the map layer and the feed."""
    site = site or Site(briefing)
    return {
        EXPORT_PAGE: export_json(briefing).encode("utf-8"),
        CLAIMS_CSV: claims_csv(briefing).encode("utf-8"),
        INCIDENTS_GEOJSON: incidents_geojson(briefing, site=site).encode("utf-8"),
        FEED_PAGE: atom_feed(briefing, site_url=site_url, site=site).encode("utf-8"),
    }
