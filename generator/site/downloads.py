"""The site's downloadable files as text: the export JSON, the claims table and the key
figures table (CSV, opened by a spreadsheet as it opens Excel's own: UTF-8 with a byte-order
mark), the incidents map layer (GeoJSON, flat properties a GIS attribute table shows as
columns), the news feed (Atom, each entry saying what changed) and what the build covers.

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
import html
import io
import math
import re
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import quote

from ..editions import Changes, page_path_of_article, page_path_of_incident
from ..models import TOLL_CATEGORIES, Briefing, Claim, Incident, KeyFigure
from . import json_text
from .export import export_json
from .site_index import Site, sorted_totally
from .wording import GRADE_WORDS, counts_words, figure_summary, figure_text

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
    "figure",
    "value",
    "low",
    "high",
    "qualifier",
    "claimant",
    "quote",
    "claim_url",
    "source_url",
    "start",
    "end",
)
"""The columns of ``claims.csv``: ``figure`` is the number as the article wrote it ("nearly
a dozen"), ``claim_url`` the sentence it stands in on the site (``start``/``end``, its
offsets in the stored text, are for programs)."""
NUMERIC_COLUMNS = frozenset({"value", "low", "high", "start", "end"})
INCIDENT_COLUMNS = (
    "incident",
    "title",
    "date",
    "country",
    "location",
    "latitude",
    "longitude",
    "place_kind",
    "kind",
    "actors",
    "incident_confidence",
    "reports",
    "category",
    "group",
    "counts",
    "low",
    "best",
    "high",
    "conflict",
    "confidence",
    "sources",
    "parties",
    "latest_figure",
    "latest_claimant",
    "latest_published",
    "latest_url",
    "url",
)
"""The columns of ``incidents.csv``: one row per incident and key figure (an incident with no
figure has one row with the figure's columns empty)."""

# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ATOM = "http://www.w3.org/2005/Atom"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_PAGE = "feed.xml"
"""At the site's root, so that the relative links of its entries resolve against it."""
EXPORT_PAGE = "downloads/briefings.json"
CLAIMS_CSV = "downloads/claims.csv"
INCIDENTS_CSV = "downloads/incidents.csv"
INCIDENTS_GEOJSON = "downloads/incidents.geojson"
BUILD_JSON = "downloads/build.json"
"""What the build covers: its "as of" date (the newest article's), and how many articles,
incidents and claims; the theme prints the date on every page (``overrides/main.html``)."""
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


def _absolute(path: str, site_url: str | None) -> str:
    """A site path (``incidents/x/``) under ``site_url`` when it is set, else as it is."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def claim_url(claim: Claim) -> str:
    """The claim's sentence on its article's page, relative to the site root."""
    return quote(page_path_of_article(claim.article).removesuffix(".md") + "/") + f"#{claim.anchor}"


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


def claims_csv(briefing: Briefing, *, site_url: str | None = None) -> str:
    """Every claim as one CSV row under a header row, sorted by (article, start).

    The columns are :data:`CSV_COLUMNS`; each claim carries its incident's and its
    article's fields so the table stands alone in a spreadsheet. Text cells are
    neutralised against formula injection (see :func:`_csv_text`); the numeric
    columns (:data:`NUMERIC_COLUMNS`) stay plain integers so they still sort and sum.
    Rows end in CRLF, as Excel writes them; the file is written with a byte-order mark.
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
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for c in sorted_totally(briefing.claims, _row_key, Claim.order):
        title, date, country, location = incident_cells.get(c.incident, no_incident) if c.incident else no_incident
        article_title, published, publisher, url = article_cells.get(c.article, no_article)
        writer.writerow((
            _csv_text(c.incident), title, date, country, location,
            _csv_text(c.article), article_title, published, publisher,
            _csv_text(c.category), _csv_text(c.group), _csv_text(figure_text(c)),
            _csv_number(c.value), _csv_number(c.low), _csv_number(c.high),
            _csv_text(c.qualifier), _csv_text(c.claimant), _csv_text(c.quote),
            _absolute(claim_url(c), site_url), url, _csv_number(c.start), _csv_number(c.end),
        ))  # fmt: skip
    return out.getvalue()


def incidents_csv(briefing: Briefing, *, site_url: str | None = None, site: Site | None = None) -> str:
    """One row per incident and key figure (:data:`INCIDENT_COLUMNS`), newest incident first
    and its figures in page order (killed first), for a spreadsheet: each figure's range, best
    estimate, confidence and latest report, with links to the incident and to the sentence."""
    site = site or Site(briefing)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(INCIDENT_COLUMNS)
    for incident in site.incidents:
        confidence = site.confidence_of_incident.get(incident.id)
        cells = (
            _csv_text(incident.id), _csv_text(incident.title), _iso(incident.date), _csv_text(incident.country),
            _csv_text(incident.location), _csv_degrees(incident.latitude), _csv_degrees(incident.longitude),
            _csv_text(incident.place_kind), _csv_text(incident.kind), _csv_text("; ".join(incident.actors)),
            confidence.grade if confidence else "", str(len(site.articles_of_incident(incident))),
        )  # fmt: skip
        url = _absolute(incident_url(incident.id), site_url)
        figures = _figures(site, incident.id)
        if not figures:
            writer.writerow((*cells, *("",) * (len(INCIDENT_COLUMNS) - len(cells) - 1), url))
        for figure in figures:
            latest = figure.latest
            published = site.article[latest.article].published if latest and latest.article in site.article else None
            grade = figure.confidence
            writer.writerow((
                *cells, figure.category, figure.group, counts_words(figure.category, figure.group),
                _csv_number(figure.low), _csv_number(figure.best), _csv_number(figure.high),
                "yes" if figure.conflict else "no", grade.grade if grade else "",
                _csv_text("; ".join(grade.sources)) if grade else "", _csv_text("; ".join(grade.parties)) if grade else "",
                _csv_text(figure_text(latest)) if latest else "", _csv_text(latest.claimant) if latest else "",
                _iso(published), _absolute(claim_url(latest), site_url) if latest else "", url,
            ))  # fmt: skip
    return out.getvalue()


def _csv_degrees(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:.4f}"


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


def incidents_geojson(briefing: Briefing, *, site: Site | None = None, site_url: str | None = None) -> str:
    """Every incident as a GeoJSON Feature (RFC 7946), sorted by id, for a GIS or web map.

    Properties are flat, as a GIS attribute table shows them: plain values, the actors
    joined by ``; ``, the tolls (killed, injured, missing, abducted) as numbers a map can
    size its symbols by (see ``wording.total``), the key figures in one line of words, and
    the page's address (absolute under ``site_url``). An incident the gazetteer cannot place
    keeps its Feature with a ``null`` geometry, so the download still lists every incident."""
    site = site or Site(briefing)
    features = []
    for incident in sorted(briefing.incidents, key=lambda i: i.id):
        confidence = site.confidence_of_incident.get(incident.id)
        tolls = {category: site.total_of(incident, category) for category in TOLL_CATEGORIES}
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
                    "actors": "; ".join(incident.actors),
                    "articles": len(site.articles_of_incident(incident)),
                    "claims": len(site.claims_of_incident.get(incident.id, ())),
                    **tolls,
                    "confidence": confidence.grade if confidence else None,
                    "figures": "; ".join(figure_summary(k) for k in _figures(site, incident.id)),
                    "url": _absolute(incident_url(incident.id), site_url),
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


def what_changed(changes: Changes | None, incident_id: str) -> list[str]:
    """What this build changed about an incident, in words: new, revised figures, new reports."""
    if changes is None:
        return []
    if changes.first_build or incident_id in changes.new_incidents:
        return ["New incident."]
    from .filters import revision_text  # the wording of the home page's list, here per incident

    said = [f"Revised: {revision_text(r)}." for r in changes.revisions if r.incident == incident_id]
    said += [f"{n} new report{'s' if n > 1 else ''}." for i, n in changes.new_reports if i == incident_id]
    return said


def _summary(site: Site, incident: Incident, changes: Changes | None = None) -> str:
    """The entry's text as HTML (a feed reader shows paragraphs and a list, where plain text
    runs into one line): what changed, when and where, the summary, the key figures, the
    reports and the grade. Every value is escaped."""
    e = html.escape
    changed = what_changed(changes, incident.id)
    where = ", ".join(p for p in dict.fromkeys((incident.location, incident.country)) if p) or "place unknown"
    parts = [f"<p><strong>What changed:</strong> {e(' '.join(changed))}</p>"] if changed else []
    parts.append(f"<p>{e(incident.date.isoformat() if incident.date else 'Undated')} · {e(where)}</p>")
    parts.append(f"<p>{e(site.summary_of(incident))}</p>")
    figures = [figure_summary(k) for k in _figures(site, incident.id)]
    if figures:
        parts.append("<ul>" + "".join(f"<li>{e(f)}</li>" for f in figures) + "</ul>")
    reports = len(site.articles_of_incident(incident))
    confidence = site.confidence_of_incident.get(incident.id)
    grade = f" · Confidence: {GRADE_WORDS.get(confidence.grade, confidence.grade)}" if confidence else ""
    parts.append(f"<p>{reports} report{'' if reports == 1 else 's'}{e(grade)}</p>")
    return "\n".join(parts)


def atom_feed(
    briefing: Briefing,
    *,
    site_url: str | None,
    limit: int = 50,
    title: str = "Briefings",
    site: Site | None = None,
    changes: Changes | None = None,
) -> str:
    """An Atom 1.0 feed (RFC 4287) of the ``limit`` most recently reported incidents, newest first.

    Each entry's summary (HTML) says first what this build changed about the incident
    (``changes``: new, revised figures, new reports), then the incident in a paragraph.

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
        _sub(entry, "summary", _summary(site, incident, changes), type="html")
        # dict.fromkeys: drops repeats (an actor named like the country) and keeps the order.
        terms = (_xml_text(t).strip() for t in (incident.country, incident.kind, *incident.actors))
        for term in dict.fromkeys(t for t in terms if t):
            _sub(entry, "category", term=term)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def build_json(site: Site) -> str:
    """What the build covers: the day it speaks for (its newest article's) and its counts."""
    return json_text.dumps(
        {
            "as_of": site.as_of.isoformat() if site.as_of else None,
            "articles": len(site.articles),
            "incidents": len(site.incidents),
            "claims": len(site.briefing.claims),
        }
    )


def download_files(
    briefing: Briefing, *, site_url: str | None = None, site: Site | None = None, changes: Changes | None = None
) -> dict[str, bytes]:
    """Every download, by its path relative to ``docs/``: the export JSON, the two tables
    (with a byte-order mark, so that Excel reads them as UTF-8), the map layer, the feed
    and what the build covers."""
    site = site or Site(briefing)
    return {
        EXPORT_PAGE: export_json(briefing).encode("utf-8"),
        CLAIMS_CSV: claims_csv(briefing, site_url=site_url).encode("utf-8-sig"),
        INCIDENTS_CSV: incidents_csv(briefing, site_url=site_url, site=site).encode("utf-8-sig"),
        INCIDENTS_GEOJSON: incidents_geojson(briefing, site=site, site_url=site_url).encode("utf-8"),
        FEED_PAGE: atom_feed(briefing, site_url=site_url, site=site, changes=changes).encode("utf-8"),
        BUILD_JSON: build_json(site).encode("utf-8"),
    }
