"""The export JSON (schema 1): the stable contract between the pipeline and
everything else — pages, downloads, tests and scoring. The layout is the one
in ``shared/eval/GOLD.md``; keys and lists are sorted so that the same input
gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from ..models import Briefing
from . import json_text

SCHEMA = 1


def export_data(briefing: Briefing) -> dict[str, Any]:
    """The export as plain data."""
    incidents_of: dict[str, list[str]] = {}
    for incident in briefing.incidents:
        for article in incident.articles:
            incidents_of.setdefault(article, []).append(incident.id)
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


def export_json(briefing: Briefing) -> str:
    """The export as JSON text, byte-stable for the same briefing, one record per line."""
    return json_text.dumps(export_data(briefing))
