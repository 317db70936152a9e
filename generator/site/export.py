"""The export JSON (schema 1): the stable contract between the pipeline and
everything else — pages, downloads, tests and scoring. The layout is the one
in ``shared/eval/GOLD.md``; keys and lists are sorted so that the same input
gives the same bytes.

Fields may be added, never changed or removed. Added since GOLD.md: per incident its
``key_figures`` (category, group, low, best, high, the latest report, whether sources
conflict, the figure's confidence) and its ``confidence`` (``null`` without a figure). A
confidence's ``sources`` are organisations and publishers; ``article:<id>`` is the outlet
of an article whose publisher is unknown (``incidents/confidence.py``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..incidents import incident_confidence
from ..models import Briefing, Claim, Confidence, KeyFigure
from . import json_text
from .wording import figure_order, figure_text

SCHEMA = 1


def export_data(briefing: Briefing) -> dict[str, Any]:
    """The export as plain data."""
    incidents_of: dict[str, list[str]] = {}
    for incident in briefing.incidents:
        for article in incident.articles:
            incidents_of.setdefault(article, []).append(incident.id)
    published = {a.id: a.published for a in briefing.articles}
    figures_of: dict[str, list[KeyFigure]] = defaultdict(list)
    for figure in sorted(briefing.key_figures, key=lambda f: (*figure_order(f), f.low or 0, f.high or 0)):
        figures_of[figure.incident].append(figure)
    return {
        "schema": SCHEMA,
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "published": a.published.isoformat() if a.published else None,
                "publisher": a.publisher,
                "url": a.url,
                "incidents": sorted(incidents_of.get(a.id, [])),
            }
            for a in sorted(briefing.articles, key=lambda a: a.id)
        ],
        "incidents": [
            {
                "id": i.id,
                "title": i.title,
                "date": i.date.isoformat() if i.date else None,
                "country": i.country,
                "location": i.location,
                "latitude": i.latitude,
                "longitude": i.longitude,
                "place_kind": i.place_kind,
                "kind": i.kind,
                "actors": list(i.actors),
                "aliases": list(i.aliases),
                "articles": list(i.articles),
                "key_figures": [_key_figure(f, published) for f in figures_of.get(i.id, [])],
                "confidence": _confidence(incident_confidence(figures_of.get(i.id, []))),
            }
            for i in sorted(briefing.incidents, key=lambda i: i.id)
        ],
        "claims": [
            {
                "article": c.article,
                "incident": c.incident,
                "category": c.category,
                "group": c.group,
                "value": c.value,
                "low": c.low,
                "high": c.high,
                "qualifier": c.qualifier,
                "claimant": c.claimant,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
            }
            for c in sorted(briefing.claims, key=lambda c: (c.article, c.start))
        ],
    }


def _key_figure(figure: KeyFigure, published: dict) -> dict[str, Any]:
    return {
        "category": figure.category,
        "group": figure.group,
        "low": figure.low,
        "best": figure.best,
        "high": figure.high,
        "latest": _report(figure.latest, published) if figure.latest else None,
        "conflict": figure.conflict,
        "confidence": _confidence(figure.confidence),
    }


def _report(claim: Claim, published: dict) -> dict[str, Any]:
    """The report a reader quotes today: which claim (article and offsets), what it says, when."""
    day = published.get(claim.article)
    return {
        "article": claim.article,
        "start": claim.start,
        "end": claim.end,
        "value": claim.value,
        "figure": figure_text(claim),
        "qualifier": claim.qualifier,
        "claimant": claim.claimant,
        "published": day.isoformat() if day else None,
    }


def _confidence(confidence: Confidence | None) -> dict[str, Any] | None:
    if confidence is None:
        return None
    return {
        "grade": confidence.grade,
        "sources": list(confidence.sources),
        "parties": list(confidence.parties),
        "disputed": list(confidence.disputed),
    }


def export_json(briefing: Briefing) -> str:
    """The export as JSON text, byte-stable for the same briefing, one record per line."""
    return json_text.dumps(export_data(briefing))
